"""demo_admin makes the demo's login, and never takes over a real database's `admin`."""

import os
import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def var(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    return tmp_path / "var" / "demo-admin-password"


def demo_admin(*args) -> str:
    out = StringIO()
    call_command("demo_admin", *args, stdout=out)
    return out.getvalue()


def test_on_a_fresh_database_it_creates_the_admin_and_prints_a_password_that_works(var):
    output = demo_admin()
    password = var.read_text().strip()
    assert f"password: {password}" in output
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)


def test_a_second_run_prints_the_same_login_without_resetting_it(var):
    demo_admin()
    first = get_user_model().objects.get(username="admin").password
    demo_admin()
    assert get_user_model().objects.get(username="admin").password == first


def test_the_password_file_is_readable_by_its_owner_only_whatever_the_umask(var):
    old = os.umask(0)
    try:
        demo_admin()
    finally:
        os.umask(old)
    assert stat.S_IMODE(var.stat().st_mode) == 0o600
    assert list(var.parent.iterdir()) == [var]  # no temporary file left behind


def test_it_refuses_to_reset_the_admin_of_a_database_that_is_not_the_demos(var):
    real = get_user_model().objects.create_superuser(
        "admin", "it@kpu-tebo.example", "kata-sandi-asli"
    )
    with pytest.raises(CommandError, match="not the demo database"):
        demo_admin()
    real.refresh_from_db()
    assert real.check_password("kata-sandi-asli")
    assert not var.exists()


def test_it_refuses_to_add_an_admin_to_a_database_with_other_accounts(var):
    get_user_model().objects.create_user("operator-tebo", password="x")
    with pytest.raises(CommandError):
        demo_admin()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_force_resets_it_anyway(var):
    real = get_user_model().objects.create_superuser(
        "admin", "it@kpu-tebo.example", "kata-sandi-asli"
    )
    demo_admin("--force")
    real.refresh_from_db()
    assert real.check_password(var.read_text().strip())


def test_in_the_demo_database_a_lost_password_file_is_made_again(var):
    demo_admin()
    var.unlink()
    demo_admin()
    assert get_user_model().objects.get(username="admin").check_password(var.read_text().strip())


def test_it_says_the_first_sign_in_asks_for_an_authenticator_app_while_two_step_is_required(
    var, settings
):
    settings.BIMTEK_REQUIRE_2FA = True
    assert "BIMTEK_REQUIRE_2FA=false" in demo_admin()
    settings.BIMTEK_REQUIRE_2FA = False
    assert "authenticator" not in demo_admin()
