"""A test sent twice at once (a double tap on a bad connection) is recorded once."""

import pytest
from django.db import connection

from bimtek_portal.testing.racing import race
from events.tests.factories import EventFactory
from learning import errors, services
from learning.models import Assessment, Submission
from learning.tests.factories import AssessmentFactory, QuestionFactory, right
from participants.tests.factories import RegistrationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs parallel connections: PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_submissions_at_once_record_one_and_tell_the_other(django_db_blocker):
    event = EventFactory()
    questions = [QuestionFactory(event=event) for _ in range(3)]
    pre = AssessmentFactory(event=event, kind=Assessment.Kind.PRE)
    person = RegistrationFactory(quota_rule__event=event)
    choices = {q.pk: right(q) for q in questions}

    result = race(
        2,
        lambda _i: services.quiz_submit(assessment=pre, registration=person, choices=choices),
    )

    assert len(result.returned(Submission)) == 1
    assert len(result.raised(errors.AlreadySubmitted)) == 1
    assert Submission.objects.count() == 1
    assert Submission.objects.get().answers.count() == 3
