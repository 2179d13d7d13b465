"""django-otp's admin pages in Indonesian, with no account's secrets on them."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


@pytest.fixture
def devices(django_user_model):
    someone = django_user_model.objects.create_user("operator", password="x", is_staff=True)
    totp = TOTPDevice.objects.create(user=someone, name="Aplikasi", confirmed=True)
    backup = StaticDevice.objects.create(user=someone, name="Kode cadangan", confirmed=True)
    StaticToken.objects.create(device=backup, token="rahasia1")
    return totp, backup


def test_the_device_list_and_page_speak_indonesian(admin_client, devices):
    totp, _backup = devices
    listing = admin_client.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
    assert "aplikasi autentikator (TOTP)" in listing and "TOTP devices" not in listing
    assert "Cari menurut nama pengguna" in listing
    page = admin_client.get(
        reverse("admin:otp_totp_totpdevice_change", args=[totp.pk])
    ).content.decode()
    assert "Identitas" in page and "Pembatasan percobaan" in page
    assert "Apakah perangkat ini siap dipakai?" in page
    assert ">Identity<" not in page and "Is this device ready for use?" not in page


def test_no_page_shows_another_accounts_secret(admin_client, devices):
    totp, backup = devices
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[totp.pk]))
    assert totp.key not in page.content.decode()
    assert "qrcode" not in page.content.decode()
    config = reverse("admin:otp_totp_totpdevice_config", args=[totp.pk])
    assert admin_client.get(config).status_code == 403
    # An address made up, too: refused, not a 500 from django-otp's lookup.
    assert (
        admin_client.get(reverse("admin:otp_totp_totpdevice_config", args=[999])).status_code == 403
    )
    codes = admin_client.get(reverse("admin:otp_static_staticdevice_change", args=[backup.pk]))
    assert "rahasia1" not in codes.content.decode()
