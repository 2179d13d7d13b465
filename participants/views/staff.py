"""The staff pages of registrations: the list and its exports, a record, and what staff
do to it (verify, reject, cancel, correct, substitute, a new private link)."""

from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import FULL_NIK, VERIFY_REGISTRATION, VIEW_REGISTRATION
from bodies.models import Body
from events.access import staff_required
from events.models import Event
from events.selectors import event_for_staff
from events.site import absolute_url

from .. import bulk_reject, errors, exports, services
from ..access import database_id
from ..access_log import access_record
from ..codes import CODE_LENGTH, normalise_code
from ..forms import (
    CorrectionForm,
    SubstituteForm,
    add_domain_error,
    form_saved,
)
from ..models import AccessLog, Registration
from ..paging import KeysFirst
from ..qr import qr_svg
from ..ratelimit import rate_limited
from ..selectors import (
    RegistrationFilter,
    list_regions,
    registration_for_staff,
    registration_list,
    registration_log,
    unit_scope,
)


def _filters_from(request, event: Event, *, offer: bool = True) -> tuple[RegistrationFilter, dict]:
    get = request.GET
    kind = get.get("unsur", "")
    if kind not in (Body.Kind.KPU_KABKOTA, Body.Kind.PPK, Body.Kind.PPS):
        kind = ""
    status = get.get("status", "")
    if status not in Registration.Status.values:
        status = ""
    regions = list_regions(
        event=event,
        regency_id=database_id(get.get("kabupaten", "")),
        district_id=database_id(get.get("kecamatan", "")),
        offer=offer,  # the list shows the choices; an export only checks what was asked
    )
    day = None
    if get.get("hari"):
        try:
            day = date.fromisoformat(get["hari"])
        except ValueError:
            day = None
    text = " ".join(get.get("q", "").split())[:100]
    # A code is found as the check-in desk finds it: "abcd-2345" is ABCD2345.
    code = normalise_code(text)
    code = code if len(code) == CODE_LENGTH else ""
    chosen = {
        "unsur": kind,
        "status": status,
        "kabupaten": regions.regency_id,
        "kecamatan": regions.district_id,
        "hari": day,
        "q": text,
        "regions": regions,
    }
    return RegistrationFilter(
        body_kind=kind,
        regency_id=regions.regency_id,
        district_id=regions.district_id,
        status=status,
        day=day,
        text=text,
        code=code,
        units=unit_scope(user=request.user),  # the list and its exports alike
    ), chosen


def _list_url_from(next_url: str, event: Event) -> str:
    """The back link of a record: `next` if it is this event's list (a relative URL,
    its query string re-encoded), else the plain list. Never another site or page."""
    list_url = reverse("participants:staff-list", args=[event.slug])
    parts = urlsplit(next_url or "")
    if parts.scheme or parts.netloc or parts.path != list_url:
        return list_url
    query = urlencode(parse_qsl(parts.query))
    return f"{list_url}?{query}" if query else list_url


@staff_required(VIEW_REGISTRATION)
def staff_list(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    filters, chosen = _filters_from(request, event)
    page = Paginator(KeysFirst(registration_list(event=event, filters=filters)), 100).get_page(
        request.GET.get("halaman")
    )
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "participants/staff_list.html",
        {
            "event": event,
            "page": page,
            "days": event.days,
            "regencies": chosen["regions"].regencies,
            "districts": chosen["regions"].districts,
            "chosen": chosen,
            "statuses": Registration.Status.choices,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "first_number": page.start_index(),
            # The masked NIK's visible digits with the sex fix the birth date: no sex without it.
            "show_full_nik": request.user.has_perm(FULL_NIK),
        },
    )


