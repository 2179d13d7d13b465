"""Reject many pending registrations at once, with one reason (#17, finding 8).

Seats taken with made-up NIKs come in bulk, and staff clear them the same way: select
them on the staff list, give one reason, confirm. Each registration goes through
registration_reject (lock, attendance check, audit entry, e-mail), so a bulk rejection
is exactly that many single ones; the whole batch is one transaction.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Event

from . import errors, services
from .changes import Actor
from .models import Registration
from .selectors import registrations_visible_to

BULK_MAX = 500  # a page of the staff list holds 100; a form of more is not ours


@dataclass
class BulkRejection:
    rejected: list[Registration] = field(default_factory=list)
    refused: list[tuple[Registration, str]] = field(default_factory=list)


def pending_for_bulk(*, event: Event, user, ids: list[int]) -> list[Registration]:
    """The chosen registrations the account may reject: of this event, visible to it
    (the staff list's scope), still pending. Anything else chosen is left out."""
    return list(
        registrations_visible_to(user=user)
        .filter(event=event, pk__in=ids[:BULK_MAX], status=Registration.Status.PENDING)
        .select_related("unit__village__district", "unit__district")
        .order_by("pk")
    )


@transaction.atomic
def registrations_reject_pending(
    *, event: Event, ids: list[int], actor: Actor, reason: str
) -> BulkRejection:
    """Reject the chosen pending registrations of `event` that `actor` may see, each with
    `reason`. One that cannot be rejected (recorded present) is named with why."""
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonRequired(_("Say why the registrations are rejected."))
    result = BulkRejection()
    for registration in pending_for_bulk(event=event, user=actor, ids=ids):
        try:
            with transaction.atomic():
                services.registration_reject(registration=registration, actor=actor, reason=reason)
        except errors.ParticipantError as error:
            result.refused.append((registration, error.message))
        else:
            result.rejected.append(registration)
    return result
