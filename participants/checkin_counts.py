"""The desk's count of people present per event and day, kept in one row (#22).

Counting "verified people of the event with an attendance on the day" after every scan
read every verified registration: 0.5-1.1 s of database time per scan on a national
event of 87,311 verified people. `CheckInCount` holds the number instead, changed in the
same transaction as what changes it:

- a check-in (online desk and offline sync alike, both through `attendance_check_in`)
  adds one;
- an attended registration leaving "verified" (the person corrects their name or NIK
  through the private link) takes one off each day it was present, and verifying it
  again adds them back. Cancelling, rejecting and substituting are refused once someone
  was recorded present (`services._require_no_attendance`), and a check-in cannot be
  undone, so nothing else moves the number.

Exact under concurrent desks: `UPDATE ... SET present = present + 1` takes the row's
lock, so two desks' increments are applied one after the other, never over each other
(`tests/test_checkin_count_race.py`, which also shows it holds without the next lock).
Lock order: every writer here first holds the registration with its event row
(`changes.registration_locked`), then the count rows, so no two wait on each other.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, F

from events.models import Event

from .models import Attendance, CheckInCount, Registration


def present_add(*, event_id: int, day: date, delta: int) -> None:
    """Add `delta` to the count of `day`; call inside the transaction that made the change."""
    rows = CheckInCount.objects.filter(event_id=event_id, day=day)
    if rows.update(present=F("present") + delta):
        return
    try:
        # The day's first check-in. Two desks may both find no row: one inserts, the
        # other waits on the unique constraint, fails, and adds to the row that won.
        with transaction.atomic():
            CheckInCount.objects.create(event_id=event_id, day=day, present=max(delta, 0))
    except IntegrityError:
        rows.update(present=F("present") + delta)


def verified_status_changed(*, registration: Registration, verified: bool) -> None:
    """The registration entered (`verified`) or left "verified": its attended days count
    one more or one less. One query when it was never checked in."""
    days = list(
        Attendance.objects.filter(registration=registration)
        .order_by("day")
        .values_list("day", flat=True)
    )
    for day in days:
        present_add(event_id=registration.event_id, day=day, delta=1 if verified else -1)


def present_on(*, event: Event, day: date) -> int:
    """The kept count: one row read by its unique key."""
    return (
        CheckInCount.objects.filter(event=event, day=day).values_list("present", flat=True).first()
        or 0
    )


def counted_present(*, event: Event) -> dict[date, int]:
    """Verified people present per day, counted from the attendance itself (what the
    kept rows must say): for rebuilding them and for checking them."""
    rows = (
        Attendance.objects.filter(
            registration__event=event, registration__status=Registration.Status.VERIFIED
        )
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


@transaction.atomic
def check_in_counts_rebuild(*, event: Event) -> dict[date, int]:
    """Count again from the attendance: for data written around the services (the demo's
    bulk seeding, an import). Returns the counts written."""
    counts = counted_present(event=event)
    CheckInCount.objects.filter(event=event).exclude(day__in=counts).delete()
    for day, present in counts.items():
        CheckInCount.objects.update_or_create(event=event, day=day, defaults={"present": present})
    return counts