@staff_required(VIEW_REGISTRATION, VERIFY_REGISTRATION)
@require_POST
def staff_reject_bulk(request, slug):
    """Reject the registrations chosen on the list, with one reason: asks first (a page
    naming each one), then rejects on the confirming post. Only pending registrations
    the account sees on the list are taken; see bulk_reject."""
    event = event_for_staff(user=request.user, slug=slug)
    ids = [pk for pk in map(database_id, request.POST.getlist("pk")) if pk is not None]
    reason = request.POST.get("reason", "").strip()
    back = _list_url_from(request.POST.get("next", ""), event)
    if request.POST.get("confirm") != "1":
        chosen = bulk_reject.pending_for_bulk(event=event, user=request.user, ids=ids)
        if not chosen:
            messages.error(request, _("Choose at least one registration awaiting verification."))
            return redirect(back)
        if not reason:
            messages.error(request, _("Say why the registrations are rejected."))
            return redirect(back)
        return render(
            request,
            "participants/staff_reject_bulk.html",
            {"event": event, "chosen": chosen, "reason": reason, "back_url": back},
        )
    try:
        result = bulk_reject.registrations_reject_pending(
            event=event, ids=ids, actor=request.user, reason=reason
        )
    except errors.ParticipantError as error:
        messages.error(request, error.message)
        return redirect(back)
    count = len(result.rejected)
    messages.success(
        request,
        ngettext(
            "%(count)d registration has been rejected.",
            "%(count)d registrations have been rejected.",
            count,
        )
        % {"count": count},
    )
    for registration, message in result.refused:
        messages.error(request, f"{registration.code}: {message}")
    return redirect(back)


@staff_required(VIEW_REGISTRATION)
def staff_export(request, slug, fmt):
    event = event_for_staff(user=request.user, slug=slug)
    filters, _chosen = _filters_from(request, event, offer=False)
    stamp = timezone.localdate().isoformat()
    personal = request.user.has_perm(FULL_NIK)  # the sex column (see exports.headers)
    if fmt == "csv":
        # Streamed: a national event's list is ~90,000 lines, never held in memory whole.
        response = StreamingHttpResponse(
            exports.registrations_csv_lines(event=event, filters=filters, personal=personal),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            exports.registrations_xlsx(event=event, filters=filters, personal=personal),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="peserta-{event.slug}-{stamp}.{fmt}"'
    access_record(
        user=request.user,
        action=AccessLog.Action.EXPORT_CSV if fmt == "csv" else AccessLog.Action.EXPORT_XLSX,
        event=event,
        detail=request.GET.urlencode(),
    )
    return response


def _staff_registration(request, pk: int) -> Registration:
    """A registration of an event the account may see; 404 for any other, as for none."""
    registration = registration_for_staff(pk=pk, user=request.user)
    if registration is None:
        raise Http404
    return registration


def _staff_detail_page(request, registration: Registration, **extra) -> HttpResponse:
    show_full_nik = request.user.has_perm(FULL_NIK)
    if show_full_nik:
        access_record(
            user=request.user, action=AccessLog.Action.FULL_NIK, registration=registration
        )
    return render(
        request,
        "participants/staff_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "show_full_nik": show_full_nik,
            "log": registration_log(registration=registration),
            "attendances": registration.attendances.all(),
            "back_url": _list_url_from(request.GET.get("next", ""), registration.event),
            **extra,
        },
    )


@staff_required(VIEW_REGISTRATION)
def staff_detail(request, pk):
    return _staff_detail_page(request, _staff_registration(request, pk))


# The answer holds the new link, shown this once: rendered in the POST's own response
# (no redirect through a message cookie or the session), and never cached.
# Whoever holds a link opens everything the portal keeps about the person, the whole
# NIK and date of birth among it (the data download): so only an account that may see
# them issues one. Without view_full_nik a staff member could otherwise read any NIK
# of their area by issuing a link and following it.
@staff_required(FULL_NIK, VERIFY_REGISTRATION)
@require_POST
def staff_private_link(request, pk):
    registration = _staff_registration(request, pk)
    token = services.registration_private_link_issue(registration=registration, actor=request.user)
    url = absolute_url(reverse("participants:detail", args=[token]), request=request)
    return _staff_detail_page(
        request,
        registration,
        new_private_url=url,
        new_private_qr_svg=qr_svg(url),
        log=registration_log(registration=registration),
    )


def old_private_link(request, code):
    """/daftar/r/<code>/: the code was the private link until links got their own secret."""
    return render(request, "participants/private_link_invalid.html", status=410)


