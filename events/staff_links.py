"""The staff pages of one event, in the order the work goes.

One list serves the admin's event page and the navigation on every staff page,
so a page added here shows up everywhere staff look for it. Who may open a page is
read from the page's own gate (`events.access.staff_required`), never written here
again: a link shows exactly when its page lets the account in.
"""

from dataclasses import dataclass
from functools import cache

from django.urls import resolve, reverse
from django.utils.translation import gettext_lazy as _

from bodies.selectors import is_delegated

from .access import StaffGate
from .models import Event


@dataclass(frozen=True)
class StaffLink:
    name: str  # URL name, also how a page marks itself active
    label: str
    url: str


PAGES = [
    ("events:quota-overview", _("Quota overview")),
    ("participants:staff-list", _("Registrations")),
    ("participants:check-in-today", _("Check-in desk")),
    ("learning:results", _("Tests and evaluation")),
    ("reports:print", _("Print documents")),
]


@cache
def page_gate(name: str) -> StaffGate:
    """The gate on the view the URL name leads to; the URLs do not change while the
    process runs, so it is looked up once. Any slug resolves to the same view."""
    return resolve(reverse(name, args=["any-event"])).func.staff_gate


def staff_links(*, event: Event, user) -> list[StaffLink]:
    delegated = is_delegated(user)
    links = []
    for name, label in PAGES:
        gate = page_gate(name)
        if user.has_perms(gate.permissions) and not (delegated and gate.whole_event):
            links.append(
                StaffLink(name=name, label=str(label), url=reverse(name, args=[event.slug]))
            )
    return links
