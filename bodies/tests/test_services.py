import pytest
from django.db import connection

from bimtek_portal.testing.racing import race
from bodies.data import SHIPPED_WILAYAH
from bodies.models import Body, Division, Member, Regency, Village
from bodies.services import (
    MemberRuleError,
    RegionImportError,
    bodies_derive_for_regency,
    display_name,
    member_add,
    regency_kind,
    regions_import,
)
from bodies.tests.factories import BodyFactory, DistrictFactory, MemberFactory, VillageFactory
from bodies.tests.wilayah_samples import write_wilayah

pytestmark = pytest.mark.django_db


# --- Deriving bodies ----------------------------------------------------------------


def test_tebo_gets_one_kpu_twelve_ppk_and_a_pps_per_desa_and_kelurahan(tebo_regency):
    bodies = Body.objects.filter(regency=tebo_regency)

    assert bodies.filter(kind=Body.Kind.KPU_KABKOTA).count() == 1
    assert bodies.filter(kind=Body.Kind.PPK).count() == 12
    pps = bodies.filter(kind=Body.Kind.PPS)
    assert pps.count() == 129
    assert pps.filter(village__kind=Village.Kind.DESA).count() == 122
    assert pps.filter(village__kind=Village.Kind.KELURAHAN).count() == 7


def test_the_tebo_bodies_are_named_and_coded_as_kpu_writes_them(tebo_regency, kpu_tebo):
    assert kpu_tebo.name == "KPU Kabupaten Tebo"
    assert kpu_tebo.satker_code == "1509"
    assert kpu_tebo.province == tebo_regency.province
    ppk = Body.objects.get(kind=Body.Kind.PPK, district__code="15.09.01")
    assert (ppk.name, ppk.satker_code) == ("PPK Tebo Tengah", "150901")
    assert ppk.regency == tebo_regency and ppk.province == tebo_regency.province
    pps = Body.objects.select_related("village").filter(kind=Body.Kind.PPS).first()
    assert pps.name == f"PPS {pps.village.name}"
    assert len(pps.satker_code) == 10
    assert pps.district == pps.village.district and pps.regency == tebo_regency
    assert Body.objects.get(kind=Body.Kind.KPU_PROVINSI).name == "KPU Provinsi Jambi"
    assert Body.objects.filter(kind=Body.Kind.KPU_RI).count() == 1


def test_deriving_again_changes_nothing(tebo_regency):
    before = sorted(Body.objects.values_list("pk", "name", "satker_code", "village_id"))

    summary = bodies_derive_for_regency(regency=tebo_regency)

    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == 1 + 1 + 12 + 129  # KPU Provinsi, KPU Kab, PPK, PPS
    assert sorted(Body.objects.values_list("pk", "name", "satker_code", "village_id")) == before


def test_a_new_kecamatan_gets_its_ppk_and_pps(tebo_regency):
    district = DistrictFactory(regency=tebo_regency, code="15.09.13", name="Tebo Baru")
    VillageFactory(district=district, code="15.09.13.2001", name="Sungai Baru")
    VillageFactory(district=district, code="15.09.13.1001", kelurahan=True, name="Pasar Baru")

    summary = bodies_derive_for_regency(regency=tebo_regency)

    assert summary.created == 3
    assert Body.objects.get(district=district, kind=Body.Kind.PPK).name == "PPK Tebo Baru"
    assert Body.objects.filter(regency=tebo_regency, kind=Body.Kind.PPK).count() == 13
    assert Body.objects.filter(regency=tebo_regency, kind=Body.Kind.PPS).count() == 131


def test_a_renamed_village_renames_its_pps(tebo_regency):
    village = Village.objects.get(code="15.09.01.2003")
    Village.objects.filter(pk=village.pk).update(name="Nama Baru")

    summary = bodies_derive_for_regency(regency=tebo_regency)

    assert summary.updated == 1
    assert Body.objects.get(village=village).name == "PPS Nama Baru"


def test_a_kota_gets_a_kpu_kota():
    regions_import(directory=SHIPPED_WILAYAH["2025"], prefix="15.71")

    kpu = Body.objects.get(kind=Body.Kind.KPU_KABKOTA)
    assert (kpu.name, kpu.satker_code) == ("KPU Kota Jambi", "1571")
    assert kpu.regency.kind == Regency.Kind.KOTA


def test_the_2022_edition_names_in_capitals_read_normally():
    regions_import(directory=SHIPPED_WILAYAH["2022"], edition="2022", prefix="15.09")

    assert Body.objects.get(kind=Body.Kind.KPU_KABKOTA).name == "KPU Kabupaten Tebo"
    assert Body.objects.get(kind=Body.Kind.KPU_PROVINSI).name == "KPU Provinsi Jambi"


@pytest.mark.parametrize(
    "name, shown",
    [
        ("JAMBI", "Jambi"),
        ("DKI JAKARTA", "DKI Jakarta"),
        ("Tebo", "Tebo"),
        ("VII Koto", "VII Koto"),
    ],
)
def test_display_name_only_changes_names_in_capitals(name, shown):
    assert display_name(name) == shown


