"""A body's stored label (Body.label): written on save and by the import, following its regions."""

import importlib

import pytest
from django.apps import apps as live_apps

from bodies.labels import unit_label
from bodies.models import Body, Village
from bodies.services import bodies_derive_for_regency
from bodies.tests.factories import BodyFactory, DistrictFactory, VillageFactory

pytestmark = pytest.mark.django_db


def stored(body: Body) -> str:
    return Body.objects.values_list("label", flat=True).get(pk=body.pk)


def test_a_saved_body_stores_the_label_the_documents_use():
    village = VillageFactory(name="Mangun Jayo", district__name="Tebo Tengah")
    pps = BodyFactory(kind=Body.Kind.PPS, village=village, district=village.district)
    ppk = BodyFactory(kind=Body.Kind.PPK, district=village.district, name="PPK Tebo Tengah")

    assert stored(pps) == "PPS Desa Mangun Jayo, Kec. Tebo Tengah" == unit_label(pps)
    assert stored(ppk) == "PPK Kec. Tebo Tengah" == unit_label(ppk)


def test_a_renamed_body_saved_with_its_name_only_renames_its_label():
    kpu = BodyFactory(kind=Body.Kind.KPU_KABKOTA, name="KPU Kabupaten Lama")
    kpu.name = "KPU Kabupaten Baru"
    kpu.save(update_fields=["name"])
    assert stored(kpu) == "KPU Kabupaten Baru"


def test_a_desa_renamed_in_the_admin_renames_its_pps_label():
    village = VillageFactory(name="Lama")
    pps = BodyFactory(kind=Body.Kind.PPS, village=village, district=village.district)
    village.name = "Baru"
    village.kind = Village.Kind.KELURAHAN
    village.save()
    assert stored(pps) == f"PPS Kelurahan Baru, Kec. {village.district.name}"


def test_a_kecamatan_renamed_in_the_admin_renames_its_bodies_labels():
    district = DistrictFactory(name="Lama")
    village = VillageFactory(district=district, name="Desa Satu")
    pps = BodyFactory(kind=Body.Kind.PPS, village=village, district=district)
    ppk = BodyFactory(kind=Body.Kind.PPK, district=district)
    district.name = "Baru"
    district.save()
    assert stored(pps).endswith(", Kec. Baru") and stored(ppk) == "PPK Kec. Baru"


def test_the_import_stores_every_label_as_a_save_would(tebo_regency):
    bodies = Body.objects.filter(regency=tebo_regency).select_related("village", "district")
    assert bodies.count() == 1 + 12 + 129
    assert all(body.label == unit_label(body) for body in bodies)


def test_a_desa_renamed_by_the_import_renames_its_pps_label(tebo_regency):
    village = Village.objects.get(code="15.09.01.2003")
    Village.objects.filter(pk=village.pk).update(name="Nama Baru")  # as the import writes

    bodies_derive_for_regency(regency=tebo_regency)

    assert Body.objects.get(village=village).label == "PPS Desa Nama Baru, Kec. Tebo Tengah"


def test_the_migration_fills_the_labels_of_existing_bodies(tebo_regency):
    Body.objects.update(label="")
    migration = importlib.import_module("bodies.migrations.0012_body_label")
    migration.fill_labels(live_apps, None)
    bodies = Body.objects.filter(regency=tebo_regency).select_related("village", "district")
    assert all(body.label == unit_label(body) for body in bodies)