def _staff_action(request, pk, service, success, **arguments):
    """`service` (a registration_* state change) on the registration, by this staff
    member, with `arguments`; back to the record with `success` or the refusal."""
    registration = _staff_registration(request, pk)
    try:
        service(registration=registration, actor=request.user, **arguments)
    except errors.ParticipantError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("participants:staff-detail", pk=registration.pk)


@staff_required(VERIFY_REGISTRATION)
@require_POST
def staff_verify(request, pk):
    return _staff_action(
        request, pk, services.registration_verify, _("The registration has been verified.")
    )


@staff_required(VERIFY_REGISTRATION)
@require_POST
def staff_reject(request, pk):
    return _staff_action(
        request,
        pk,
        services.registration_reject,
        _("The registration has been rejected."),
        reason=request.POST.get("reason", ""),
    )


def _refused_change(request, registration: Registration):
    """Back to the record with the reason, if the registration can no longer be
    cancelled or substituted: the page would only end in the service's refusal."""
    refused = services.registration_change_refused(registration=registration)
    if not refused:
        return None
    messages.error(request, refused)
    return redirect("participants:staff-detail", pk=registration.pk)


@staff_required(VERIFY_REGISTRATION)
def staff_cancel(request, pk):
    """Asks first, as the private link does: the seat goes to someone else."""
    if request.method == "POST":
        return _staff_action(
            request,
            pk,
            services.registration_cancel,
            _("The registration has been cancelled; the seat is free."),
            reason=request.POST.get("reason", ""),
        )
    registration = _staff_registration(request, pk)
    refused = _refused_change(request, registration)
    if refused:
        return refused
    return render(
        request,
        "participants/staff_cancel.html",
        {"registration": registration, "event": registration.event},
    )


@staff_required(VERIFY_REGISTRATION)
def staff_correct(request, pk):
    """Correct the person's data. The NIK is never filled in; only an account that may
    see whole NIKs gets its field at all (see CorrectionForm), and left empty it stays."""
    registration = _staff_registration(request, pk)
    if not registration.is_active:
        messages.error(request, _("Only an active registration can be corrected."))
        return redirect("participants:staff-detail", pk=registration.pk)
    may_change_nik = request.user.has_perm(FULL_NIK)
    if request.method == "POST":
        form = CorrectionForm(
            request.POST, registration=registration, may_change_nik=may_change_nik
        )
        if form_saved(
            form,
            lambda: services.registration_correct(
                registration=registration, actor=request.user, person=form.person_data()
            ),
        ):
            messages.success(request, _("The participant's data has been saved."))
            return redirect("participants:staff-detail", pk=registration.pk)
    else:
        form = CorrectionForm(
            initial=CorrectionForm.initial_for(registration),
            registration=registration,
            may_change_nik=may_change_nik,
        )
    return render(
        request,
        "participants/staff_correct.html",
        {"registration": registration, "event": registration.event, "form": form},
    )


def _too_many_nik_tries(request) -> bool:
    """A substitution types a NIK that is refused when another seat holds it: counted
    per account that may not see whole NIKs (see BIMTEK_STAFF_NIK_RATE)."""
    return not request.user.has_perm(FULL_NIK) and rate_limited(
        request, scope="staff-nik", rate=settings.BIMTEK_STAFF_NIK_RATE, per_account=True
    )


@staff_required(VERIFY_REGISTRATION)
def staff_substitute(request, pk):
    registration = _staff_registration(request, pk)
    refused = _refused_change(request, registration)
    if refused:
        return refused
    if request.method == "POST":
        form = SubstituteForm(request.POST)
        if _too_many_nik_tries(request):
            form.add_error(
                None,
                _(
                    "This account has made many substitutions in a short time. Try again "
                    "later, or ask an account that may see whole NIKs (Admin KPU)."
                ),
            )
        elif form.is_valid():
            try:
                new = services.registration_substitute(
                    registration=registration, actor=request.user, person=form.person_data()
                )
            except errors.ParticipantError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(new)s now holds the seat of %(old)s.")
                    % {"new": new.full_name, "old": registration.full_name},
                )
                return redirect("participants:staff-detail", pk=new.pk)
    else:
        form = SubstituteForm()
    return render(
        request,
        "participants/staff_substitute.html",
        {"registration": registration, "event": registration.event, "form": form},
    )
