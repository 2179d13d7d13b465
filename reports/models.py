"""Numbers of official documents (nomor surat), one register per office.

A number reads `{running}/{classification}-{doc_type}/{satker}/{year}`, e.g.
`231/PL.02-BA/1509/2024`. Running numbers count per office, document type and
year; the database refuses the same running number or the same full number
twice, whatever the code above it does.
"""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from accounts.model_fields import acting_user, optional_fk
from bodies.models import Body
from events.models import Event

CLASSIFICATION_VALIDATOR = RegexValidator(
    r"^[A-Z]{2}\.\d{2}(\.\d{2})*$",
    _("Use an archive classification code such as PL.02, PP.06 or PK.01."),
)
DOC_TYPE_VALIDATOR = RegexValidator(
    r"^[A-Za-z]{1,6}$", _("Use a document type code such as BA, Und, ST, LP or Kpt.")
)


class DocumentNumber(models.Model):
    class DocType(models.TextChoices):
        BA = "BA", _("Official record (berita acara)")
        UND = "Und", _("Invitation (undangan)")
        ST = "ST", _("Assignment letter (surat tugas)")
        LP = "LP", _("Report (laporan)")
        KPT = "Kpt", _("Decision (keputusan)")
        SRT = "Srt", _("Certificate (sertifikat)")

    office = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="document_numbers", verbose_name=_("office")
    )
    classification = models.CharField(
        _("classification"), max_length=20, validators=[CLASSIFICATION_VALIDATOR]
    )
    # Not limited to DocType: offices use other codes too; DocType is what the portal makes.
    doc_type = models.CharField(_("document type"), max_length=6, validators=[DOC_TYPE_VALIDATOR])
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    running_number = models.PositiveIntegerField(
        _("running number"), validators=[MinValueValidator(1)]
    )
    number = models.CharField(_("number"), max_length=80)
    event = optional_fk(
        Event, models.SET_NULL, related_name="document_numbers", verbose_name=_("event")
    )
    document = models.CharField(
        _("document"),
        max_length=40,
        blank=True,
        help_text=_("Which document carries the number, e.g. berita-acara."),
    )
    entered_manually = models.BooleanField(
        _("entered manually"),
        default=False,
        help_text=_("Given outside the portal (e.g. from the office's paper register)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = acting_user(_("created by"))

    class Meta:
        ordering = ["office", "-year", "doc_type", "-running_number"]
        verbose_name = _("document number")
        verbose_name_plural = _("document numbers")
        # Printing a draft or a reprint needs only events.view_event; taking a number
        # writes into the office's register, which is this permission's.
        permissions = [("allocate_number", _("Can take a new number from the register"))]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "doc_type", "year", "running_number"],
                name="document_number_running_once_per_office_type_year",
            ),
            models.UniqueConstraint(
                fields=["office", "number"], name="document_number_once_per_office"
            ),
            models.CheckConstraint(
                condition=Q(running_number__gte=1), name="document_number_running_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number


def format_document_number(
    *, running_number: int, classification: str, doc_type: str, satker: str, year: int
) -> str:
    return f"{running_number}/{classification}-{doc_type}/{satker}/{year}"


class BackgroundJob(DBTaskResult):
    """The task queue's record of a document made in the background (reports/admin_jobs.py).

    A proxy, so the admin can show it under the reports app with Indonesian
    labels; staff follow their jobs on the print page, superusers see failures here.
    """

    class Meta:
        proxy = True
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
