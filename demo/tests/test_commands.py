from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.utils import translation

from bodies.models import Body, Member
from demo.seed import seed_tebo_demo
from events.models import AgendaItem, Election, Event, LegalBasis, QuotaRule, Speaker, TurnoutResult
from participants.models import Registration

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


def test_a_second_seed_demo_changes_nothing(tebo_event, settings, tmp_path):
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = tmp_path
    run("seed_demo")  # the upcoming event (the fixture builds the founding case only)
    before = snapshot()

    out = run("seed_demo")

    assert snapshot() == before
    assert out.count("\n") == 2  # the founding case, the upcoming event
    assert "already present" in out and "expected 177, declared 177" in out


def test_seed_demo_with_participants_fills_every_seat_once(tebo_event):
    first = run("seed_demo", "--participants")
    again = run("seed_demo", "--participants")

    assert Registration.objects.filter(event=tebo_event).count() == 177
    assert "177 participants added" in first
    assert "0 participants added" in again


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
