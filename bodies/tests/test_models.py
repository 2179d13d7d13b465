import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from bodies.models import Body, Member, Regency
from bodies.tests.factories import (
    BodyFactory,
    DistrictFactory,
    MemberFactory,
    ProvinceFactory,
    RegencyFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


def test_satker_code_is_the_code_without_dots():
    village = VillageFactory(district__code="15.09.01", code="15.09.01.2001")

    assert village.satker_code == "1509012001"
    assert village.district.satker_code == "150901"


@pytest.mark.parametrize(
    "name, short",
    [("Kabupaten Tebo", "Tebo"), ("Kota Jambi", "Jambi"), ("KAB. TEBO", "TEBO"),
     ("KOTA JAMBI", "JAMBI"), ("Tebo", "Tebo")],
)  # fmt: skip
def test_short_name_drops_the_kind(name, short):
    assert Regency(name=name).short_name == short


def test_a_code_is_unique_within_an_edition_only():
    RegencyFactory(province=ProvinceFactory(code="15", edition="2022"), code="15.09")
    province = ProvinceFactory(code="15", edition="2025")
    RegencyFactory(province=province, code="15.09")

    with pytest.raises(IntegrityError):
        RegencyFactory(province=province, code="15.09")


def test_a_regency_has_one_kpu():
    kpu = BodyFactory()

    with pytest.raises(IntegrityError):
        Body.objects.create(kind=Body.Kind.KPU_KABKOTA, name="Kedua", regency=kpu.regency)


def test_a_district_has_one_ppk():
    ppk = BodyFactory(ppk=True)

    with pytest.raises(IntegrityError):
        Body.objects.create(kind=Body.Kind.PPK, name="Kedua", district=ppk.district)


def test_there_is_one_kpu_ri():
    BodyFactory(kpu_ri=True)

    with pytest.raises(IntegrityError):
        Body.objects.create(kind=Body.Kind.KPU_RI, name="KPU RI lagi")


def test_a_body_needs_the_region_of_its_own_level():
    with pytest.raises(IntegrityError):
        Body.objects.create(kind=Body.Kind.PPS, name="PPS tanpa desa", district=DistrictFactory())


def test_a_body_has_one_active_chair_but_former_chairs_stay():
    body = BodyFactory()
    MemberFactory(body=body, ketua=True, is_active=False)
    MemberFactory(body=body, ketua=True)

    with pytest.raises(IntegrityError):
        Member.objects.create(body=body, name="Ketua Kedua", role=Member.Role.KETUA)


def test_the_region_of_a_body_is_its_own_level():
    pps = BodyFactory(pps=True)

    assert pps.region == pps.village
    assert pps.regency == pps.village.district.regency
    assert BodyFactory(kpu_ri=True).region is None


def test_validation_explains_a_body_without_the_region_of_its_level():
    body = Body(kind=Body.Kind.PPS, name="PPS tanpa desa", district=DistrictFactory())

    with pytest.raises(ValidationError) as error:
        body.full_clean()

    assert "desa/kelurahan" in str(error.value)
    assert "body_has_region_of_its_level" not in str(error.value)


def test_validation_explains_a_second_ppk_for_a_kecamatan():
    ppk = BodyFactory(ppk=True)
    second = Body(kind=Body.Kind.PPK, name="PPK Kedua", district=ppk.district)

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert "body_one_ppk_per_district" not in str(error.value)
    assert "PPK" in str(error.value)
