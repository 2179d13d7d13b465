"""seed_demo also builds an upcoming Bimtek of the same office, dated from today, so the
demo shows the form, the pre-test, verification and the desk on the day it is tried."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.upcoming import seed_upcoming_demo
from events.models import Event
from events.selectors import event_registration_closed_reason, open_events
from learning.models import Assessment, Material, Question
from learning.selectors import participant_learning
from participants.models import Attendance, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = tmp_path


def upcoming() -> Event:
    return Event.objects.get(slug__startswith="bimtek-pendidikan-pemilih-kpu-tebo-")


def test_seed_demo_adds_an_upcoming_event_open_now_with_its_pre_test_material_and_survey(
    tebo_event,
):
    today = timezone.localdate()

    out = StringIO()
    call_command("seed_demo", "--participants", stdout=out)

    event = upcoming()
    assert event.organiser == tebo_event.organiser
    assert (event.first_day, event.last_day) == (today + timedelta(3), today + timedelta(4))
    assert event.slug.endswith((today + timedelta(3)).isoformat())
    assert event_registration_closed_reason(event=event) is None
    assert list(open_events()) == [event]  # the 2024 Bimtek is over, whatever its status
    now = timezone.now()
    windows = {a.kind: a for a in Assessment.objects.filter(event=event)}
    assert set(windows) == {"pre", "post", "survey"}
    assert windows["pre"].opens_at <= now < windows["pre"].closes_at
    assert windows["survey"].opens_at > now
    assert Question.objects.filter(event=event).count() == 10
    assert Material.objects.filter(event=event, is_public=True).count() == 1
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert len(statuses) == 18
    assert 0 < statuses.count("verified") < 18 and statuses.count("pending") > 0
    assert not Attendance.objects.filter(registration__event=event).exists()
    assert "upcoming" in out.getvalue() and "18 participants added" in out.getvalue()
    # The founding case is as it was: 11-12 November 2024, every seat filled but 5 PPS.
    tebo_event.refresh_from_db()
    assert (tebo_event.first_day.isoformat(), tebo_event.last_day.isoformat()) == (
        "2024-11-11",
        "2024-11-12",
    )


def test_a_second_seed_the_same_day_or_before_the_event_changes_nothing(tebo_event):
    organiser = tebo_event.organiser
    today = timezone.localdate()
    first = seed_upcoming_demo(organiser=organiser, participants=True, today=today)

    again = seed_upcoming_demo(organiser=organiser, participants=True, today=today)
    next_day = seed_upcoming_demo(
        organiser=organiser, participants=True, today=today + timedelta(days=1)
    )

    assert first.created and not again.created and not next_day.created
    assert again.event == first.event == next_day.event
    assert again.participants_added == next_day.participants_added == 0
    assert Registration.objects.filter(event=first.event).count() == 18
    assert Assessment.objects.filter(event=first.event).count() == 3


def test_once_the_upcoming_event_has_begun_the_next_seed_dates_a_new_one(tebo_event):
    organiser = tebo_event.organiser
    today = timezone.localdate()
    first = seed_upcoming_demo(organiser=organiser, today=today)

    later = seed_upcoming_demo(organiser=organiser, today=first.event.first_day)

    assert later.created and later.event != first.event
    assert later.event.first_day == first.event.first_day + timedelta(days=3)
    first.event.refresh_from_db()
    assert first.event.first_day == today + timedelta(days=3)  # left as it was


def test_its_pre_test_is_open_to_a_registered_person_now(tebo_event):
    summary = seed_upcoming_demo(organiser=tebo_event.organiser, participants=True)
    person = Registration.objects.filter(event=summary.event).first()

    tests = participant_learning(registration=person, fresh=True).tests
    assert [test.kind for test in tests if test.is_open] == ["pre"]
