"""The admin's index names every section in Indonesian, third-party apps included."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_lockout_and_second_factor_sections_have_indonesian_names(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Percobaan masuk dan penguncian akun" in html
    assert "Faktor kedua: aplikasi autentikator" in html
    assert "Faktor kedua: kode cadangan" in html
    for raw in (">Axes<", ">Otp_Totp<", ">Otp_Static<", ">OTP_TOTP<", ">AXES<"):
        assert raw not in html
