"""The "Cetak dokumen" page, background jobs' progress and downloads, certificate checks.

Small documents are rendered in the request and sent as an attachment; long
ones (see `reports.tasks.needs_background`) are enqueued and the user is sent
to a job page that refreshes itself until the file is ready.
"""

import logging
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.permissions import ALLOCATE_NUMBER, VIEW_EVENT
from events.access import staff_required
from events.models import Event
from events.selectors import event_for_staff
from participants.access_log import access_record
from participants.checkin_roster import devices_not_sent
from participants.models import AccessLog, Registration
from reports import tasks
from reports.documents import (
    DOCUMENTS,
    DocumentError,
    build_document,
    current_numbers,
    document_title,
)
from reports.documents.sertifikat import is_present
from reports.forms import DocumentOptionsForm
from reports.numbering import NumberMode
from reports.pdf import pdf_stream
from reports.readiness import print_readiness
from reports.verification import registration_pk_from

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_required(VIEW_EVENT, whole_event=True)
def print_page(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    numbers = current_numbers(event)
    may_number = request.user.has_perm(ALLOCATE_NUMBER)
    documents = [
        {
            "name": spec.slug,
            "title": spec.title,
            "formats": spec.formats,
            "form": DocumentOptionsForm(
                event=event,
                spec=spec,
                current=numbers.get(spec.slug),
                may_number=may_number,
                regency=request.GET.get("kabupaten", "")[:13],
            ),
        }
        for spec in DOCUMENTS.values()
    ]
    context = {
        "event": event,
        "documents": documents,
        "readiness": print_readiness(office=event.organiser),
        # Offline desks still holding scans: the daftar hadir is not final until they send.
        "devices_not_sent": devices_not_sent(event=event),
    }
    return render(request, "reports/print_page.html", context)


@staff_required(VIEW_EVENT, whole_event=True)
@require_POST
def print_document(request, slug, document):
    event = event_for_staff(user=request.user, slug=slug)
    spec = DOCUMENTS.get(document)
    if spec is None:
        raise Http404
    current = current_numbers(event).get(document) if spec.numbered else None
    # Without the numbering permission "new" and "manual" are not choices: refused here,
    # before a background job (which runs as nobody) could take a number.
    may_number = request.user.has_perm(ALLOCATE_NUMBER)
    form = DocumentOptionsForm(
        request.POST, event=event, spec=spec, current=current, may_number=may_number
    )
    if not form.is_valid():
        errors = "; ".join(e for field_errors in form.errors.values() for e in field_errors)
        messages.error(
            request,
            gettext("%(document)s: %(errors)s")
            % {
                "document": spec.title,
                "errors": errors,
            },
        )
        return redirect("reports:print", slug=event.slug)
    options = form.document_options()
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
    _record_download(request, event=event, document=document)
    return FileResponse(
        pdf_stream(result.pdf),
        as_attachment=True,
        filename=result.filename,
        content_type=result.content_type,
    )


def _record_download(request, *, event, document: str) -> None:
    """Every document names people (participants, officials): each download is logged."""
    access_record(user=request.user, action=AccessLog.Action.DOCUMENT, event=event, detail=document)


def _job_for(request, job_id: str) -> dict:
    """The job if it exists and belongs to this user (or the user is a superuser); else 404."""
    job = tasks.job_get(job_id)
    if job is None:
        raise Http404
    if job.get("user_id") != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


@staff_required(VIEW_EVENT)
def job_status(request, job_id):
    job = _job_for(request, job_id)
    total = job.get("total") or 0
    percent = int(100 * (job.get("done") or 0) / total) if total else 0
    context = {
        "job": job,
        "job_id": job_id,
        "percent": percent,
        "title": document_title(job.get("document")),
        "refresh": job.get("state") in ("queued", "running"),
        "filename": PurePosixPath(job["file"]).name if job.get("file") else "",
    }
    return render(request, "reports/print_job.html", context)


@staff_required(VIEW_EVENT, whole_event=True)
@require_POST
def job_retry(request, job_id):
    """ "Buat ulang" on a failed job's page: the same document with the same options, anew."""
    job = _job_for(request, job_id)
    if job.get("state") != "failed" or job.get("options") is None:
        return redirect("reports:job", job_id=job_id)
    event = event_for_staff(user=request.user, slug=job.get("slug", ""))
    # As print_document: taking or typing a number is this permission's, whoever queued it.
    numbering = job["options"].get("number_mode") in (NumberMode.NEW, NumberMode.MANUAL)
    if numbering and not request.user.has_perm(ALLOCATE_NUMBER):
        raise PermissionDenied
    new_id = tasks.job_start(
        slug=event.slug,
        document=job["document"],
        options=job["options"],
        user_id=request.user.pk,
    )
    return redirect("reports:job", job_id=new_id)


@staff_required(VIEW_EVENT)
def job_download(request, job_id):
    job = _job_for(request, job_id)
    path = job.get("file")
    if job.get("state") != "done" or not path or not default_storage.exists(path):
        raise Http404
    _record_download(
        request,
        event=Event.objects.filter(slug=job.get("slug", "")).first(),
        document=job.get("document", ""),
    )
    name = PurePosixPath(path).name
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=name,
        content_type=XLSX_TYPE if name.endswith(".xlsx") else "application/pdf",
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
