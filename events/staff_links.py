"""The staff pages of one event, in the order the work goes, each with the permission it needs.

One list serves the admin's event page and the navigation on every staff page,
so a page added here shows up everywhere staff look for it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bodies.selectors import is_delegated

from .models import Event


@dataclass(frozen=True)
class StaffLink:
    name: str  # URL name, also how a page marks itself active
    label: str
    url: str


PAGES = [
    ("events:quota-overview", _("Quota overview"), "events.view_event"),
    ("participants:staff-list", _("Registrations"), "participants.view_registration"),
    ("participants:check-in-today", _("Check-in desk"), "participants.check_in"),
    ("learning:results", _("Tests and evaluation"), "events.view_event"),
    ("reports:print", _("Print documents"), "events.view_event"),
]


# The pages of the whole event, which a PPK's operator cannot open (access.kpu_office_required).
WHOLE_EVENT = frozenset(
    {"events:quota-overview", "participants:check-in-today", "learning:results", "reports:print"}
)


def staff_links(*, event: Event, user) -> list[StaffLink]:
    delegated = is_delegated(user)
    return [
        StaffLink(name=name, label=str(label), url=reverse(name, args=[event.slug]))
        for name, label, permission in PAGES
        if user.has_perm(permission) and not (delegated and name in WHOLE_EVENT)
    ]
