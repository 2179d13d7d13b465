import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.utils import translation

from bodies.models import Body, Member
from events.models import AgendaItem, Election, Event, LegalBasis, QuotaRule, Speaker, TurnoutResult
from events.seed import seed_tebo_demo
from participants.models import Registration
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
SLUG = "bimtek-parmas-kpu-tebo-2024"


def run(*args) -> str:
    out = StringIO()
    with translation.override("id"):
        call_command(*args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list]:
    models: list[type[Model]] = [
        Body, Member, Election, Event, QuotaRule, LegalBasis, Speaker, AgendaItem, TurnoutResult,
    ]  # fmt: skip
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


def test_seed_demo_builds_the_founding_case(tebo_event):
    event = Event.objects.get(slug=SLUG)

    assert event.title == "Bimbingan Teknis Peningkatan Partisipasi Masyarakat"
    assert event.venue_name == "GN Hotel Tebo"
    assert event.plenary_ba_number == "231/PL.02-BA/1509/2024"
    assert event.plenary_date.isoformat() == "2024-11-02" and event.plenary_date.weekday() == 5
    assert (event.declared_total, event.participation_target) == (177, 85)
    assert event.status == Event.Status.OPEN and event.registration_closes_at is None
    assert event.election.voting_day.isoformat() == "2024-11-27"
    names = list(event.organiser.members.values_list("name", flat=True))
    assert names[:2] == ["Atiul Fuadiyah", "Supriadi"] and len(names) == 6
    assert "Desi Arianto" in event.speakers.values_list("name", flat=True)
    assert event.legal_bases.filter(text__contains="Nomor 2 Tahun 2024").exists()


def test_seed_demo_turnout_adds_up_to_the_reported_regency_figure(tebo_event):
    results = TurnoutResult.objects.filter(election=tebo_event.election)
    regency = results.get(regency__isnull=False)
    districts = results.filter(district__isnull=False)

    assert (regency.registered_voters, regency.votes_cast) == (262_261, 182_271)
    assert str(regency.participation) == "69.50"
    assert districts.count() == 12
    assert sum(r.registered_voters for r in districts) == 262_261
    assert sum(r.votes_cast for r in districts) == 182_271
    assert all(r.votes_cast <= r.registered_voters for r in districts)
    assert all("Ilustrasi" in r.source for r in districts)


def test_a_second_seed_demo_changes_nothing(tebo_event):
    before = snapshot()

    out = run("seed_demo")

    assert snapshot() == before
    assert out.count("\n") == 1
    assert "already present" in out and "expected 177, declared 177" in out


def test_seed_demo_with_participants_fills_every_seat_once(tebo_event):
    first = run("seed_demo", "--participants")
    again = run("seed_demo", "--participants")

    assert Registration.objects.filter(event=tebo_event).count() == 177
    assert "177 participants added" in first
    assert "0 participants added" in again


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


def test_seed_demo_on_an_empty_database_imports_jambi_and_derives_177(db):
    from bodies.models import Regency

    out = run("seed_demo")

    assert Regency.objects.filter(code__startswith="15.", edition="2025").count() == 11
    assert "created, regions imported" in out
    assert "expected 177, declared 177, taken 0" in out


def test_seed_demo_puts_the_plenary_number_in_the_register_so_numbering_continues(tebo_event):
    from reports.models import DocumentNumber
    from reports.numbering import document_number_allocate

    assert DocumentNumber.objects.filter(number="231/PL.02-BA/1509/2024").count() == 1
    seed_tebo_demo(prefix="15.09")
    assert DocumentNumber.objects.filter(number="231/PL.02-BA/1509/2024").count() == 1

    following = document_number_allocate(
        office=tebo_event.organiser, classification="PP.06", doc_type="BA", year=2024
    )
    assert following.number == "232/PP.06-BA/1509/2024"
