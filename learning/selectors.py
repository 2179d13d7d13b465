"""Reads of materials, tests and their results; each states what it costs in queries."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from bodies.labels import unit_label
from events.models import Event
from participants.models import Attendance, Registration
from participants.public_cache import seat_data

from .models import Answer, Assessment, CertificateRule, Choice, Material, Question, Submission

CENT = Decimal("0.01")
# The distribution's bands of scores, as the laporan prints them.
BANDS = ((0, 20), (21, 40), (41, 60), (61, 80), (81, 100))


def event_questions(*, event_id: int) -> list[Question]:
    """The event's questions with their choices, numbered from 1. Two queries."""
    questions = list(
        Question.objects.filter(event_id=event_id).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "id"))
        )
    )
    for number, question in enumerate(questions, start=1):
        question.number = number
    return questions


def assessment_of(*, event_id: int, kind: str) -> Assessment | None:
    return Assessment.objects.filter(event_id=event_id, kind=kind).select_related("event").first()


def materials_for_participant(*, event_id: int) -> QuerySet[Material]:
    return Material.objects.filter(event_id=event_id).select_related("speaker", "agenda_item")


def public_materials(*, event_id: int) -> QuerySet[Material]:
    return materials_for_participant(event_id=event_id).filter(is_public=True)


def gets_private_materials(registration: Registration) -> bool:
    """Only a verified registration (not pending, rejected or cancelled) gets the event's
    private materials; the others see the public ones, as anyone does (issue #17
    finding 9)."""
    return registration.status == Registration.Status.VERIFIED


def materials_of_registration(*, registration: Registration) -> QuerySet[Material]:
    """The materials a private link may download."""
    if gets_private_materials(registration):
        return materials_for_participant(event_id=registration.event_id)
    return public_materials(event_id=registration.event_id)


@dataclass
class TestState:
    """What the private page says about one test or the survey for one person."""

    kind: str
    label: str
    assessment: Assessment | None
    submission: Submission | None
    now: object

    @property
    def is_open(self) -> bool:
        return bool(self.assessment and self.assessment.is_open(self.now))

    @property
    def not_yet(self) -> bool:
        return bool(self.assessment and self.now < self.assessment.opens_at)

    @property
    def can_take(self) -> bool:
        return self.is_open and self.submission is None


@dataclass
class ParticipantLearning:
    materials: list[Material]
    tests: list[TestState]


def participant_learning(
    *, registration: Registration, now=None, fresh: bool = False
) -> ParticipantLearning:
    """Materials, and the state of each test and the survey, for the private page.

    The event's materials and test windows are the same for every participant, so
    they are kept per process like the seat lists (`event_learning`); the person's
    submissions are one query, asked only when the event has a test or a survey.
    `fresh`: read the windows now (the test pages, which let a person in or not).
    """
    now = now or timezone.now()
    materials, windows = event_learning(event=registration.event, fresh=fresh)
    submitted = {}
    if windows:
        # Matched to the kept windows by id: joining the assessment again would cost
        # a third of this section's time to compile.
        kinds = {assessment.pk: kind for kind, assessment in windows.items()}
        submitted = {
            kinds[s.assessment_id]: s
            for s in Submission.objects.filter(registration=registration)
            if s.assessment_id in kinds
        }
    tests = [
        TestState(kind, label, windows.get(kind), submitted.get(kind), now)
        for kind, label in Assessment.Kind.choices
        if kind in windows
    ]
    if not gets_private_materials(registration):
        materials = [material for material in materials if material.is_public]
    return ParticipantLearning(materials=materials, tests=tests)


def event_learning(
    *, event: Event, fresh: bool = False
) -> tuple[list[Material], dict[str, Assessment]]:
    """The event's materials and its test and survey windows by kind: two queries when
    built, kept per process for a few seconds (participants.public_cache). Saving or
    deleting a material or a window builds them again (see its receivers).

    `fresh`: read now, leaving the kept values alone (starting the event's kept data
    afresh would also throw away its seat lists and pages)."""

    def build():
        return (
            list(materials_for_participant(event_id=event.pk)),
            {a.kind: a for a in Assessment.objects.filter(event_id=event.pk)},
        )

    return build() if fresh else seat_data(event=event).get("learning", build)


# --- certificates ------------------------------------------------------------------


