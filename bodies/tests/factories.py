"""Factories for regions, bodies, members and divisions.

Codes follow the Kemendagri pattern and each factory derives its code from its
parent's, so `VillageFactory()` builds a consistent chain. The numbers are taken
from ranges no real region uses in either shipped edition (province codes that
do not exist, kabupaten 40-69, kota 80-99, kecamatan 60-99, desa 25xx-29xx,
kelurahan 15xx-19xx), so factory regions never collide with an imported Tebo.
"""

import factory
from factory.django import DjangoModelFactory

from bodies.models import Body, District, Division, Member, Province, Regency, Village

# Two-digit codes no province has in the 2022 or 2025 edition (98 is left to events' tests).
UNUSED_PROVINCE_CODES = [
    f"{code:02d}"
    for code in range(20, 98)
    if code not in {21, *range(31, 37), *range(51, 54), *range(61, 66), *range(71, 77), 81, 82,
                    *range(91, 97)}
]  # fmt: skip


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code", "edition")

    code = factory.Sequence(lambda n: UNUSED_PROVINCE_CODES[n % len(UNUSED_PROVINCE_CODES)])
    name = factory.Sequence(lambda n: f"Provinsi Uji {n}")
    edition = "2025"


class RegencyFactory(DjangoModelFactory):
    class Meta:
        model = Regency

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}.{(n % 30) + 40:02d}")
    name = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    kind = factory.LazyAttribute(
        lambda o: Regency.Kind.KOTA if int(o.code[-2:]) >= 71 else Regency.Kind.KABUPATEN
    )
    edition = factory.SelfAttribute("province.edition")

    class Params:
        kota = factory.Trait(
            code=factory.LazyAttributeSequence(
                lambda o, n: f"{o.province.code}.{(n % 20) + 80:02d}"
            ),
            name=factory.Sequence(lambda n: f"Kota Uji {n}"),
        )


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    regency = factory.SubFactory(RegencyFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.regency.code}.{(n % 40) + 60:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan Uji {n}")
    edition = factory.SelfAttribute("regency.edition")


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village

    district = factory.SubFactory(DistrictFactory)
    kind = Village.Kind.DESA
    code = factory.LazyAttributeSequence(
        lambda o, n: (
            f"{o.district.code}.{'1' if o.kind == Village.Kind.KELURAHAN else '2'}"
            f"{(n % 999) + 1:03d}"
        )
    )
    name = factory.Sequence(lambda n: f"Desa Uji {n}")
    edition = factory.SelfAttribute("district.edition")

    class Params:
        kelurahan = factory.Trait(kind=Village.Kind.KELURAHAN)


class BodyFactory(DjangoModelFactory):
    """A KPU Kabupaten/Kota by default; traits `kpu_ri`, `kpu_provinsi`, `ppk`, `pps`.

    Every region level down to the body's own is filled in, as the derivation does.
    """

    class Meta:
        model = Body

    kind = Body.Kind.KPU_KABKOTA
    regency = factory.SubFactory(RegencyFactory)
    province = factory.LazyAttribute(lambda o: o.regency.province if o.regency else None)
    district = None
    village = None
    name = factory.LazyAttribute(lambda o: f"KPU {o.regency.name}")
    satker_code = factory.LazyAttribute(lambda o: o.regency.satker_code)

    class Params:
        kpu_ri = factory.Trait(
            kind=Body.Kind.KPU_RI, regency=None, province=None, name="KPU RI", satker_code=""
        )
        kpu_provinsi = factory.Trait(
            kind=Body.Kind.KPU_PROVINSI,
            regency=None,
            province=factory.SubFactory(ProvinceFactory),
            name=factory.LazyAttribute(lambda o: f"KPU Provinsi {o.province.name}"),
            satker_code=factory.LazyAttribute(lambda o: o.province.satker_code),
        )
        ppk = factory.Trait(
            kind=Body.Kind.PPK,
            district=factory.SubFactory(DistrictFactory),
            regency=factory.LazyAttribute(lambda o: o.district.regency),
            name=factory.LazyAttribute(lambda o: f"PPK {o.district.name}"),
            satker_code=factory.LazyAttribute(lambda o: o.district.satker_code),
        )
        pps = factory.Trait(
            kind=Body.Kind.PPS,
            village=factory.SubFactory(VillageFactory),
            district=factory.LazyAttribute(lambda o: o.village.district),
            regency=factory.LazyAttribute(lambda o: o.village.district.regency),
            name=factory.LazyAttribute(lambda o: f"PPS {o.village.name}"),
            satker_code=factory.LazyAttribute(lambda o: o.village.satker_code),
        )


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Divisi Uji {n}")
    short_name = factory.Sequence(lambda n: f"Uji {n}")
    order = factory.Sequence(lambda n: n + 10)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Anggota Uji {n}")
    role = Member.Role.ANGGOTA
    division = None
    order = factory.Sequence(lambda n: n)
    is_active = True

    class Params:
        ketua = factory.Trait(role=Member.Role.KETUA)
        staf = factory.Trait(role=Member.Role.STAF)
