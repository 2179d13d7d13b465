"""The gate of every staff page outside the admin (`staff_required`), and event days in URLs.

Which events an account sees is decided in `events.selectors.event_scope`; the gate
only puts the reason on the page instead of a bare "not found". Here, in the lowest app
that knows offices and events, so participants, learning and reports all use it.
"""

from dataclasses import dataclass
from datetime import date
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from accounts.middleware import second_factor_page
from accounts.two_factor import awaiting_second_factor
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


@dataclass(frozen=True)
class StaffGate:
    """What a staff view asks of an account; kept on the view as `staff_gate`, so a test
    can list every staff URL and see each is behind the gate."""

    permissions: tuple[str, ...]
    whole_event: bool


def staff_required(*permissions: str, whole_event: bool = False):
    """The one gate of every staff view, asked in this order:

    1. an active staff account (else the sign-in page, as the admin's pages do);
    2. its second factor where it must give one (else the code page): the middleware
       asks for every path, the gate again so a staff page never rests on its path list;
    3. every one of `permissions` (else 403);
    4. a KPU office (else the reason, 403), as the views see only that office's events;
    5. with `whole_event`, for pages of the whole event (the check-in desk, the quota
       overview, the results, the documents): not a PPK's account, which sees only its
       kecamatan's people (else the reason, 403).

    Never cached, whatever the view returns (a raised 403 or 404 carries no data):
    lists of people's data on shared computers.
    Put it above any other decorator (require_POST, ...), so that every answer of the
    view, a 405 included, passes through it.
    """
    gate = StaffGate(permissions=permissions, whole_event=whole_event)

    def decorate(view):
        @wraps(view)
        def gated(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if awaiting_second_factor(user):
                return second_factor_page(request)
            if not user.has_perms(permissions):
                raise PermissionDenied
            if lacks_office(user):
                context = {"message": NO_OFFICE_MESSAGE}
                return render(request, "events/no_office.html", context, status=403)
            if whole_event and is_delegated(user):
                context = {"message": NOT_FOR_A_PPK_MESSAGE, "title": _("Not for a PPK's account")}
                return render(request, "events/no_office.html", context, status=403)
            return view(request, *args, **kwargs)

        gated.staff_gate = gate
        return never_cache(gated)

    return decorate


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
