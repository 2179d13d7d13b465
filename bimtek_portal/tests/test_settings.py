"""The settings come from the environment and pass Django's deployment check."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from bimtek_portal import settings as project_settings

pytestmark = pytest.mark.django_db(databases=[])


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def deploy_check(tmp_path, *, site_url: str) -> subprocess.CompletedProcess:
    """check --deploy, failing on a warning, with debug off and real secrets."""
    return run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="bimtek.kpu-tebo.example",
        BIMTEK_SITE_URL=site_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )


def test_deploy_check_reports_no_warning_with_real_secrets(tmp_path):
    result = deploy_check(tmp_path, site_url="https://bimtek.kpu-tebo.example")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("", "ERRORS:\n?.*bimtek.E001.*BIMTEK_SITE_URL is not set"),
        ("http://bimtek.kpu-tebo.example", "bimtek.W001.*not an https:// address"),
    ],
)
def test_deploy_check_wants_the_portal_address_for_links_when_debug_is_off(
    tmp_path, site_url, expected
):
    result = deploy_check(tmp_path, site_url=site_url)
    assert result.returncode != 0
    assert re.search(expected, result.stderr, re.S), result.stderr


def test_the_demo_links_default_to_the_development_server_port():
    result = run_manage(
        "shell",
        "-c",
        "from events.site import absolute_url; print(absolute_url('/x/'))",
        DJANGO_DEBUG="true",
        PORT="8111",
        BIMTEK_SITE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8111/x/"


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_mode_runs_with_a_development_key():
    result = run_manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_the_sqlite_default_serialises_writers_and_waits_for_the_lock():
    options = project_settings.SQLITE_OPTIONS
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_an_empty_database_url_means_the_sqlite_default():
    result = run_manage(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DJANGO_DEBUG="true",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "sqlite"


def test_database_url_selects_postgresql(monkeypatch):
    import dj_database_url

    parsed = dj_database_url.parse("postgres://bimtek:secret@db.example:5432/bimtek")
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert parsed["NAME"] == "bimtek"


def test_language_and_time_zone_are_indonesian():
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _name in settings.LANGUAGES] == ["id", "en"]
    assert settings.TIME_ZONE == "Asia/Jakarta"


def test_env_example_lists_every_setting_read_from_the_environment():
    example = (settings.BASE_DIR / ".env.example").read_text()
    source = (settings.BASE_DIR / "bimtek_portal" / "settings.py").read_text()
    names = set(re.findall(r"""env(?:_bool|_list|_int|_float)?\(\s*"([A-Z_]+)\"""", source))
    names |= set(re.findall(r"""os\.environ\.get\(\s*"([A-Z_]+)\"""", source))
    missing = sorted(n for n in names if f"{n}=" not in example)
    assert not missing, f"not in .env.example: {missing}"


def test_a_renamed_setting_still_in_the_environment_is_named_with_its_new_name(monkeypatch):
    from bimtek_portal.checks import renamed_settings_check

    monkeypatch.delenv("BIMTEK_KEPT_SECONDS", raising=False)
    monkeypatch.setenv("BIMTEK_SEAT_CACHE_SECONDS", "10")
    [warning] = renamed_settings_check(None)
    assert warning.id == "bimtek.W002" and "BIMTEK_KEPT_SECONDS" in warning.msg

    monkeypatch.delenv("BIMTEK_SEAT_CACHE_SECONDS")
    assert renamed_settings_check(None) == []
