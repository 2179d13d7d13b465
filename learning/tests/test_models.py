from datetime import datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from events.tests.factories import EventFactory
from learning.models import Assessment, Choice
from learning.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def event():
    event = EventFactory()
    event.agenda_items.create(day=event.first_day, start_time=time(8, 0), session="Pembukaan")
    event.agenda_items.create(
        day=event.last_day, start_time=time(13, 0), end_time=time(15, 30), session="Penutupan"
    )
    return event


def test_the_pre_test_must_close_by_the_first_session(event):
    late = Assessment(
        event=event,
        kind=Assessment.Kind.PRE,
        opens_at=_at(event.first_day, 7),
        closes_at=_at(event.first_day, 8, 30),
    )

    with pytest.raises(ValidationError) as caught:
        late.full_clean()
    assert "sesi pertama" in str(caught.value.message_dict["closes_at"])


def test_the_post_test_opens_only_after_the_last_session(event):
    early = Assessment(
        event=event,
        kind=Assessment.Kind.POST,
        opens_at=_at(event.last_day, 15),
        closes_at=_at(event.last_day, 18),
    )

    with pytest.raises(ValidationError) as caught:
        early.full_clean()
    assert "opens_at" in caught.value.message_dict
    Assessment(
        event=event,
        kind=Assessment.Kind.POST,
        opens_at=_at(event.last_day, 15, 30),
        closes_at=_at(event.last_day, 18),
    ).full_clean()


def test_the_database_refuses_a_second_correct_choice():
    question = QuestionFactory()

    with pytest.raises(IntegrityError):
        Choice.objects.create(question=question, text="Juga benar", is_correct=True)
