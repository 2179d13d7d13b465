"""Factories for the events app's models (every app's tests use these), and a builder for a
generated regency of any size."""

import itertools
from datetime import date

import factory

from bodies.models import Body, District, Province, Regency, Village
from bodies.tests.factories import BodyFactory
from events.models import Election, Event, ParticipantRole, QuotaRule

_codes = itertools.count(71)


def generated_regency(*, districts: int, villages_per_district: int) -> Regency:
    """A regency with its KPU, one PPK per kecamatan and one PPS per desa.

    Codes start at province 9x so they never meet the shipped data's.
    """
    from bodies.services import bodies_derive_for_regency

    n = next(_codes)
    province, _ = Province.objects.get_or_create(code="98", defaults={"name": "Provinsi Uji"})
    regency = Regency.objects.create(
        code=f"98.{n:02d}", name=f"Kabupaten Uji {n}", province=province, kind="kabupaten"
    )
    for d in range(1, districts + 1):
        district = District.objects.create(
            code=f"{regency.code}.{d:02d}", name=f"Kecamatan {d}", regency=regency
        )
        add_villages(district=district, count=villages_per_district)
    bodies_derive_for_regency(regency=regency)
    return regency


def add_villages(*, district: District, count: int, start: int = 1) -> None:
    Village.objects.bulk_create(
        Village(
            code=f"{district.code}.{2000 + v}",
            name=f"Desa {district.name} {v}",
            district=district,
            kind="desa",
        )
        for v in range(start, start + count)
    )


def kpu_of(regency: Regency) -> Body:
    return Body.objects.get(kind=Body.Kind.KPU_KABKOTA, regency=regency)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"Pemilihan Uji {n}")
    kind = Election.Kind.PILKADA
    voting_day = date(2024, 11, 27)


class EventFactory(factory.django.DjangoModelFactory):
    """An open event; its organiser a new KPU office unless given (e.g. `kpu_of(regency)`)."""

    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"bimtek-uji-{n}")
    organiser = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Bimtek Uji {n}")
    venue_name = "Aula KPU"
    first_day = date(2024, 11, 11)
    last_day = date(2024, 11, 12)
    status = Event.Status.OPEN


class QuotaRuleFactory(factory.django.DjangoModelFactory):
    """A per-unit PPS rule by default; trait `fixed` for the organiser's own seats, or
    pass scope/body_kind/body for another."""

    class Meta:
        model = QuotaRule

    event = factory.SubFactory(EventFactory)
    scope = QuotaRule.Scope.PER_UNIT
    body_kind = Body.Kind.PPS
    body = None
    role = ParticipantRole.SOSDIKLIH
    seats = 1
    order = factory.Sequence(lambda n: n)

    class Params:
        fixed = factory.Trait(
            scope=QuotaRule.Scope.FIXED,
            body=factory.LazyAttribute(lambda o: o.event.organiser),
            body_kind=factory.LazyAttribute(lambda o: o.event.organiser.kind),
            role=ParticipantRole.ANY,
        )
