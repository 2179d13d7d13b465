"""Public registration, the private link, and the staff pages (list, record, check-in)."""

from datetime import date
from functools import wraps

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bodies.models import Body
from events.models import Event
from events.selectors import event_registration_closed_reason

from . import errors, exports, services
from .forms import CheckInForm, PersonEditForm, RegistrationForm
from .models import Registration
from .ratelimit import rate_limited
from .selectors import (
    RegistrationFilter,
    attendance_count,
    event_days,
    recent_check_ins,
    registration_by_code,
    registration_list,
    registration_search,
)

ACTION_LABELS = {
    "created": gettext_lazy("registered"),
    "updated": gettext_lazy("data corrected"),
    "verified": gettext_lazy("verified"),
    "rejected": gettext_lazy("rejected"),
    "cancelled": gettext_lazy("cancelled"),
    "substituted": gettext_lazy("substituted by another person"),
    "checked_in": gettext_lazy("checked in"),
}


def _add_error(form, error: errors.ParticipantError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


def _public_event(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.exclude(status=Event.Status.DRAFT).select_related("organiser"), slug=slug
    )


# --- public ------------------------------------------------------------------


def register(request, slug):
    event = _public_event(slug)
    closed_reason = event_registration_closed_reason(event=event)
    if closed_reason:
        return render(
            request, "participants/register_closed.html", {"event": event, "reason": closed_reason}
        )
    if request.method == "POST":
        if rate_limited(request, scope="register", rate=settings.BIMTEK_REGISTRATION_RATE):
            return render(request, "participants/rate_limited.html", {"event": event}, status=429)
        form = RegistrationForm(request.POST, event=event)
        if form.is_bot:
            return render(request, "participants/register_received.html", {"event": event})
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event=event,
                    quota_rule=data["quota_rule"],
                    unit=data["unit"],
                    role=data["role"],
                    submission_key=data["submission_key"],
                    **form.person_data(),
                )
            except errors.RegistrationClosed as error:
                return render(
                    request,
                    "participants/register_closed.html",
                    {"event": event, "reason": error.message},
                )
            except errors.ParticipantError as error:
                _add_error(form, error)
            else:
                return redirect(
                    reverse("participants:detail", args=[registration.code]) + "?baru=1"
                )
    else:
        form = RegistrationForm(event=event)
    return render(
        request,
        "participants/register.html",
        {
            "event": event,
            "form": form,
            "villages_url": _villages_url(),
            "role_kinds": {role: sorted(kinds) for role, kinds in form.choices.role_kinds.items()},
        },
    )


def _villages_url() -> str:
    try:
        return reverse("bodies:villages")
    except NoReverseMatch:  # the list still works without the narrowing
        return ""


class TooManyMisses(Exception):
    pass


def _own_registration(request, code: str) -> Registration:
    """The registration behind a private link. Wrong codes are counted per address, so
    nobody can walk through the codes to find other people's data."""
    registration = registration_by_code(code=services.normalise_code(code))
    if registration is None:
        if rate_limited(request, scope="code-miss", rate=settings.BIMTEK_REGISTRATION_RATE):
            raise TooManyMisses
        raise Http404
    return registration


def private_link(view):
    """Give the view its registration; answer too many wrong codes with the 429 page."""

    @wraps(view)
    def wrapped(request, code):
        try:
            registration = _own_registration(request, code)
        except TooManyMisses:
            return render(request, "participants/rate_limited.html", status=429)
        return view(request, registration)

    return wrapped


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#111", title=url)


@private_link
def registration_detail(request, registration):
    url = request.build_absolute_uri(reverse("participants:detail", args=[registration.code]))
    return render(
        request,
        "participants/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "private_url": url,
            "qr_svg": qr_svg(url),
            "just_registered": request.GET.get("baru") == "1",
            "can_change": registration.is_active
            and not event_registration_closed_reason(event=registration.event),
        },
    )


