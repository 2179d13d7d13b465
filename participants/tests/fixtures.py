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
    from participants.services import registration_create

    rule = QuotaRule.objects.get(event=tebo_event, body_kind="PPS")
    unit = units_for_rule(rule=rule).order_by("village__code").first()
    return registration_create(
        event=tebo_event,
        quota_rule=rule,
        unit=unit,
        role=rule.role,
        full_name="Siti Aminah, S.Pd.",
        nik="1509015705900001",
        phone="081234567890",
        position="Anggota PPS Divisi Sosdiklih, Parmas dan SDM",
    )
