"""The staff pages of one event, in the order the work goes, each with the permission it needs.

One list serves the admin's event page and the navigation on every staff page,
so a page added here shows up everywhere staff look for it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import CHECK_IN, VIEW_EVENT, VIEW_REGISTRATION
from bodies.selectors import is_delegated

from .models import Event


@dataclass(frozen=True)
class StaffLink:
    name: str  # URL name, also how a page marks itself active
    label: str
    url: str


PAGES = [
    ("events:quota-overview", _("Quota overview"), VIEW_EVENT),
    ("participants:staff-list", _("Registrations"), VIEW_REGISTRATION),
    ("participants:check-in-today", _("Check-in desk"), CHECK_IN),
    ("learning:results", _("Tests and evaluation"), VIEW_EVENT),
    ("reports:print", _("Print documents"), VIEW_EVENT),
]


# The pages of the whole event, which a PPK's operator cannot open (their gate's whole_event).
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