def certificate_rule_of(event: Event) -> CertificateRule:
    """The event's rule, or the default one (every day, no minimum score) unsaved."""
    return CertificateRule.objects.filter(event_id=event.pk).first() or CertificateRule(
        event_id=event.pk
    )


def certificate_registrations(event: Event) -> QuerySet[Registration]:
    """Active registrations that earn a certificate under the event's rule: present on every
    day (the default) or on any day, and with a post-test score of at least the minimum
    when one is set. One query for the rule, then the queryset is one query."""
    rule = certificate_rule_of(event)
    attended = Attendance.objects.filter(
        registration=OuterRef("pk"), day__gte=event.first_day, day__lte=event.last_day
    )
    registrations = Registration.objects.active().filter(event_id=event.pk)
    if rule.attendance == CertificateRule.Attendance.ANY_DAY:
        registrations = registrations.filter(Exists(attended))
    else:
        registrations = registrations.alias(
            days_present=Count(
                "attendances__day",
                filter=Q(
                    attendances__day__gte=event.first_day, attendances__day__lte=event.last_day
                ),
                distinct=True,
            )
        ).filter(days_present=len(event.days))
    if rule.min_post_score is not None:
        # correct / total >= minimum / 100, without division (and so without rounding).
        passed = (
            Submission.objects.filter(
                registration=OuterRef("pk"),
                assessment__event_id=event.pk,
                assessment__kind=Assessment.Kind.POST,
                total__gt=0,
            )
            .alias(hundredfold=F("correct") * 100)
            .filter(hundredfold__gte=F("total") * rule.min_post_score)
        )
        registrations = registrations.filter(Exists(passed))
    return registrations


# --- results -----------------------------------------------------------------------


