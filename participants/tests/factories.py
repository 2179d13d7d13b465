"""Factories for registrations and attendance (events and quota rules: events/tests/factories.py),
and the small world most of this app's tests run in."""

import datetime as dt
from types import SimpleNamespace

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bodies.models import Body, District, Province, Regency
from bodies.services import bodies_derive_for_regency
from bodies.tests.factories import BodyFactory, DistrictFactory, RegencyFactory, VillageFactory
from events.models import ParticipantRole
from events.tests.factories import EventFactory, QuotaRuleFactory, add_villages
from participants.codes import generate_code
from participants.models import Attendance, Registration
from participants.nik import make_nik
from participants.private_link import new_token, token_hash


class RegistrationFactory(DjangoModelFactory):
    """An active registration made directly (not through the service): for reads and states."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    quota_rule = factory.SubFactory(QuotaRuleFactory)
    event = factory.SelfAttribute("quota_rule.event")
    unit = factory.SubFactory(BodyFactory, pps=True)
    seat_number = 1
    role = factory.SelfAttribute("quota_rule.role")
    code = factory.LazyFunction(generate_code)
    full_name = factory.Sequence(lambda n: f"Peserta Uji {chr(65 + n % 26)}")
    sex = Registration.Sex.MALE
    birth_date = dt.date(1985, 3, 14)
    nik = factory.LazyAttributeSequence(
        lambda o, n: make_nik(
            region_code="15.09.01", sex=o.sex, birth_date=o.birth_date, serial=n + 1
        )
    )
    phone = factory.Sequence(lambda n: f"+62812{n:07d}")
    status = Registration.Status.PENDING

    @factory.post_generation
    def private_token(obj, create, extracted, **kwargs):
        """`registration.private_token`: the raw token of its private link, as the
        person holds it (the database keeps only the hash)."""
        obj.private_token = extracted or new_token()
        obj.private_link_hash = token_hash(obj.private_token)
        if create:
            Registration.objects.filter(pk=obj.pk).update(private_link_hash=obj.private_link_hash)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    day = factory.SelfAttribute("registration.event.first_day")
    checked_in_at = factory.LazyFunction(timezone.now)


def build_world() -> SimpleNamespace:
    """1 KPU, 2 kecamatan with a PPK each, 3 desa with a PPS; an open event with 4 rules:
    3 KPU seats (any role), 1 Sosdiklih + 1 secretariat per PPK, 1 Sosdiklih per PPS."""
    regency = RegencyFactory(name="Kabupaten Uji")
    kpu = BodyFactory(regency=regency, name="KPU Kabupaten Uji")
    districts = [DistrictFactory(regency=regency, name=name) for name in ("Rimbo", "Tengah Ilir")]
    ppk = [BodyFactory(ppk=True, district=d, name=f"PPK {d.name}") for d in districts]
    villages = [
        VillageFactory(district=districts[0], name="Sungai Abang"),
        VillageFactory(district=districts[0], name="Teluk Kayu Putih"),
        VillageFactory(district=districts[1], name="Mengupeh", kelurahan=True),
    ]
    pps = [BodyFactory(pps=True, village=v, name=f"PPS {v.name}") for v in villages]
    event = EventFactory(organiser=kpu, slug="bimtek-uji", title="Bimtek Uji Partisipasi")
    kpu_rule = QuotaRuleFactory(event=event, fixed=True, seats=3, order=1)
    ppk_rule = QuotaRuleFactory(
        event=event, body_kind="PPK", role=ParticipantRole.SOSDIKLIH, order=2
    )
    ppk_sec_rule = QuotaRuleFactory(
        event=event, body_kind="PPK", role=ParticipantRole.SECRETARIAT, order=3
    )
    pps_rule = QuotaRuleFactory(
        event=event, body_kind="PPS", role=ParticipantRole.SOSDIKLIH, order=4
    )
    return SimpleNamespace(
        regency=regency,
        kpu=kpu,
        districts=districts,
        ppk=ppk,
        villages=villages,
        pps=pps,
        event=event,
        kpu_rule=kpu_rule,
        ppk_rule=ppk_rule,
        ppk_sec_rule=ppk_sec_rule,
        pps_rule=pps_rule,
    )


def add_twin_pps(world, name: str = "Sungai Abang") -> Body:
    """A desa of the same name as one in Rimbo, in the other kecamatan (Tengah Ilir), with
    its PPS: Tebo has several such pairs (Tambun Arang in Sumay and in Muara Tabir)."""
    village = VillageFactory(district=world.districts[1], name=name)
    return BodyFactory(pps=True, village=village, name=f"PPS {name}")


def generated_country(*, provinces=2, regencies=2, districts=2, villages=3, first=90):
    """Provinces `first`, `first` + 1 ... with their regencies, kecamatan and desa, and
    every body derived."""
    made = []
    for p in range(provinces):
        province = Province.objects.create(code=f"{first + p}", name=f"Provinsi Uji {p + 1}")
        for r in range(1, regencies + 1):
            regency = Regency.objects.create(
                code=f"{province.code}.{r:02d}",
                name=f"Kabupaten Uji {p + 1}.{r}",
                province=province,
                kind="kabupaten",
            )
            for d in range(1, districts + 1):
                district = District.objects.create(
                    code=f"{regency.code}.{d:02d}", name=f"Kec {p + 1}.{r}.{d}", regency=regency
                )
                add_villages(district=district, count=villages)
            made.append(regency)
    for regency in made:
        bodies_derive_for_regency(regency=regency)
    codes = [f"{first + p}" for p in range(provinces)]
    return Province.objects.filter(code__in=codes).order_by("code")
