"""The offline desk's scans arriving: stored as sent, attendance derived, never doubled.

A desk that lost the network keeps every scan in an outbox and sends it again until it
hears back. Each scan is stored once (`CheckInScan`, unique on device + nonce), so a
replayed request finds its rows and changes nothing; the attendance comes from the
check-in service under its unique (registration, day) constraint, so two desks that
scanned the same person give one attendance and one duplicate.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.dates import date_long_indonesian
from events.models import Event

from . import checkin, errors
from .changes import Actor, acting_user
from .codes import normalise_code
from .models import Registration
from .models_offline import CheckInDevice, CheckInScan

MAX_SCANS = 200  # per request; the desk sends its outbox in batches of this size
DEVICE_MAX_LENGTH = 64
HOW_VALUES = CheckInScan.How.values
# A device's clock may run ahead; a scan is never recorded later than it arrived.
FUTURE_TOLERANCE = timedelta(minutes=5)

Result = CheckInScan.Result
REFUSED = "refused"  # not stored: the scan itself could not be read


@dataclass(frozen=True)
class ScanIn:
    """One scan as the desk sent it, read and checked for shape (not yet for meaning)."""

    nonce: uuid.UUID
    code: str
    day: date
    at: datetime
    how: str


@dataclass(frozen=True)
class Refusal:
    """A scan that could not be read: answered `refused`, stored nowhere."""

    nonce: str
    message: str


@dataclass(frozen=True)
class ScanResult:
    nonce: str
    result: str
    message: str

    def as_json(self) -> dict:
        return {"nonce": self.nonce, "result": self.result, "message": self.message}


class SyncRequestInvalid(errors.ParticipantError):
    """The body as a whole cannot be read (not the shape of one scan: that is a Refusal)."""


def device_id_valid(device) -> bool:
    return (
        isinstance(device, str) and 8 <= len(device) <= DEVICE_MAX_LENGTH and device.isprintable()
    )


def scan_from_json(item) -> ScanIn | Refusal:
    """Read one element of "scans"; anything malformed becomes a Refusal with the reason."""
    if not isinstance(item, dict):
        return Refusal(nonce="", message=_("This scan cannot be read."))
    raw_nonce = item.get("nonce")
    nonce_text = raw_nonce if isinstance(raw_nonce, str) else ""
    try:
        nonce = uuid.UUID(nonce_text)
    except ValueError:
        return Refusal(nonce=nonce_text[:64], message=_("The scan has no valid nonce."))
    code = item.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 150:
        return Refusal(nonce=str(nonce), message=_("The scan has no code."))
    try:
        day = date.fromisoformat(item.get("day") or "")
        at = datetime.fromisoformat(item.get("at") or "")
    except (TypeError, ValueError):
        return Refusal(nonce=str(nonce), message=_("The scan's day or time cannot be read."))
    how = item.get("how")
    if how not in HOW_VALUES:
        return Refusal(nonce=str(nonce), message=_("The scan's method is unknown."))
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return ScanIn(nonce=nonce, code=" ".join(code.split()), day=day, at=at, how=how)


def sync_request_from_json(body) -> tuple[str, list[ScanIn | Refusal]]:
    """The device id and its scans, or SyncRequestInvalid saying what is wrong."""
    if not isinstance(body, dict):
        raise SyncRequestInvalid(_("The request is not a JSON object."))
    device = body.get("device")
    if not device_id_valid(device):
        raise SyncRequestInvalid(_("The request has no valid device id."))
    scans = body.get("scans")
    if not isinstance(scans, list):
        raise SyncRequestInvalid(_("The request has no list of scans."))
    if len(scans) > MAX_SCANS:
        raise SyncRequestInvalid(
            _("At most %(max)d scans per request; send the rest in the next one.")
            % {"max": MAX_SCANS}
        )
    return device, [scan_from_json(item) for item in scans]


def _registration_of_event(event: Event, code: str) -> Registration | None:
    # Another event's registration reads as unknown here: the desk of one office learns
    # nothing about another's participants, and review shows the code as sent.
    return Registration.objects.filter(event=event, code=normalise_code(code)).first()


def _derive(*, event: Event, scan: ScanIn, actor: Actor) -> CheckInScan:
    """The scan's row (unsaved), with the attendance it made if it made one."""
    row = CheckInScan(
        event=event,
        nonce=scan.nonce,
        code=scan.code,
        day=scan.day,
        scanned_at=min(scan.at, timezone.now() + FUTURE_TOLERANCE),
        how=scan.how,
        sent_by=acting_user(actor),
    )
    row.registration = _registration_of_event(event, scan.code)
    if row.registration is None:
        row.result = Result.NEEDS_REVIEW
        row.message = _("Unknown code “%(code)s”: kept for the secretariat to review.") % {
            "code": scan.code
        }
        return row
    if scan.day not in event.days:
        row.result = Result.NEEDS_REVIEW
        row.message = _("%(day)s is not a day of this event: kept for review.") % {
            "day": date_long_indonesian(scan.day)
        }
        return row
    try:
        row.attendance = checkin.attendance_check_in(
            event=event,
            day=scan.day,
            registration=row.registration,
            actor=actor,
            at=row.scanned_at,
        )
    except errors.AlreadyCheckedIn as error:
        row.result = Result.DUPLICATE
        row.message = error.message
        return row
    except errors.CheckInError as error:  # cancelled, rejected, not verified yet
        row.result = Result.NEEDS_REVIEW
        row.message = _("%(reason)s Kept for review.") % {"reason": error.message}
        return row
    row.result = Result.RECORDED
    row.message = _("%(name)s is present.") % {"name": row.registration.full_name}
    return row


