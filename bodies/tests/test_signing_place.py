"""Where an office signs its documents: its regency's capital, from shipped data."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from bodies.data.capitals import regency_capital
from bodies.models import Body
from bodies.services import bodies_derive_for_regency
from reports.documents.base import office_place

pytestmark = pytest.mark.django_db


def test_a_kabupaten_signs_in_its_capital_and_a_kota_in_itself():
    assert regency_capital(code="15.09", short_name="Tebo") == "Muara Tebo"
    assert regency_capital(code="15.71", short_name="Jambi") == "Jambi"
    assert regency_capital(code="15.72", short_name="SUNGAI PENUH") == "Sungai Penuh"
    assert regency_capital(code="99.01", short_name="Nowhere") == ""  # not listed: no guess


def test_the_derived_kpu_tebo_signs_in_muara_tebo(kpu_tebo):
    assert kpu_tebo.signing_place == "Muara Tebo"
    assert office_place(kpu_tebo) == "Muara Tebo"


def test_deriving_again_keeps_what_staff_wrote(kpu_tebo, tebo_regency):
    kpu_tebo.signing_place = "Rimbo Bujang"
    kpu_tebo.save(update_fields=["signing_place"])
    bodies_derive_for_regency(regency=tebo_regency)
    kpu_tebo.refresh_from_db()
    assert kpu_tebo.signing_place == "Rimbo Bujang"
    assert office_place(kpu_tebo) == "Rimbo Bujang"


def test_an_office_without_a_place_signs_in_its_regions_name(kpu_tebo):
    kpu_tebo.signing_place = ""
    assert office_place(kpu_tebo) == "Tebo"


def test_the_migration_fills_the_offices_that_exist(kpu_tebo):
    Body.objects.filter(pk=kpu_tebo.pk).update(signing_place="")
    migration = importlib.import_module("bodies.migrations.0010_body_signing_place")
    migration.fill_signing_places(django_apps, None)
    kpu_tebo.refresh_from_db()
    assert kpu_tebo.signing_place == "Muara Tebo"


def test_staff_edit_the_place_on_the_offices_admin_page(admin_client, kpu_tebo):
    url = reverse("admin:bodies_body_change", args=[kpu_tebo.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="signing_place"' in html and 'value="Muara Tebo"' in html
