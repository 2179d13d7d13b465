"""The "Cetak dokumen" page, background jobs' progress and downloads, certificate checks.

Small documents are rendered in the request and sent as an attachment; long
ones (see `reports.tasks.needs_background`) are enqueued and the user is sent
to a job page that refreshes itself until the file is ready.
"""

import io
import logging
from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from events.access import office_required
from events.dates import date_long_indonesian
from events.models import Event
from events.selectors import event_for_staff
from participants.models import Registration
from reports import tasks
from reports.documents import (
    DOCUMENT_TITLES,
    DOCUMENTS,
    DocumentError,
    berita_acara,
    build_document,
    laporan_partisipasi,
)
from reports.documents.base import NUMBERING, PLENARY_DOCUMENT, clean_date, current_numbers
from reports.documents.sertifikat import is_present
from reports.readiness import print_readiness
from reports.verification import registration_pk_from

logger = logging.getLogger(__name__)

VIEW_EVENT = "events.view_event"

# The date options, and the day each document is dated when left empty (the picker shows it).
DATE_DEFAULTS = {
    "date": berita_acara.default_date,
    "signed_on": laporan_partisipasi.default_signed_on,
}


class DatePickerInput(forms.DateInput):
    input_type = "date"  # the browser's date picker, which sends YYYY-MM-DD


