"""State changes of the tests and the survey: submit once, inside the window; copy questions."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event
from participants.models import Registration

from . import errors
from .models import Answer, Assessment, Choice, Question, Rating, Submission
from .selectors import event_questions


def _check_can_submit(*, assessment: Assessment, registration: Registration, now) -> None:
    if registration.event_id != assessment.event_id:
        raise errors.NotAllowed(_("This registration is for another event."))
    if not registration.is_active:
        raise errors.NotAllowed(
            _("This registration is %(status)s: it cannot take part.")
            % {"status": registration.get_status_display().lower()}
        )
    if now < assessment.opens_at:
        raise errors.NotOpen(
            _("The %(test)s is not open yet; it opens %(when)s.")
            % {"test": assessment.get_kind_display().lower(), "when": _when(assessment.opens_at)}
        )
    if now >= assessment.closes_at:
        raise errors.NotOpen(
            _("The %(test)s closed %(when)s.")
            % {"test": assessment.get_kind_display().lower(), "when": _when(assessment.closes_at)}
        )
    if Submission.objects.filter(assessment=assessment, registration=registration).exists():
        raise errors.AlreadySubmitted(_("You have already submitted this; it is taken once."))


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M")


def _save_once(submission: Submission) -> Submission:
    """The unique constraint decides between two submissions sent at once."""
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise errors.AlreadySubmitted(
            _("You have already submitted this; it is taken once.")
        ) from None
    return submission


@transaction.atomic
def quiz_submit(
    *,
    assessment: Assessment,
    registration: Registration,
    choices: dict[int, int],
    now=None,
) -> Submission:
    """Record one person's pre-test or post-test: `choices` maps question id -> choice id.

    Every question of the event must be answered, each with one of its own choices.
    """
    now = now or timezone.now()
    if assessment.kind == Assessment.Kind.SURVEY:
        raise errors.NotAllowed(_("The survey is not a test."))
    _check_can_submit(assessment=assessment, registration=registration, now=now)
    questions = event_questions(event_id=assessment.event_id)
    if not questions:
        raise errors.NotOpen(_("This test has no questions yet."))
    chosen: list[Choice] = []
    for question in questions:
        by_id = {choice.pk: choice for choice in question.choices.all()}
        choice = by_id.get(choices.get(question.pk))
        if choice is None:
            raise errors.Incomplete(
                _("Answer every question (question %(number)s is not answered).")
                % {"number": question.number},
                field=f"question_{question.pk}",
            )
        chosen.append(choice)
    submission = _save_once(
        Submission(
            assessment=assessment,
            registration=registration,
            submitted_at=now,
            correct=sum(1 for choice in chosen if choice.is_correct),
            total=len(chosen),
        )
    )
    Answer.objects.bulk_create(
        Answer(
            submission=submission,
            question_id=choice.question_id,
            choice=choice,
            is_correct=choice.is_correct,
        )
        for choice in chosen
    )
    return submission


@transaction.atomic
def survey_submit(
    *,
    assessment: Assessment,
    registration: Registration,
    speaker_scores: dict[int, int],
    material_scores: dict[int, int],
    comment: str = "",
    now=None,
) -> Submission:
    """Record one person's survey: a score of 1-5 for every speaker and material of the event."""
    now = now or timezone.now()
    if assessment.kind != Assessment.Kind.SURVEY:
        raise errors.NotAllowed(_("Only the survey takes ratings."))
    _check_can_submit(assessment=assessment, registration=registration, now=now)
    event = assessment.event
    speakers = list(event.speakers.values_list("pk", flat=True))
    materials = list(event.materials.values_list("pk", flat=True))
    for kind, wanted, scores in (
        ("speaker", speakers, speaker_scores),
        ("material", materials, material_scores),
    ):
        for pk in wanted:
            if scores.get(pk) not in (1, 2, 3, 4, 5):
                raise errors.Incomplete(
                    _("Give every speaker and every material a score from 1 to 5."),
                    field=f"{kind}_{pk}",
                )
    submission = _save_once(
        Submission(
            assessment=assessment,
            registration=registration,
            submitted_at=now,
            comment=(comment or "").strip()[:4000],
        )
    )
    Rating.objects.bulk_create(
        [Rating(submission=submission, speaker_id=pk, score=speaker_scores[pk]) for pk in speakers]
        + [
            Rating(submission=submission, material_id=pk, score=material_scores[pk])
            for pk in materials
        ]
    )
    return submission


@transaction.atomic
def questions_copy(*, source: Event, target: Event) -> int:
    """Copy every question of `source`, with its choices, to the end of `target`'s list."""
    if source.pk == target.pk:
        raise errors.NotAllowed(_("Choose another event to copy from."), field="source")
    questions = event_questions(event_id=source.pk)
    if not questions:
        raise errors.NotAllowed(_("That event has no questions."), field="source")
    start = (target.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    for offset, question in enumerate(questions):
        copy = Question.objects.create(event=target, text=question.text, order=start + offset)
        Choice.objects.bulk_create(
            Choice(question=copy, text=c.text, is_correct=c.is_correct, order=c.order)
            for c in question.choices.all()
        )
    return len(questions)