@private_link
def registration_edit(request, registration):
    if request.method == "POST":
        form = PersonEditForm(request.POST)
        if form.is_valid():
            try:
                services.registration_update_own(
                    registration=registration, actor=request.user, **form.person_data()
                )
            except errors.ParticipantError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Your data has been saved."))
                return redirect("participants:detail", code=registration.code)
    else:
        form = PersonEditForm(initial=PersonEditForm.initial_for(registration))
    return render(
        request,
        "participants/registration_edit.html",
        {"registration": registration, "event": registration.event, "form": form},
    )


@private_link
def registration_cancel(request, registration):
    if request.method == "POST":
        try:
            services.registration_cancel(
                registration=registration,
                actor=request.user,
                reason=_("Cancelled by the participant"),
            )
        except errors.ParticipantError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your registration has been cancelled; the seat is free again.")
            )
        return redirect("participants:detail", code=registration.code)
    return render(
        request,
        "participants/registration_cancel.html",
        {"registration": registration, "event": registration.event},
    )


# --- staff -------------------------------------------------------------------


def staff_required(permission: str):
    """Log in first (anonymous -> login page), then the permission (else 403)."""

    def decorate(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate


def _filters_from(request, event: Event) -> tuple[RegistrationFilter, dict]:
    get = request.GET
    kind = get.get("unsur", "")
    if kind not in (Body.Kind.KPU_KABKOTA, Body.Kind.PPK, Body.Kind.PPS):
        kind = ""
    status = get.get("status", "")
    if status not in Registration.Status.values:
        status = ""
    district_id = int(get["kecamatan"]) if get.get("kecamatan", "").isdigit() else None
    day = None
    if get.get("hari"):
        try:
            day = date.fromisoformat(get["hari"])
        except ValueError:
            day = None
    chosen = {"unsur": kind, "status": status, "kecamatan": district_id, "hari": day}
    return RegistrationFilter(
        body_kind=kind, district_id=district_id, status=status, day=day
    ), chosen


def _staff_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("organiser"), slug=slug)


@staff_required("participants.view_registration")
def staff_list(request, slug):
    event = _staff_event(slug)
    filters, chosen = _filters_from(request, event)
    page = Paginator(registration_list(event=event, filters=filters), 100).get_page(
        request.GET.get("halaman")
    )
    districts = (
        Body.objects.filter(kind=Body.Kind.PPK, regency_id=event.organiser.regency_id)
        .select_related("district")
        .order_by("district__name")
    )
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "participants/staff_list.html",
        {
            "event": event,
            "page": page,
            "days": event_days(event),
            "districts": [ppk.district for ppk in districts],
            "chosen": chosen,
            "statuses": Registration.Status.choices,
            "query": query.urlencode(),
            "first_number": page.start_index(),
        },
    )


@staff_required("participants.view_registration")
def staff_export(request, slug, fmt):
    event = _staff_event(slug)
    filters, _chosen = _filters_from(request, event)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(
            exports.registrations_csv(event=event, filters=filters),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            exports.registrations_xlsx(event=event, filters=filters),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="peserta-{event.slug}-{stamp}.{fmt}"'
    return response


def _staff_registration(pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related(
            "event", "unit", "quota_rule", "status_changed_by", "unit__village__district"
        ),
        pk=pk,
    )


@staff_required("participants.view_registration")
def staff_detail(request, pk):
    registration = _staff_registration(pk)
    return render(
        request,
        "participants/staff_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "show_full_nik": request.user.has_perm("participants.view_full_nik"),
            "log": [
                (entry, ACTION_LABELS.get(entry.action, entry.action))
                for entry in registration.log.select_related("actor")[:50]
            ],
            "attendances": registration.attendances.all(),
        },
    )


def _staff_action(request, pk, action, success):
    registration = _staff_registration(pk)
    try:
        action(registration)
    except errors.ParticipantError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("participants:staff-detail", pk=registration.pk)