@pytest.mark.parametrize("code, kind", [("15.09", "kabupaten"), ("15.69", "kabupaten"),
                                        ("15.71", "kota"), ("31.99", "kota")])  # fmt: skip
def test_the_regency_kind_follows_its_code(code, kind):
    assert regency_kind(code) == kind


# --- Import errors through the service --------------------------------------------


def test_an_unknown_edition_is_refused(tmp_path):
    with pytest.raises(RegionImportError, match="2019"):
        regions_import(directory=write_wilayah(tmp_path), edition="2019")


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(RegionImportError, match="nowhere"):
        regions_import(directory=tmp_path / "nowhere")


def test_a_corrupt_gzip_file_is_refused(tmp_path):
    directory = write_wilayah(tmp_path, gz=True)
    (directory / "villages.csv.gz").write_bytes(b"\x1f\x8b not really gzip")

    with pytest.raises(RegionImportError, match="villages.csv.gz"):
        regions_import(directory=directory)
    assert not Village.objects.exists()


def test_a_name_longer_than_the_column_is_refused(tmp_path):
    provinces = "code,name\n15," + "J" * 121 + "\n"

    with pytest.raises(RegionImportError, match=r"provinces\.csv\D+2\b"):
        regions_import(directory=write_wilayah(tmp_path, provinces=provinces))


# --- Members ------------------------------------------------------------------------


def test_member_add_adds_a_commissioner_with_a_division():
    division = Division.objects.get(short_name="Sosdiklih, Parmas dan SDM")
    ppk = BodyFactory(ppk=True)

    member = member_add(body=ppk, name="  Supriadi  ", role=Member.Role.ANGGOTA, division=division)

    member.refresh_from_db()
    assert (member.name, member.body, member.division) == ("Supriadi", ppk, division)
    assert member.is_active


@pytest.mark.parametrize("trait, limit", [("pps", 3), ("ppk", 5), ("kpu_kab", 5)])
def test_it_refuses_a_commissioner_beyond_the_legal_size(trait, limit):
    body = BodyFactory(**({trait: True} if trait != "kpu_kab" else {}))
    for number in range(limit):
        member_add(body=body, name=f"Anggota {number}", role=Member.Role.ANGGOTA)

    with pytest.raises(MemberRuleError, match=str(limit)):
        member_add(body=body, name="Satu Lagi", role=Member.Role.ANGGOTA)
    assert body.members.count() == limit


def test_secretariat_staff_do_not_count_against_the_limit():
    pps = BodyFactory(pps=True)
    for number in range(3):
        member_add(body=pps, name=f"Anggota {number}", role=Member.Role.ANGGOTA)

    member_add(body=pps, name="Sekretaris", role=Member.Role.SEKRETARIS)
    member_add(body=pps, name="Staf", role=Member.Role.STAF)

    assert pps.members.count() == 5


def test_inactive_members_do_not_count_against_the_limit():
    pps = BodyFactory(pps=True)
    MemberFactory.create_batch(3, body=pps, is_active=False)

    member_add(body=pps, name="Anggota Baru", role=Member.Role.ANGGOTA)

    assert pps.members.filter(is_active=True).count() == 1


def test_it_refuses_a_second_active_chair():
    body = BodyFactory()
    member_add(body=body, name="Ketua", role=Member.Role.KETUA)

    with pytest.raises(MemberRuleError):
        member_add(body=body, name="Ketua Lain", role=Member.Role.KETUA)
    assert body.members.count() == 1


@pytest.mark.parametrize("name, role", [("   ", Member.Role.ANGGOTA), ("Nama", "bendahara")])
def test_member_add_refuses_an_empty_name_or_unknown_role(name, role):
    body = BodyFactory()

    with pytest.raises(MemberRuleError):
        member_add(body=body, name=name, role=role)
    assert not body.members.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_adds_for_the_last_seat_let_exactly_one_in():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    pps = BodyFactory(pps=True)
    for number in range(2):
        member_add(body=pps, name=f"Anggota {number}", role=Member.Role.ANGGOTA)

    result = race(2, lambda i: member_add(body=pps, name=f"Calon {i}", role=Member.Role.ANGGOTA))

    assert len(result.returned(Member)) == 1, result
    assert len(result.raised(MemberRuleError)) == 1, result
    assert pps.members.filter(is_active=True).count() == 3


def test_a_body_whose_satker_code_staff_changed_is_still_found_by_its_region(tebo_regency):
    ppk = Body.objects.get(kind=Body.Kind.PPK, district__code="15.09.01")
    Body.objects.filter(pk=ppk.pk).update(satker_code="")

    summary = bodies_derive_for_regency(regency=tebo_regency)

    assert (summary.created, summary.updated) == (0, 1)
    ppk.refresh_from_db()
    assert ppk.satker_code == "150901"
    assert Body.objects.filter(kind=Body.Kind.PPK, regency=tebo_regency).count() == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_derivations_at_once_create_each_body_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    regions_import(directory=SHIPPED_WILAYAH["2025"], prefix="15.09", derive_bodies=False)
    regency = Regency.objects.get(code="15.09")

    result = race(2, lambda i: bodies_derive_for_regency(regency=regency))

    assert result.raised() == []
    assert Body.objects.filter(regency=regency).count() == 1 + 12 + 129