def _lock_people(event: Event, scans: list[ScanIn | Refusal]) -> None:
    """Lock every registration the batch names, in one statement, in primary-key order.

    The check-in service locks a registration together with its event row. Two batches
    taking their people one by one in their own order deadlocked on PostgreSQL (each
    held a person the other waited for, behind the event row); taken all at once in the
    same order, a batch waits for another before it holds anyone.
    """
    codes = {normalise_code(scan.code) for scan in scans if isinstance(scan, ScanIn)}
    if codes:
        list(
            Registration.objects.select_for_update()
            .filter(event=event, code__in=codes)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _stored(device: str, nonce: uuid.UUID) -> CheckInScan | None:
    return CheckInScan.objects.filter(device=device, nonce=nonce).first()


def _answer(row: CheckInScan) -> ScanResult:
    return ScanResult(nonce=str(row.nonce), result=row.result, message=row.message)


@transaction.atomic
def check_in_scans_sync(
    *, event: Event, device: str, scans: list[ScanIn | Refusal], actor: Actor
) -> list[ScanResult]:
    """Store each scan once and derive attendance from it; one result per scan, in order.

    A scan already stored (the same device and nonce: a replay, or a request whose
    answer was lost) is answered as it was the first time, and nothing is written.
    """
    _lock_people(event, scans)
    results = []
    for scan in scans:
        if isinstance(scan, Refusal):
            results.append(ScanResult(nonce=scan.nonce, result=REFUSED, message=scan.message))
            continue
        earlier = _stored(device, scan.nonce)
        if earlier is not None:
            results.append(_answer(earlier))
            continue
        try:
            # The attendance and the scan's row stand or fall together: a replay racing
            # this request loses on the unique (device, nonce) and undoes its attendance.
            with transaction.atomic():
                row = _derive(event=event, scan=scan, actor=actor)
                row.device = device
                # A long name in a long reason must not make the row unstorable.
                row.message = row.message[: CheckInScan._meta.get_field("message").max_length]
                row.save(force_insert=True)
        except IntegrityError:
            row = _stored(device, scan.nonce)
            if row is None:
                raise
        results.append(_answer(row))
    return results


def check_in_device_seen(
    *,
    event: Event,
    device: str,
    actor: Actor,
    version: int,
    pending: int | None = None,
    synced: bool = False,
) -> CheckInDevice:
    """Note that a device was heard from: the roster version it now holds, and how many
    scans it said it still holds (None: it did not say)."""
    now = timezone.now()
    defaults = {"user": acting_user(actor), "version": version, "last_seen_at": now}
    if pending is not None:
        defaults["pending"] = pending
    if synced:
        defaults["last_sync_at"] = now
    row, _created = CheckInDevice.objects.update_or_create(
        event=event, device=device, defaults=defaults
    )
    return row


def device_version(*, event: Event, device: str) -> int:
    """The roster version a device last received (0: never, so every check-in is news)."""
    row = CheckInDevice.objects.filter(event=event, device=device).only("version").first()
    return row.version if row is not None else 0
