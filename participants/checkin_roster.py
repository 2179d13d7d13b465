"""Reads for the offline desk: the roster it keeps, what changed since, what awaits review.

The version is the server's clock in milliseconds when the answer was read. A change
is looked for from a little before the device's version: a transaction that began
before the version was taken may commit just after it; the desk merges what it
receives by id, so seeing a change twice costs nothing and missing one is avoided.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from bodies.labels import unit_label
from events.models import Event

from .models import Attendance, Registration
from .models_offline import CheckInDevice, CheckInScan
from .selectors import UNIT_LABEL_RELATED

VERSION_OVERLAP = timedelta(minutes=2)


def roster_version_now() -> int:
    return int(timezone.now().timestamp() * 1000)


def _version_moment(version: int):
    return datetime.fromtimestamp(version / 1000, tz=UTC) - VERSION_OVERLAP


def _attendance_changed_since(moment) -> Q:
    """Attendance made since `moment`: at the online desk (its time is the server's), or
    from a scan received or accepted since (its time is the device's, maybe hours ago)."""
    from_scans = CheckInScan.objects.filter(attendance=OuterRef("pk")).filter(
        Q(received_at__gt=moment) | Q(reviewed_at__gt=moment)
    )
    return Q(checked_in_at__gt=moment) | Q(Exists(from_scans))


def check_in_roster(*, event: Event, since: int = 0) -> dict:
    """`{"version", "full", "registrations": [...]}` for the desk: id, code, name, unit
    label, status and days present; no NIK, phone or e-mail.

    `since` 0: every active registration (`full`). Otherwise those changed since that
    version, inactive ones included so the desk stops accepting them. Three queries.
    """
    version = roster_version_now()
    registrations = Registration.objects.filter(event=event)
    if since:
        moment = _version_moment(since)
        changed_attendance = Attendance.objects.filter(_attendance_changed_since(moment))
        registrations = registrations.filter(
            Q(updated_at__gt=moment)
            | Q(Exists(changed_attendance.filter(registration=OuterRef("pk"))))
        )
    else:
        registrations = registrations.active()
    rows = (
        registrations.select_related(*UNIT_LABEL_RELATED)
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.only("registration_id", "day"))
        )
        .order_by("full_name", "pk")
    )
    return {
        "version": version,
        "full": not since,
        "registrations": [
            {
                "id": row.pk,
                "code": row.code,
                "name": row.full_name,
                "unit": unit_label(row.unit),
                "status": row.status,
                "days": sorted(attendance.day.isoformat() for attendance in row.attendances.all()),
            }
            for row in rows
        ],
    }


def check_ins_by_others(*, event: Event, device: str, since: int) -> list[dict]:
    """Check-ins of the event made since `since` by anyone but `device` (other desks,
    the online desk, accepted reviews): `{"registration", "code", "day", "at"}`. One query."""
    moment = _version_moment(since) if since else None
    rows = Attendance.objects.filter(registration__event=event)
    if moment is not None:
        rows = rows.filter(_attendance_changed_since(moment))
    own = CheckInScan.objects.filter(attendance=OuterRef("pk"), device=device)
    rows = (
        rows.exclude(Exists(own))
        .select_related("registration")
        .only("day", "checked_in_at", "registration__code")
        .order_by("checked_in_at", "pk")
    )
    return [
        {
            "registration": row.registration_id,
            "code": row.registration.code,
            "day": row.day.isoformat(),
            "at": timezone.localtime(row.checked_in_at).isoformat(),
        }
        for row in rows
    ]


def scans_for_review(*, event: Event) -> list[CheckInScan]:
    """Scans that could not count by themselves and no one has reviewed, oldest first. One query."""
    return list(
        CheckInScan.objects.filter(event=event, result=CheckInScan.Result.NEEDS_REVIEW, review="")
        .select_related("registration", "sent_by")
        .order_by("received_at", "pk")
    )


def duplicate_scans(*, event: Event, limit: int = 200) -> list[CheckInScan]:
    """Second scans of a person on a day (two desks, or a double scan), newest first."""
    return list(
        CheckInScan.objects.filter(event=event, result=CheckInScan.Result.DUPLICATE)
        .select_related("registration")
        .order_by("-received_at", "-pk")[:limit]
    )


def devices_not_sent(*, event: Event) -> list[CheckInDevice]:
    """Devices that downloaded the roster and whose last word was that they still hold
    scans not sent. What a device scanned after its last contact the server cannot know;
    the desk reports its outbox each time it is online (see the README)."""
    return list(
        CheckInDevice.objects.filter(event=event, pending__gt=0)
        .select_related("user")
        .order_by("last_seen_at")
    )
