"""The check-in desk: a scanner or a typed code, or a name, marks a person present."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import CHECK_IN, VERIFY_REGISTRATION
from bodies.labels import unit_label
from events.access import event_day_or_404, staff_required
from events.dates import date_long_indonesian
from events.models import Event
from events.selectors import event_for_staff

from .. import checkin, errors, services
from ..access import database_id
from ..forms import CheckInForm
from ..models import Registration
from ..selectors import (
    CheckInLookup,
    check_in_lookup,
    check_in_tally,
    recent_check_ins,
    registration_for_staff,
    unit_for_label,
)


@staff_required(CHECK_IN, whole_event=True)
def check_in_today(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    days = event.days
    today = timezone.localdate()
    day = today if today in days else days[0]
    return redirect("participants:check-in", slug=event.slug, day=day.isoformat())


def _check_in_lookup(request, event: Event, day: date) -> CheckInLookup | None:
    """Whom the desk sent: a person picked from a list, or what was typed or scanned.
    None (with the reason in a message) when there is nobody to look for."""
    picked = database_id(request.POST.get("registration", ""))
    if picked is not None:
        registration = registration_for_staff(pk=picked, user=request.user)
        if registration is None:
            messages.error(request, _("The chosen registration no longer exists."))
            return None
        return CheckInLookup(registration=registration)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type or scan a registration code, or type a name."))
        return None
    lookup = check_in_lookup(event=event, text=form.cleaned_data["query"], day=day)
    if lookup.unknown_code:
        messages.error(
            request,
            _("No registration has the code “%(code)s”. Check the code or search by name.")
            % {"code": lookup.unknown_code},
        )
    elif lookup.registration is None and not lookup.matches:
        messages.error(
            request,
            _("Nobody of this event matches “%(text)s”.") % {"text": form.cleaned_data["query"]},
        )
    return lookup


def _check_in_one(
    request, event: Event, day: date, registration: Registration
) -> Registration | None:
    """Checks the person in; returns a pending registration the desk should show, with
    its "Verifikasi" button, instead of only saying that it is not verified."""
    try:
        attendance = checkin.attendance_check_in(
            event=event, day=day, registration=registration, actor=request.user
        )
    except errors.NotVerified as error:
        if request.user.has_perm(VERIFY_REGISTRATION):
            messages.warning(
                request,
                _("%(name)s (%(code)s) is not verified yet: verify below, then check them in.")
                % {"name": registration.full_name, "code": registration.code},
            )
        else:
            messages.error(request, error.message)
        return registration
    except errors.CheckInError as error:
        messages.error(request, error.message)
        return None
    person = attendance.registration
    messages.success(
        request,
        _("%(name)s (%(unit)s) is present, %(time)s.")
        % {
            "name": person.full_name,
            "unit": unit_label(unit_for_label(pk=person.unit_id)),
            "time": timezone.localtime(attendance.checked_in_at).strftime("%H.%M"),
        },
    )
    return None


# Recording attendance on a day that is not today is asked once per event and day, then
# remembered in the session: a desk catching up from a paper list scans many codes.
CONFIRMED_DAYS = "check_in_confirmed_days"


def _day_key(event: Event, day: date) -> str:
    return f"{event.pk}:{day.isoformat()}"


def _day_confirmed(request, event: Event, day: date) -> bool:
    if day == timezone.localdate():
        return True
    key = _day_key(event, day)
    if request.method == "POST" and request.POST.get("confirm_day") == day.isoformat():
        confirmed = request.session.get(CONFIRMED_DAYS, [])
        if key not in confirmed:
            request.session[CONFIRMED_DAYS] = [*confirmed[-9:], key]
        return True
    return key in request.session.get(CONFIRMED_DAYS, [])


def _verify_at_desk(request, event: Event) -> Registration | None:
    """The desk's "Verifikasi" button: the pending person is verified, then shown with
    the button that checks them in."""
    if not request.user.has_perm(VERIFY_REGISTRATION):
        raise PermissionDenied
    registration = registration_for_staff(
        pk=database_id(request.POST.get("verify", "")), user=request.user
    )
    if registration is None or registration.event_id != event.pk:
        messages.error(request, _("The chosen registration no longer exists."))
        return None
    try:
        services.registration_verify(registration=registration, actor=request.user)
    except errors.ParticipantError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is verified: check them in now.") % {"name": registration.full_name},
        )
    registration.refresh_from_db()
    return registration


@staff_required(CHECK_IN, whole_event=True)
def check_in(request, slug, day):
    """The desk: a scanner types the code and Enter; a name lists the people it matches."""
    event = event_for_staff(user=request.user, slug=slug)
    day = event_day_or_404(event=event, day=day)
    matches = []
    if request.method == "POST" and "verify" in request.POST:
        verified = _verify_at_desk(request, event)
        matches = [verified] if verified is not None else []
    elif request.method == "POST" and not _day_confirmed(request, event, day):
        messages.error(
            request,
            _(
                "Today is not %(day)s: tick the box to record attendance for that day. "
                "Nothing was recorded."
            )
            % {"day": date_long_indonesian(day)},
        )
    elif request.method == "POST":
        lookup = _check_in_lookup(request, event, day)
        matches = lookup.matches if lookup is not None else []
        if lookup is not None and lookup.registration is not None:
            pending = _check_in_one(request, event, day, lookup.registration)
            matches = [pending] if pending is not None else matches
    if request.method == "POST" and not matches:
        # Back to an empty box with the message, ready for the next scan.
        return redirect("participants:check-in", slug=event.slug, day=day.isoformat())
    return render(
        request,
        "participants/check_in.html",
        {
            "event": event,
            "day": day,
            "days": event.days,
            "matches": matches,
            "tally": check_in_tally(event=event, day=day),
            "is_today": day == timezone.localdate(),
            "day_confirmed": _day_confirmed(request, event, day),
            "may_verify": request.user.has_perm(VERIFY_REGISTRATION),
            "recent": recent_check_ins(event=event, day=day),
        },
    )