class DocumentDateField(forms.Field):
    """A document's date, read by the documents' own parser (`clean_date`).

    So the page refuses exactly what the builders and `render_document` refuse,
    with the same message. Left empty, it is None: the builder's own default.
    """

    widget = DatePickerInput(format="%Y-%m-%d")

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return clean_date(value)
        except DocumentError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class DocumentOptionsForm(forms.Form):
    paper = forms.ChoiceField(
        label=_("Paper"),
        choices=[("A4", "A4"), ("F4", _("F4 / Folio (215 × 330 mm)"))],
        initial="A4",
    )
    day = forms.TypedChoiceField(label=_("Day"), choices=(), required=False, empty_value=None)
    blank = forms.TypedChoiceField(
        label=_("Contents"),
        choices=[("0", _("Filled in (attendance recorded)")), ("1", _("Blank, to sign on paper"))],
        coerce=lambda value: value == "1",
        initial="0",
    )
    date = DocumentDateField(
        label=_("Date of the berita acara"),
        help_text=_("Left empty: the first day of the event."),
    )
    signed_on = DocumentDateField(
        label=_("Signing date"), help_text=_("Left empty: the day it is printed.")
    )
    number_mode = forms.ChoiceField(
        label=_("Number"),
        choices=[
            ("none", _("Draft (no number)")),
            ("new", _("Take the next number")),
            ("manual", _("Number given outside the portal")),
        ],
        initial="none",
    )
    classification = forms.CharField(
        label=_("Classification code"),
        max_length=20,
        required=False,
        help_text=_("In a new number and in a draft: PP.06 (bimbingan teknis), PL.02, PK.01 …"),
    )
    number = forms.CharField(
        label=_("Number given outside the portal"),
        max_length=80,
        required=False,
        help_text=_("For example 231/PL.02-BA/1509/2024."),
    )
    registration = forms.CharField(
        label=_("Registration code"),
        max_length=12,
        required=False,
        help_text=_("Leave empty for the certificates of every participant present."),
    )

    def __init__(self, *args, event: Event, document: str, current: str | None = None, **kwargs):
        """`current`: the number the document already carries (`base.current_numbers`)."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.document = document
        wanted = set(tasks.OPTION_FIELDS.get(document, ()))
        if document in NUMBERING:
            wanted.add("number_mode")
            self.fields["classification"].initial = NUMBERING[document].classification
            if current:
                self._offer_reprint(current)
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "day" in self.fields:
            days = event.days
            self.fields["day"].choices = [
                (
                    str(n),
                    gettext("Day %(n)s – %(date)s") % {"n": n, "date": date_long_indonesian(d)},
                )
                for n, d in enumerate(days, start=1)
            ]
            self.fields["day"].coerce = int
            self.fields["day"].initial = "1"
            self.fields["day"].required = True
        for name, default in DATE_DEFAULTS.items():
            if name in self.fields:
                self.fields[name].initial = default(event).isoformat()  # the picker shows it
        self.prefix = document

    def _offer_reprint(self, current: str) -> None:
        """A numbered document is printed again with its number unless asked otherwise."""
        field = self.fields["number_mode"]
        reprint = ("reuse", gettext("Print again with number %(number)s") % {"number": current})
        choices = [reprint, *field.choices]
        if self.document == PLENARY_DOCUMENT and self.event.plenary_ba_number:
            # The event records the plenary's number: no other number is offered.
            choices = [c for c in choices if c[0] in ("reuse", "none")]
        field.choices = choices
        field.initial = "reuse"

    def clean_registration(self):
        code = self.cleaned_data["registration"].strip().upper()
        if not code:
            return None
        registration = Registration.objects.filter(event=self.event, code=code).first()
        if registration is None:
            raise forms.ValidationError(_("No registration of this event has that code."))
        return registration

    def clean(self):
        data = super().clean()
        mode = data.get("number_mode")
        if mode == "manual" and not (data.get("number") or "").strip():
            self.add_error("number", _("Type the number the office gave."))
        return data


@login_required
@permission_required(VIEW_EVENT, raise_exception=True)
@office_required
def print_page(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    numbers = current_numbers(event)
    documents = [
        {
            "name": name,
            "title": DOCUMENT_TITLES.get(name, name),
            "form": _form(event, name, current=numbers.get(name)),
        }
        for name in DOCUMENTS
    ]
    context = {
        "event": event,
        "documents": documents,
        "readiness": print_readiness(office=event.organiser),
    }
    return render(request, "reports/print_page.html", context)


def _form(event: Event, document: str, data=None, current=None) -> DocumentOptionsForm:
    return DocumentOptionsForm(data, event=event, document=document, current=current)


@login_required
@permission_required(VIEW_EVENT, raise_exception=True)
@office_required
@require_POST
def print_document(request, slug, document):
    event = event_for_staff(user=request.user, slug=slug)
    if document not in DOCUMENTS:
        raise Http404
    current = current_numbers(event).get(document) if document in NUMBERING else None
    form = _form(event, document, request.POST, current=current)
    if not form.is_valid():
        errors = "; ".join(e for field_errors in form.errors.values() for e in field_errors)
        messages.error(
            request,
            gettext("%(document)s: %(errors)s")
            % {
                "document": DOCUMENT_TITLES.get(document, document),
                "errors": errors,
            },
        )
        return redirect("reports:print", slug=event.slug)
    options = _number_options({k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    options["site_url"] = request.build_absolute_uri("/")
    try:
        if tasks.needs_background(event=event, document=document, options=options):
            job_id = tasks.job_start(
                slug=event.slug,
                document=document,
                options=tasks.options_to_json(options),
                user_id=request.user.pk,
            )
            return redirect("reports:job", job_id=job_id)
        # The builder takes or records the number, once nothing can refuse the document.
        result = build_document(
            document, event=event, actor=request.user, **tasks.builder_options(document, options)
        )
    except DocumentError as error:
        messages.error(request, str(error))
        return redirect("reports:print", slug=event.slug)
    return FileResponse(
        io.BytesIO(result.pdf),
        as_attachment=True,
        filename=result.filename,
        content_type="application/pdf",
    )


def _number_options(options: dict) -> dict:
    """The page's number choice as the builders take it.

    "reuse" (print again with its number) asks for nothing: the builder keeps
    the number the document carries. "none" asks for a draft, "new" to
    allocate (refused if it has a number), "manual" records the number typed.
    """
    mode = options.pop("number_mode", None)
    if mode != "manual":
        options.pop("number", None)
    if mode == "new":
        options["allocate"] = True
    elif mode == "none":
        options["draft"] = True
    return options


def _job_for(request, job_id: str) -> dict:
    """The job if it exists and belongs to this user (or the user is a superuser); else 404."""
    job = tasks.job_get(job_id)
    if job is None:
        raise Http404
    if job.get("user_id") != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@login_required
@permission_required(VIEW_EVENT, raise_exception=True)
def job_status(request, job_id):
    job = _job_for(request, job_id)
    total = job.get("total") or 0
    percent = int(100 * (job.get("done") or 0) / total) if total else 0
    context = {
        "job": job,
        "job_id": job_id,
        "percent": percent,
        "title": DOCUMENT_TITLES.get(job.get("document"), job.get("document")),
        "refresh": job.get("state") in ("queued", "running"),
        "filename": PurePosixPath(job["file"]).name if job.get("file") else "",
    }
    return render(request, "reports/print_job.html", context)


@login_required
@permission_required(VIEW_EVENT, raise_exception=True)
def job_download(request, job_id):
    job = _job_for(request, job_id)
    path = job.get("file")
    if job.get("state") != "done" or not path or not default_storage.exists(path):
        raise Http404
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=PurePosixPath(path).name,
        content_type="application/pdf",
    )


def verify(request, code):
    """Public: does this certificate number belong to a participant who was present?"""
    number = code.strip().upper()[:40]
    pk = registration_pk_from(number)
    registration = (
        Registration.objects.select_related("event").filter(pk=pk).first() if pk else None
    )
    valid = registration is not None and is_present(registration)
    context = {
        "code": number,
        "valid": valid,
        "name": registration.full_name if valid else "",
        "event": registration.event if valid else None,
    }
    return render(request, "reports/print_verify.html", context, status=200 if valid else 404)


def print_url(event: Event) -> str:
    """The "Cetak dokumen" page of an event, for links from the admin."""
    return reverse("reports:print", args=[event.slug])
