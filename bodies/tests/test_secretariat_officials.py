"""The secretariat officials who sign an office's SPJ."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from bodies.models import Body, SecretariatOfficial
from bodies.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def test_an_office_has_one_active_official_per_role():
    office = BodyFactory()
    SecretariatOfficial.objects.create(office=office, role="ppk", name="Pejabat Satu")
    SecretariatOfficial.objects.create(office=office, role="ppk", name="Lama", is_active=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        SecretariatOfficial.objects.create(office=office, role="ppk", name="Pejabat Dua")


@pytest.mark.parametrize("nip", ["1982031120090110", "19820311 200901 1 004", "abc"])
def test_a_nip_is_eighteen_digits(nip):
    official = SecretariatOfficial(office=BodyFactory(), role="bendahara", name="B", nip=nip)
    with pytest.raises(ValidationError, match="18 angka"):
        official.full_clean()


def test_the_office_page_of_a_kpu_has_the_officials_and_a_pps_page_does_not(admin_client):
    kpu = BodyFactory()
    pps = Body.objects.filter(kind=Body.Kind.PPS).first() or BodyFactory(pps=True)
    kpu_page = admin_client.get(reverse("admin:bodies_body_change", args=[kpu.pk]))
    pps_page = admin_client.get(reverse("admin:bodies_body_change", args=[pps.pk]))
    assert "secretariat_officials-TOTAL_FORMS" in kpu_page.content.decode()
    assert "Pejabat Pembuat Komitmen" in kpu_page.content.decode()
    assert "secretariat_officials-TOTAL_FORMS" not in pps_page.content.decode()
