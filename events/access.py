"""Staff pages of an event tell an account linked to no KPU office why it sees nothing.

Which events an account sees is decided in `events.selectors.event_scope`; this
only puts the reason on the page instead of a bare "not found".
"""

from datetime import date
from functools import wraps

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from bodies.selectors import is_delegated

from .selectors import lacks_office

NO_OFFICE_MESSAGE = _(
    "Your account is not linked to a KPU office yet, so it cannot see any event. Ask the "
    "portal's administrator to link it to your office (the “KPU office” box on your user "
    "page in the admin)."
)


NOT_FOR_A_PPK_MESSAGE = _(
    "This page shows the whole event and is for the staff of the KPU office. A PPK's "
    "account works on the participants of its own kecamatan, in the list of registrations."
)


def kpu_office_required(view):
    """For pages that show the whole event (check-in desk, quota overview, documents):
    a PPK's operator sees only its kecamatan's people, so it gets the reason (403) here.
    Put under `office_required`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_delegated(request.user):
            context = {"message": NOT_FOR_A_PPK_MESSAGE, "title": _("Not for a PPK's account")}
            return render(request, "events/no_office.html", context, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def office_required(view):
    """Put under the login and permission checks: an account without an office gets the
    reason (403) for every address, whether or not the event exists."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if lacks_office(request.user):
            return render(
                request, "events/no_office.html", {"message": NO_OFFICE_MESSAGE}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapped


def event_day_or_404(*, event, day: str) -> date:
    """The event's day named in a URL (`2024-11-11`); 404 for a malformed date or a day
    the event is not held on. The online desk and the paper list share it."""
    try:
        found = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if found not in event.days:
        raise Http404
    return found
