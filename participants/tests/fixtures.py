"""Fixtures this app shares with every test in the project (see the root conftest)."""

import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's Chromium (installed by scripts/system-packages.sh)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        "headless": True,
    }


@pytest.fixture
def tebo_registration(tebo_event):
    """One pending registration for the Tebo Bimtek: a PPS member of the first desa, by the service."""
    from events.models import QuotaRule
    from events.selectors import units_for_rule
    from participants.person import PersonData
    from participants.services import registration_create

    rule = QuotaRule.objects.get(event=tebo_event, body_kind="PPS")
    unit = units_for_rule(rule=rule).order_by("village__code").first()
    return registration_create(
        event=tebo_event,
        quota_rule=rule,
        unit=unit,
        role=rule.role,
        person=PersonData(
            full_name="Siti Aminah, S.Pd.",
            nik="1509015705900001",
            phone="081234567890",
            position="Anggota PPS Divisi Sosdiklih, Parmas dan SDM",
        ),
    )


@pytest.fixture
def other_regency_event(tebo_event):
    """Another regency of Jambi with its KPU office and its own open event: one PPS member
    registered (pending), one KPU member verified, both with NIK and phone.

    What the staff of KPU Kabupaten Tebo must not see on a portal the province shares.
    """
    from bodies.tests.factories import BodyFactory, DistrictFactory, RegencyFactory, VillageFactory
    from events.tests.factories import EventFactory, QuotaRuleFactory
    from participants.models import Registration
    from participants.tests.factories import RegistrationFactory

    regency = RegencyFactory(province=tebo_event.organiser.province, name="Kabupaten Lain")
    kpu = BodyFactory(regency=regency, name="KPU Kabupaten Lain")
    village = VillageFactory(district=DistrictFactory(regency=regency), name="Desa Lain")
    pps = BodyFactory(pps=True, village=village, name="PPS Desa Lain")
    event = EventFactory(organiser=kpu, slug="bimtek-kabupaten-lain", title="Bimtek Kabupaten Lain")
    RegistrationFactory(
        quota_rule=QuotaRuleFactory(event=event, body_kind="PPS"),
        unit=pps,
        full_name="Rahasia Peserta Lain",
        phone="+6281299990001",
    )
    RegistrationFactory(
        quota_rule=QuotaRuleFactory(event=event, fixed=True, seats=2),
        unit=kpu,
        full_name="Rahasia Anggota Lain",
        status=Registration.Status.VERIFIED,
    )
    return event
