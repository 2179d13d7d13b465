"""seed_demo --participants also fills what the undangan and the SPJ lists need."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from bodies.models import SecretariatOfficial
from events.models import AllowanceLine, Speaker
from reports.documents.honorarium import data as honorarium_data

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
    assert set(lines) == {("transport", "PPK"), ("transport", "PPS")}
    # From the cost standards: the office's regional transport lokal, not typed per line.
    assert all(
        line.amount is None and line.standard == "transport_local" for line in lines.values()
    )


def test_the_demo_speakers_are_paid_by_their_profiles_and_the_internal_one_is_not(tebo_event):
    """Issue #19: Desi Arianto (outside, Eselon III, non-ASN with an NPWP) and Supriadi
    (Anggota KPU Kabupaten Tebo: internal) get their own rate and tax; Supriadi is listed,
    flagged and unpaid until staff record why the honorarium applies."""
    seed()

    rows = {row["name"]: row for row in honorarium_data(event=tebo_event, paper="A4")["rows"]}

    desi, supriadi = rows["Desi Arianto"], rows["Supriadi"]
    # 3 h x Rp900.000 (PMK 49/2023, Eselon III and below); PPh 21 50 % x 5 % = 67.500
    assert (desi["rate"], desi["gross"], desi["tax"]) == (
        Decimal(900_000), Decimal(2_700_000), Decimal(67_500),
    )  # fmt: skip
    assert supriadi["internal"] and supriadi["unpaid"]
    assert supriadi["hours"] == Decimal(3) and supriadi["gross"] == Decimal(0)

    speaker = Speaker.objects.get(event=tebo_event, name="Supriadi")
    speaker.internal_pay_reason = "Penugasan (contoh)"
    speaker.save()
    rows = {row["name"]: row for row in honorarium_data(event=tebo_event, paper="A4")["rows"]}
    # 3 h x Rp1.000.000 (PMK 49/2023, Eselon II): a rate of his own
    assert rows["Supriadi"]["gross"] == Decimal(3_000_000) and not rows["Supriadi"]["unpaid"]


def test_a_second_seed_keeps_what_staff_changed(tebo_event):
    seed()
    AllowanceLine.objects.filter(event=tebo_event, body_kind="PPS").update(
        amount=Decimal(99_000), override_reason="Kesepakatan (uji)"
    )
    tebo_event.contact_name = "Narahubung Kantor"
    tebo_event.save(update_fields=["contact_name"])

    seed()

    tebo_event.refresh_from_db()
    assert tebo_event.contact_name == "Narahubung Kantor"
    assert tebo_event.allowance_lines.count() == 2
    assert tebo_event.allowance_lines.get(body_kind="PPS").amount == Decimal(99_000)
    assert SecretariatOfficial.objects.filter(office=tebo_event.organiser).count() == 2
