"""Factories for registrations and attendance (and, until the events app ships
its own, a minimal event with its quota rules)."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from bodies.tests.factories import BodyFactory
from events.models import Event, ParticipantRole, QuotaRule
from participants.models import Attendance, Registration
from participants.nik import make_nik
from participants.services import generate_code


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"bimtek-uji-{n}")
    organiser = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Bimtek Uji {n}")
    venue_name = "Aula KPU"
    first_day = dt.date(2024, 11, 11)
    last_day = dt.date(2024, 11, 12)
    status = Event.Status.OPEN


class QuotaRuleFactory(DjangoModelFactory):
    """A per-unit PPS rule by default; trait `fixed` for the organiser's own seats."""

    class Meta:
        model = QuotaRule

    event = factory.SubFactory(EventFactory)
    scope = QuotaRule.Scope.PER_UNIT
    body_kind = "PPS"
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


class RegistrationFactory(DjangoModelFactory):
    """An active registration made directly (not through the service): for reads and states."""

    class Meta:
        model = Registration

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
        lambda o, n: make_nik(region_code="15.09.01", sex=o.sex, birth_date=o.birth_date, serial=n + 1)
    )
    phone = factory.Sequence(lambda n: f"+62812{n:07d}")
    status = Registration.Status.PENDING


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    registration = factory.SubFactory(RegistrationFactory)
    day = factory.SelfAttribute("registration.event.first_day")
    checked_in_at = factory.LazyFunction(timezone.now)
