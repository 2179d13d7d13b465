"""The check-in desk: a scanner or a typed code, or a name, marks a person present."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.labels import unit_label
from events.access import kpu_office_required
from events.models import Event
from events.selectors import event_for_staff

from . import checkin, errors, services
from .forms import CheckInForm
from .selectors import (
    check_in_tally,
    event_days,
    recent_check_ins,
    registration_by_code,
    registration_for_staff,
    registration_search,
    unit_for_label,
)
from .views import database_id, staff_required


@staff_required("participants.check_in")
@kpu_office_required
def check_in_today(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    days = event_days(event)
    today = timezone.localdate()
    day = today if today in days else days[0]
    return redirect("participants:check-in", slug=event.slug, day=day.isoformat())


def _check_in_target(request, event: Event, day: date):
    """What the desk sent: a person picked from a list, a code, or a name.

    Returns (target, matches): a target to check in, or the several people a name matched.
    """
    picked = database_id(request.POST.get("registration", ""))
    if picked is not None:
        registration = registration_for_staff(pk=picked, user=request.user)
        if registration is None:
            messages.error(request, _("The chosen registration no longer exists."))
        return registration, []
    form = CheckInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type or scan a registration code, or type a name."))
        return None, []
    text = form.cleaned_data["query"]
    code = services.normalise_code(text)
    scanned_link = "/r/" in text
    like_code = scanned_link or services.looks_like_code(text)
    if like_code:
        registration = registration_by_code(code=code)
        if registration is not None or scanned_link:
            return registration or code, []
        # A one-word name of eight letters ("Suryanta") reads like a code: no such
        # code, so it is looked up as a name before the desk is told "unknown code".
    matches = registration_search(event=event, text=text, day=day)
    if not matches:
        if like_code:
            return code, []  # the service says no registration has this code
        messages.error(request, _("Nobody of this event matches “%(text)s”.") % {"text": text})
        return None, []
    return (matches[0], []) if len(matches) == 1 else (None, matches)


def _check_in_one(request, event: Event, day: date, target) -> None:
    try:
        attendance = checkin.attendance_check_in(
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
            "unit": unit_label(unit_for_label(pk=person.unit_id)),
            "time": timezone.localtime(attendance.checked_in_at).strftime("%H.%M"),
        },
    )


@staff_required("participants.check_in")
@kpu_office_required
def check_in(request, slug, day):
    """The desk: a scanner types the code and Enter; a name lists the people it matches."""
    event = event_for_staff(user=request.user, slug=slug)
    try:
        day = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if day not in event_days(event):
        raise Http404
    matches = []
    if request.method == "POST":
        target, matches = _check_in_target(request, event, day)
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
            "tally": check_in_tally(event=event, day=day),
            "is_today": day == timezone.localdate(),
            "recent": recent_check_ins(event=event, day=day),
        },
    )