def average(values: list[float]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def score_of(correct: int, total: int) -> Decimal:
    return (Decimal(correct) * 100 / Decimal(total)).quantize(CENT, ROUND_HALF_UP)


@dataclass
class TestSummary:
    kind: str
    label: str
    assessment: Assessment | None
    scores: list[Decimal] = field(default_factory=list)

    @property
    def takers(self) -> int:
        return len(self.scores)

    @property
    def average(self) -> Decimal | None:
        return average(self.scores)

    @property
    def lowest(self) -> Decimal | None:
        return min(self.scores) if self.scores else None

    @property
    def highest(self) -> Decimal | None:
        return max(self.scores) if self.scores else None

    @property
    def distribution(self) -> list[tuple[str, int]]:
        """People per band of score: [("0–20", 3), ("21–40", 10), ...]."""
        counts = Counter()
        for score in self.scores:
            for low, high in BANDS:
                if score <= high:
                    counts[(low, high)] += 1
                    break
        return [(f"{low}–{high}", counts[(low, high)]) for low, high in BANDS]


@dataclass
class QuestionResult:
    number: int
    text: str
    correct_answer: str
    pre_answered: int = 0
    pre_correct: int = 0
    post_answered: int = 0
    post_correct: int = 0

    @property
    def pre_percent(self) -> Decimal | None:
        return score_of(self.pre_correct, self.pre_answered) if self.pre_answered else None

    @property
    def post_percent(self) -> Decimal | None:
        return score_of(self.post_correct, self.post_answered) if self.post_answered else None


@dataclass
class RatingResult:
    name: str
    detail: str
    count: int
    average: Decimal | None


@dataclass
class TakerRow:
    name: str
    unit: str
    code: str
    pre: Decimal | None
    post: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre


@dataclass
class EvaluationResults:
    event: Event
    pre: TestSummary
    post: TestSummary
    registered: int
    takers: list[TakerRow]
    questions: list[QuestionResult]
    speakers: list[RatingResult]
    materials: list[RatingResult]
    survey_count: int
    comments: list[str]

    @property
    def both_count(self) -> int:
        return sum(1 for row in self.takers if row.gain is not None)

    @property
    def gain(self) -> Decimal | None:
        """Average post-test minus average pre-test, in points."""
        if self.pre.average is None or self.post.average is None:
            return None
        return self.post.average - self.pre.average

    @property
    def paired_gain(self) -> Decimal | None:
        """The average gain of the people who took both tests."""
        return average([row.gain for row in self.takers if row.gain is not None])

    @property
    def has_data(self) -> bool:
        return bool(self.pre.takers or self.post.takers or self.survey_count)


def evaluation_results(*, event: Event) -> EvaluationResults:
    """Everything the results page and the laporan evaluasi show, in eight queries: the
    windows, the registrations counted, the submissions with their people, the questions
    (two), the answers counted per question, the ratings averaged, the comments."""
    windows = {a.kind: a for a in Assessment.objects.filter(event_id=event.pk)}
    labels = dict(Assessment.Kind.choices)
    pre = TestSummary("pre", str(labels["pre"]), windows.get("pre"))
    post = TestSummary("post", str(labels["post"]), windows.get("post"))
    registered = Registration.objects.active().filter(event_id=event.pk).count()
    takers = _takers(event, pre=pre, post=post)
    questions = _question_results(event)
    speakers, materials = _ratings(event)
    survey = Submission.objects.filter(
        assessment__event_id=event.pk, assessment__kind=Assessment.Kind.SURVEY
    )
    comments = list(
        survey.exclude(comment="").order_by("submitted_at", "pk").values_list("comment", flat=True)
    )
    return EvaluationResults(
        event=event,
        pre=pre,
        post=post,
        registered=registered,
        takers=takers,
        questions=questions,
        speakers=speakers,
        materials=materials,
        survey_count=survey.count(),
        comments=comments,
    )


def _takers(event: Event, *, pre: TestSummary, post: TestSummary) -> list[TakerRow]:
    """One row per person who took the pre or post test, with both scores; each score
    also goes into its test's summary (one query)."""
    rows: dict[int, TakerRow] = {}
    submissions = (
        Submission.objects.filter(
            assessment__event_id=event.pk,
            assessment__kind__in=[Assessment.Kind.PRE, Assessment.Kind.POST],
            total__gt=0,
        )
        .select_related("assessment", "registration__unit__district", "registration__unit__village")
        .order_by("registration__full_name", "registration_id")
    )
    for submission in submissions:
        person = submission.registration
        row = rows.get(person.pk)
        if row is None:
            row = rows[person.pk] = TakerRow(
                person.full_name, unit_label(person.unit), person.code, None, None
            )
        score = score_of(submission.correct, submission.total)
        summary = pre if submission.assessment.kind == Assessment.Kind.PRE else post
        summary.scores.append(score)
        setattr(row, summary.kind, score)
    return list(rows.values())


def _question_results(event: Event) -> list[QuestionResult]:
    """Each question with how many answered it and how many correctly, per test (three
    queries)."""
    questions = event_questions(event_id=event.pk)
    by_question = {
        q.pk: QuestionResult(
            number=q.number,
            text=q.text,
            correct_answer=next((c.text for c in q.choices.all() if c.is_correct), ""),
        )
        for q in questions
    }
    counted = (
        Answer.objects.filter(question__event_id=event.pk)
        .values("question_id", "submission__assessment__kind")
        .annotate(answered=Count("id"), correct=Count("id", filter=Q(is_correct=True)))
        .order_by()
    )
    for line in counted:
        result = by_question.get(line["question_id"])
        if result is None:
            continue
        kind = line["submission__assessment__kind"]
        setattr(result, f"{kind}_answered", line["answered"])
        setattr(result, f"{kind}_correct", line["correct"])
    return [by_question[q.pk] for q in questions]


def _ratings(event: Event) -> tuple[list[RatingResult], list[RatingResult]]:
    """Average score per speaker and per material, every one listed (none rated: no average).
    Two queries: the speakers, the materials, each with its ratings aggregated."""
    speakers = [
        RatingResult(
            s.name,
            s.topic,
            s.rating_count,
            Decimal(s.rating_avg).quantize(CENT, ROUND_HALF_UP) if s.rating_avg else None,
        )
        for s in event.speakers.annotate(
            rating_count=Count("ratings"), rating_avg=Avg("ratings__score")
        ).order_by("order", "id")
    ]
    materials = [
        RatingResult(
            m.title,
            m.speaker.name if m.speaker else "",
            m.rating_count,
            Decimal(m.rating_avg).quantize(CENT, ROUND_HALF_UP) if m.rating_avg else None,
        )
        for m in Material.objects.filter(event_id=event.pk)
        .select_related("speaker")
        .annotate(rating_count=Count("ratings"), rating_avg=Avg("ratings__score"))
        .order_by("order", "id")
    ]
    return speakers, materials
