"""Materials, the pre-test and post-test, the satisfaction survey, and who gets a certificate.

Questions belong to the event: the pre-test and the post-test ask the same
ones, so the gain between them measures what the training taught. A person
submits each test and the survey once (a unique constraint); each is open only
between the times staff set.
"""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.model_fields import optional_fk
from events.models import AgendaItem, Event, Speaker, owning_event
from participants.models import owning_registration

from .filetypes import TYPES
from .storage import material_storage


def material_path(instance: "Material", filename: str) -> str:
    # A random name: the original one is kept in `file_name` for the download only.
    return f"materials/{instance.event_id}/{uuid.uuid4().hex}.{instance.file_type or 'bin'}"


class Material(models.Model):
    event = owning_event(related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    agenda_item = optional_fk(
        AgendaItem, models.SET_NULL, related_name="materials", verbose_name=_("agenda item")
    )
    speaker = optional_fk(
        Speaker, models.SET_NULL, related_name="materials", verbose_name=_("speaker")
    )
    file = models.FileField(
        _("file"),
        upload_to=material_path,
        storage=material_storage,
        max_length=200,
        help_text=_("PDF, PowerPoint (PPTX), Word (DOCX) or Excel (XLSX), at most 20 MB."),
    )
    file_name = models.CharField(_("file name"), max_length=200, editable=False)
    file_type = models.CharField(
        _("file type"),
        max_length=4,
        choices=[(code, t.label) for code, t in TYPES.items()],
        editable=False,
    )
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public: anyone can download it from the event page. Otherwise only "
            "registered participants, through their private link."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB".replace(".", ",")
        return f"{max(1, round(self.size / 1024))} KB"

    def clean(self) -> None:
        event_id = self.event_id
        errors = {}
        if self.agenda_item_id and event_id and self.agenda_item.event_id != event_id:
            errors["agenda_item"] = _("Choose a session of this event.")
        if self.speaker_id and event_id and self.speaker.event_id != event_id:
            errors["speaker"] = _("Choose a speaker of this event.")
        if errors:
            raise ValidationError(errors)


class Assessment(models.Model):
    """When the pre-test, the post-test or the survey of an event is open."""

    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")
        SURVEY = "survey", _("Satisfaction survey")

    event = owning_event(related_name="assessments")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))

    class Meta:
        ordering = ["event", "kind"]
        verbose_name = _("test or survey")
        verbose_name_plural = _("tests and survey")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind"],
                name="assessment_once_per_event",
                violation_error_message=_("This event already has this test."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="assessment_closes_after_opening",
                violation_error_message=_("A test must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.event}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("A test must close after it opens.")
        event = getattr(self, "event", None)
        if event is not None and event.pk and self.opens_at and self.closes_at and not errors:
            errors.update(self._against_agenda(event))
        if errors:
            raise ValidationError(errors)

    def _against_agenda(self, event: Event) -> dict:
        """The pre-test is taken before the first session, the post-test after the last."""
        first_start, last_end = session_bounds(event)
        if self.kind == self.Kind.PRE and first_start and self.closes_at > first_start:
            return {
                "closes_at": _(
                    "The pre-test must close by the start of the first session (%(when)s)."
                )
                % {"when": _local(first_start)}
            }
        if (
            self.kind in (self.Kind.POST, self.Kind.SURVEY)
            and last_end
            and self.opens_at < last_end
        ):
            return {
                "opens_at": _(
                    "The post-test and the survey open after the last session ends (%(when)s)."
                )
                % {"when": _local(last_end)}
            }
        return {}


def session_bounds(event: Event) -> tuple[datetime | None, datetime | None]:
    """When the first session starts and the last one ends (local time), from the agenda."""
    items = list(event.agenda_items.order_by("day", "start_time"))
    if not items:
        return None, None
    first, last = items[0], max(items, key=lambda i: (i.day, i.end_time or i.start_time))
    zone = timezone.get_current_timezone()
    start = datetime.combine(first.day, first.start_time, tzinfo=zone)
    end = datetime.combine(last.day, last.end_time or last.start_time, tzinfo=zone)
    return start, end


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M")


class Question(models.Model):
    event = owning_event(related_name="questions")
    text = models.TextField(_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(is_correct=True),
                name="choice_one_correct_per_question",
                violation_error_message=_("A question has exactly one correct answer."),
            )
        ]

    def __str__(self) -> str:
        return self.text


class Submission(models.Model):
    """One person's pre-test, post-test or survey, submitted once."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("test")
    )
    registration = owning_registration(related_name="submissions")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    correct = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    total = models.PositiveSmallIntegerField(_("questions"), default=0)
    comment = models.TextField(_("comments and suggestions"), blank=True)

    class Meta:
        ordering = ["assessment", "submitted_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "registration"], name="submission_once_per_person"
            ),
            models.CheckConstraint(
                condition=Q(correct__lte=models.F("total")), name="submission_correct_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.registration}"

    @property
    def score(self) -> float | None:
        """Percent of the questions answered correctly (0-100)."""
        if not self.total:
            return None
        return self.correct * 100 / self.total


class Answer(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="answers", verbose_name=_("submission")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice, on_delete=models.CASCADE, related_name="answers", verbose_name=_("answer")
    )
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice}"


class Rating(models.Model):
    """A survey score from 1 to 5 for one speaker or one material."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("submission")
    )
    speaker = optional_fk(
        Speaker, models.CASCADE, related_name="ratings", verbose_name=_("speaker")
    )
    material = optional_fk(
        Material, models.CASCADE, related_name="ratings", verbose_name=_("material")
    )
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(speaker__isnull=False, material__isnull=True)
                | Q(speaker__isnull=True, material__isnull=False),
                name="rating_speaker_or_material",
            ),
            models.UniqueConstraint(
                fields=["submission", "speaker"], name="rating_once_per_speaker"
            ),
            models.UniqueConstraint(
                fields=["submission", "material"], name="rating_once_per_material"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker or self.material}: {self.score}"


class CertificateRule(models.Model):
    """Who gets a certificate. Without a row: present on every day of the event."""

    class Attendance(models.TextChoices):
        EVERY_DAY = "every_day", _("Present on every day")
        ANY_DAY = "any_day", _("Present on at least one day")

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="certificate_rule", verbose_name=_("event")
    )
    attendance = models.CharField(
        _("attendance required"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.EVERY_DAY,
    )
    min_post_score = models.PositiveSmallIntegerField(
        _("minimum post-test score"),
        null=True,
        blank=True,
        help_text=_("0-100. Empty: the post-test does not decide."),
    )

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rule")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_post_score__isnull=True) | Q(min_post_score__lte=100),
                name="certificate_rule_score_percent",
                violation_error_message=_("A score is between 0 and 100."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_attendance_display())
