from datetime import timedelta

import pytest
from django.utils import timezone

from events.tests.factories import EventFactory
from learning import errors, services
from learning.models import Answer, Assessment, Question, Rating, Submission
from learning.tests.factories import (
    AssessmentFactory,
    MaterialFactory,
    QuestionFactory,
    right,
    wrong,
)
from participants.models import Registration
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    event = EventFactory()
    questions = [QuestionFactory(event=event) for _ in range(4)]
    pre = AssessmentFactory(event=event, kind=Assessment.Kind.PRE)
    person = RegistrationFactory(quota_rule__event=event)
    return pre, questions, person


def test_a_test_is_scored_from_the_correct_choices(quiz):
    pre, questions, person = quiz
    choices = {q.pk: right(q) for q in questions[:3]} | {questions[3].pk: wrong(questions[3])}

    submission = services.quiz_submit(assessment=pre, registration=person, choices=choices)

    assert (submission.correct, submission.total) == (3, 4)
    assert submission.score == 75
    assert Answer.objects.filter(submission=submission, is_correct=True).count() == 3


def test_a_test_is_taken_once(quiz):
    pre, questions, person = quiz
    choices = {q.pk: right(q) for q in questions}
    services.quiz_submit(assessment=pre, registration=person, choices=choices)

    with pytest.raises(errors.AlreadySubmitted):
        services.quiz_submit(assessment=pre, registration=person, choices=choices)
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    "opens, closes, message",
    [
        (timedelta(minutes=5), timedelta(hours=1), "belum dibuka"),
        (-timedelta(hours=2), -timedelta(minutes=1), "sudah ditutup"),
    ],
)
def test_a_test_is_refused_outside_its_window(quiz, opens, closes, message):
    pre, questions, person = quiz
    now = timezone.now()
    Assessment.objects.filter(pk=pre.pk).update(opens_at=now + opens, closes_at=now + closes)
    pre.refresh_from_db()

    with pytest.raises(errors.NotOpen, match=message):
        services.quiz_submit(
            assessment=pre, registration=person, choices={q.pk: right(q) for q in questions}
        )
    assert not Submission.objects.exists()


def test_every_question_must_be_answered(quiz):
    pre, questions, person = quiz

    with pytest.raises(errors.Incomplete) as caught:
        services.quiz_submit(
            assessment=pre, registration=person, choices={q.pk: right(q) for q in questions[:3]}
        )
    assert caught.value.field == f"question_{questions[3].pk}"
    assert not Submission.objects.exists()


def test_a_choice_of_another_question_does_not_count_as_an_answer(quiz):
    pre, questions, person = quiz
    choices = {q.pk: right(q) for q in questions}
    choices[questions[0].pk] = right(questions[1])

    with pytest.raises(errors.Incomplete):
        services.quiz_submit(assessment=pre, registration=person, choices=choices)


def test_a_cancelled_registration_cannot_take_a_test(quiz):
    pre, questions, person = quiz
    Registration.objects.filter(pk=person.pk).update(status=Registration.Status.CANCELLED)
    person.refresh_from_db()

    with pytest.raises(errors.NotAllowed):
        services.quiz_submit(
            assessment=pre, registration=person, choices={q.pk: right(q) for q in questions}
        )


def test_a_registration_of_another_event_cannot_take_the_test(quiz):
    pre, questions, _person = quiz
    stranger = RegistrationFactory()

    with pytest.raises(errors.NotAllowed):
        services.quiz_submit(
            assessment=pre, registration=stranger, choices={q.pk: right(q) for q in questions}
        )


def test_the_survey_records_a_score_for_every_speaker_and_material_and_the_comment():
    event = EventFactory()
    speakers = [event.speakers.create(name=name) for name in ("Supriadi", "Desi Arianto")]
    material = MaterialFactory(event=event)
    survey = AssessmentFactory(event=event, kind=Assessment.Kind.SURVEY)
    person = RegistrationFactory(quota_rule__event=event)

    submission = services.survey_submit(
        assessment=survey,
        registration=person,
        speaker_scores={speakers[0].pk: 5, speakers[1].pk: 3},
        material_scores={material.pk: 4},
        comment="  Waktu diskusi ditambah.  ",
    )

    assert submission.comment == "Waktu diskusi ditambah."
    assert sorted(Rating.objects.values_list("score", flat=True)) == [3, 4, 5]


def test_the_survey_refuses_a_missing_or_out_of_range_score():
    event = EventFactory()
    speaker = event.speakers.create(name="Supriadi")
    survey = AssessmentFactory(event=event, kind=Assessment.Kind.SURVEY)
    person = RegistrationFactory(quota_rule__event=event)

    with pytest.raises(errors.Incomplete, match="1 sampai 5"):
        services.survey_submit(
            assessment=survey,
            registration=person,
            speaker_scores={speaker.pk: 6},
            material_scores={},
        )
    assert not Submission.objects.exists()


def test_questions_are_copied_with_their_choices_after_the_existing_ones():
    source, target = EventFactory(), EventFactory()
    QuestionFactory(event=source, text="Apa itu DPT?")
    QuestionFactory(event=source, text="Kapan hari pemungutan suara?")
    QuestionFactory(event=target, text="Soal yang sudah ada", order=7)

    copied = services.questions_copy(source=source, target=target)

    assert copied == 2
    texts = list(Question.objects.filter(event=target).values_list("text", flat=True))
    assert texts == ["Soal yang sudah ada", "Apa itu DPT?", "Kapan hari pemungutan suara?"]
    copy = Question.objects.get(event=target, text="Apa itu DPT?")
    assert copy.choices.count() == 4 and copy.choices.filter(is_correct=True).count() == 1
    assert Question.objects.filter(event=source).count() == 2


def test_copying_from_the_same_event_or_one_without_questions_is_refused():
    event, empty = EventFactory(), EventFactory()
    QuestionFactory(event=event)

    with pytest.raises(errors.NotAllowed):
        services.questions_copy(source=event, target=event)
    with pytest.raises(errors.NotAllowed):
        services.questions_copy(source=empty, target=event)
