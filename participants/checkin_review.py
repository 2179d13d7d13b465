"""The Sekretariat's answers to scans that could not count by themselves, and the paper list.

A scan under review becomes attendance only here, by a person: accepted (for the
registration it named, or for the one staff found from what was typed), or dismissed.
The scan's own fields stay as they arrived; only its review is written.
"""

import uuid
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

from . import checkin, errors
from .changes import Actor, acting_user
from .checkin_sync import ScanIn, ScanResult, check_in_scans_sync
from .codes import normalise_code
from .models import Registration
from .models_offline import CheckInScan

# The device id of scans typed in from a signed paper list, one per account.
PAPER_DEVICE = "kertas-{user_id}"


class ReviewError(errors.ParticipantError):
    """A review that cannot be done (already reviewed, no registration found)."""


def _scan_locked(scan: CheckInScan) -> CheckInScan:
    scan = CheckInScan.objects.select_for_update().select_related("event").get(pk=scan.pk)
    if scan.result != CheckInScan.Result.NEEDS_REVIEW or scan.review:
        raise ReviewError(_("This scan has already been reviewed."))
    return scan


@transaction.atomic
def check_in_scan_accept(*, scan: CheckInScan, actor: Actor, code: str = "") -> CheckInScan:
    """Count a reviewed scan as present: for its registration, or for the one whose code
    staff typed (a misread code). The check-in service's rules still hold: a cancelled
    registration, or a day outside the event, is refused with its reason."""
    scan = _scan_locked(scan)
    registration = scan.registration
    if code:
        registration = Registration.objects.filter(
            event=scan.event, code=normalise_code(code)
        ).first()
        if registration is None:
            raise ReviewError(
                _("No registration of this event has the code “%(code)s”.") % {"code": code}
            )
    if registration is None:
        raise ReviewError(_("Type the registration code of the person on this scan."))
    scan.attendance = checkin.attendance_check_in(
        event=scan.event, day=scan.day, registration=registration, actor=actor, at=scan.scanned_at
    )
    _reviewed(scan, CheckInScan.Review.ACCEPTED, actor, extra=["attendance"])
    return scan


@transaction.atomic
def check_in_scan_dismiss(*, scan: CheckInScan, actor: Actor) -> CheckInScan:
    scan = _scan_locked(scan)
    _reviewed(scan, CheckInScan.Review.DISMISSED, actor)
    return scan


def _reviewed(scan: CheckInScan, review: str, actor: Actor, extra: list[str] = ()) -> None:
    scan.review = review
    scan.reviewed_at = timezone.now()
    scan.reviewed_by = acting_user(actor)
    scan.save(update_fields=["review", "reviewed_at", "reviewed_by", *extra])


def paper_scans_record(
    *, event: Event, day: date, registrations: list[Registration], batch: uuid.UUID, actor
) -> list[ScanResult]:
    """Those ticked on a signed paper list, as scans with how=paper, through the same path
    as a desk's. The nonce comes from the form's batch and the registration, so sending
    the same form twice (a double click, a retry) stores nothing new."""
    now = timezone.now()
    scans = [
        ScanIn(
            nonce=uuid.uuid5(batch, str(registration.pk)),
            code=registration.code,
            day=day,
            at=now,
            how=CheckInScan.How.PAPER,
        )
        for registration in registrations
    ]
    return check_in_scans_sync(
        event=event, device=PAPER_DEVICE.format(user_id=actor.pk), scans=scans, actor=actor
    )
