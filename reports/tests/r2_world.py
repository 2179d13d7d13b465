"""A small regency and event for the certificate, turnout-report, task and view tests.

Kabupaten Uji has two kecamatan: Alpha with two PPS, Beta with one. The KPU's
chair has a name with `<b>` and `&` in it, so every document proves it prints
names literally.
"""

from decimal import Decimal
from types import SimpleNamespace

from bodies.tests.factories import (
    BodyFactory,
    DistrictFactory,
    MemberFactory,
    RegencyFactory,
    VillageFactory,
)
from events.tests.factories import ElectionFactory, EventFactory, QuotaRuleFactory
from participants.tests.factories import AttendanceFactory, RegistrationFactory

CHAIR_NAME = "Ketua <b>Uji</b> & Rekan"


def build_world() -> SimpleNamespace:
    regency = RegencyFactory(name="Kabupaten Uji")
    kpu = BodyFactory(regency=regency, name="KPU Kabupaten Uji")
    MemberFactory(body=kpu, ketua=True, name=CHAIR_NAME)
    MemberFactory(body=kpu, ketua=True, name="Ketua Lama", is_active=False)
    alpha = DistrictFactory(regency=regency, name="Alpha")
    beta = DistrictFactory(regency=regency, name="Beta")
    pps = [
        BodyFactory(pps=True, village=VillageFactory(district=alpha, name="Satu")),
        BodyFactory(pps=True, village=VillageFactory(district=alpha, name="Dua")),
        BodyFactory(pps=True, village=VillageFactory(district=beta, name="Tiga")),
    ]
    election = ElectionFactory()
    event = EventFactory(
        organiser=kpu,
        election=election,
        slug="bimtek-uji",
        title="Bimbingan Teknis Peningkatan Partisipasi Masyarakat",
        venue_name="GN Hotel Tebo",
        participation_target=Decimal("85"),
    )
    pps_rule = QuotaRuleFactory(event=event, body_kind="PPS")
    kpu_rule = QuotaRuleFactory(event=event, fixed=True, seats=5)
    return SimpleNamespace(
        regency=regency,
        kpu=kpu,
        alpha=alpha,
        beta=beta,
        pps=pps,
        election=election,
        event=event,
        pps_rule=pps_rule,
        kpu_rule=kpu_rule,
    )


def register(world, *, unit=None, present_days=None, **fields):
    """A registration of the event; present on the first `present_days` days (default:
    every day, what the default certificate rule asks for)."""
    if present_days is None:
        present_days = (world.event.last_day - world.event.first_day).days + 1
    if unit is None or unit.kind == "PPS":
        rule = world.pps_rule
        unit = unit or world.pps[0]
        fields.setdefault("seat_number", 1)
    else:
        rule = world.kpu_rule
        fields.setdefault("seat_number", world.event.registrations.filter(unit=unit).count() + 1)
    registration = RegistrationFactory(quota_rule=rule, unit=unit, **fields)
    for offset in range(present_days):
        day = world.event.first_day.fromordinal(world.event.first_day.toordinal() + offset)
        AttendanceFactory(registration=registration, day=day)
    return registration
