import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from events.models import Event
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
SLUG = "bimtek-parmas-kpu-tebo-2024"


def run(*args) -> str:
    out = StringIO()
    with translation.override("id"):
        call_command(*args, stdout=out)
    return out.getvalue()


def test_event_summary_prints_totals_per_body_kind(tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    RegistrationFactory(quota_rule=rule, unit=tebo_event.organiser)

    out = run("event_summary", SLUG)

    assert "Jumlah dihitung: 177   jumlah ditetapkan: 177" in out
    assert "BERBEDA" not in out
    lines = {
        line.split()[0]: line.split()[1:]
        for line in out.splitlines()
        if line[:3] in ("KPU", "PPK", "PPS")
    }
    assert lines == {
        "KPU": ["24", "1", "23", "1", "0"],
        "PPK": ["24", "0", "24", "12", "12"],
        "PPS": ["129", "0", "129", "129", "129"],
    }
    assert "Target partisipasi pemilih: 85 %" in out


def test_event_summary_flags_a_declared_total_that_differs(tebo_event):
    Event.objects.filter(pk=tebo_event.pk).update(declared_total=175)

    assert "BERBEDA!" in run("event_summary", SLUG)


def test_event_summary_json_has_exactly_the_agreed_keys(tebo_event):
    data = json.loads(run("event_summary", SLUG, "--json"))

    assert set(data) == {"expected_total", "declared_total", "participation_target", "bodies"}
    assert (data["expected_total"], data["declared_total"]) == (177, 177)
    assert data["participation_target"] == 85
    assert set(data["bodies"]) == {"KPU", "PPK", "PPS"}
    for row in data["bodies"].values():
        assert set(row) == {"seats", "taken", "free", "units", "units_missing"}
    assert data["bodies"]["PPS"] == {
        "seats": 129,
        "taken": 0,
        "free": 129,
        "units": 129,
        "units_missing": 129,
    }


def test_event_summary_refuses_an_unknown_slug_in_indonesian(db):
    with pytest.raises(CommandError, match="Tidak ada acara dengan slug “tidak-ada”."):
        run("event_summary", "tidak-ada")