@require_POST
@staff_required("participants.verify_registration")
def staff_verify(request, pk):
    return _staff_action(
        request,
        pk,
        lambda r: services.registration_verify(registration=r, actor=request.user),
        _("The registration has been verified."),
    )


@require_POST
@staff_required("participants.verify_registration")
def staff_reject(request, pk):
    return _staff_action(
        request,
        pk,
        lambda r: services.registration_reject(
            registration=r, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("The registration has been rejected."),
    )


@require_POST
@staff_required("participants.verify_registration")
def staff_cancel(request, pk):
    return _staff_action(
        request,
        pk,
        lambda r: services.registration_cancel(
            registration=r, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("The registration has been cancelled; the seat is free."),
    )


@staff_required("participants.verify_registration")
def staff_substitute(request, pk):
    registration = _staff_registration(pk)
    if request.method == "POST":
        form = PersonEditForm(request.POST, submit_label=_("Substitute"))
        if form.is_valid():
            try:
                new = services.registration_substitute(
                    registration=registration, actor=request.user, **form.person_data()
                )
            except errors.ParticipantError as error:
                _add_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(new)s now holds the seat of %(old)s.")
                    % {"new": new.full_name, "old": registration.full_name},
                )
                return redirect("participants:staff-detail", pk=new.pk)
    else:
        form = PersonEditForm(submit_label=_("Substitute"))
    return render(
        request,
        "participants/staff_substitute.html",
        {"registration": registration, "event": registration.event, "form": form},
    )


@staff_required("participants.check_in")
def check_in_today(request, slug):
    event = _staff_event(slug)
    days = event_days(event)
    today = timezone.localdate()
    day = today if today in days else days[0]
    return redirect("participants:check-in", slug=event.slug, day=day.isoformat())


def _check_in_target(request, event: Event):
    """What the desk sent: a person picked from a list, a code, or a name.

    Returns (target, matches): a target to check in, or the several people a name matched.
    """
    if request.POST.get("registration", "").isdigit():
        return Registration.objects.filter(pk=request.POST["registration"]).first(), []
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type or scan a registration code, or type a name."))
        return None, []
    text = form.cleaned_data["query"]
    code = services.normalise_code(text)
    if "/r/" in text or (len(code) == services.CODE_LENGTH and " " not in text.strip()):
        return code, []
    matches = registration_search(event=event, text=text)
    if not matches:
        messages.error(request, _("Nobody of this event matches “%(text)s”.") % {"text": text})
        return None, []
    return (matches[0], []) if len(matches) == 1 else (None, matches)


def _check_in_one(request, event: Event, day: date, target) -> None:
    try:
        attendance = services.attendance_check_in(
            event=event, day=day, code_or_registration=target, actor=request.user
        )
    except errors.CheckInError as error:
        messages.error(request, error.message)
        return
    person = attendance.registration
    messages.success(
        request,
        _("%(name)s (%(unit)s) is present, %(time)s.")
        % {
            "name": person.full_name,
            "unit": person.unit.name,
            "time": timezone.localtime(attendance.checked_in_at).strftime("%H.%M"),
        },
    )


@staff_required("participants.check_in")
def check_in(request, slug, day):
    """The desk: a scanner types the code and Enter; a name lists the people it matches."""
    event = _staff_event(slug)
    try:
        day = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if day not in event_days(event):
        raise Http404
    matches = []
    if request.method == "POST":
        target, matches = _check_in_target(request, event)
        if target is not None:
            _check_in_one(request, event, day, target)
        if not matches:  # back to an empty box with the message, ready for the next scan
            return redirect("participants:check-in", slug=event.slug, day=day.isoformat())
    return render(
        request,
        "participants/check_in.html",
        {
            "event": event,
            "day": day,
            "days": event_days(event),
            "matches": matches,
            "present": attendance_count(event=event, day=day),
            "recent": recent_check_ins(event=event, day=day),
        },
    )
