"""seed_demo --participants also fills what the undangan and the SPJ lists need."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from bodies.models import SecretariatOfficial
from events.models import AllowanceLine

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", "--participants", stdout=StringIO())


def test_seed_demo_with_participants_fills_contact_officials_and_allowances(tebo_event):
    seed()

    tebo_event.refresh_from_db()
    assert tebo_event.contact_name and tebo_event.contact_phone
    roles = set(
        SecretariatOfficial.objects.filter(office=tebo_event.organiser).values_list(
            "role", flat=True
        )
    )
    assert roles == {"ppk", "bendahara"}
    lines = {(line.kind, line.body_kind): line for line in tebo_event.allowance_lines.all()}
    assert set(lines) == {("transport", "PPK"), ("transport", "PPS"), ("honorarium", "")}
    assert lines[("honorarium", "")].tax_rate == Decimal(5)


def test_a_second_seed_keeps_what_staff_changed(tebo_event):
    seed()
    AllowanceLine.objects.filter(event=tebo_event, body_kind="PPS").update(amount=Decimal(99_000))
    tebo_event.contact_name = "Narahubung Kantor"
    tebo_event.save(update_fields=["contact_name"])

    seed()

    tebo_event.refresh_from_db()
    assert tebo_event.contact_name == "Narahubung Kantor"
    assert tebo_event.allowance_lines.count() == 3
    assert tebo_event.allowance_lines.get(body_kind="PPS").amount == Decimal(99_000)
    assert SecretariatOfficial.objects.filter(office=tebo_event.organiser).count() == 2
