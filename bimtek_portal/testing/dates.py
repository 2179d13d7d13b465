"""An event moved ahead of today, for tests that use its public form.

The public form takes no one once an event's last day has passed, whatever its
status (events.selectors.event_listing_reason). The Tebo founding case is dated
November 2024, as its papers must say; a test that registers through the form
moves the whole Bimtek ahead first: its days, and with them the days its agenda,
attendance and desk counts are recorded on, so a moved event with people present
still has them present on its days (certificates, the desk).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from events.models import AgendaItem, Event
from participants.models import Attendance, CheckInCount, CheckInScan


def days_ahead(event: Event, *, days: int = 30) -> Event:
    """`event` with its first day `days` from today and everything dated by its days
    moved by as much; reloaded."""
    shift = timezone.localdate() + dt.timedelta(days=days) - event.first_day
    Event.objects.filter(pk=event.pk).update(
        first_day=event.first_day + shift, last_day=event.last_day + shift
    )
    # Row by row: a date plus an interval in SQL comes back as a timestamp on SQLite.
    for model, rows in (
        (AgendaItem, AgendaItem.objects.filter(event=event)),
        (Attendance, Attendance.objects.filter(registration__event=event)),
        (CheckInCount, CheckInCount.objects.filter(event=event)),
        (CheckInScan, CheckInScan.objects.filter(event=event)),
    ):
        moved = list(rows)
        for row in moved:
            row.day += shift
        model.objects.bulk_update(moved, ["day"], batch_size=500)
    event.refresh_from_db()
    return event


def slug_days_ahead(slug: str, *, days: int = 30) -> None:
    """The same by slug: for `manage.py shell -c` in the tests that start servers."""
    days_ahead(Event.objects.get(slug=slug), days=days)


def shell_days_ahead(slug: str) -> str:
    """What those tests pass to `manage.py shell -c`."""
    return f"from bimtek_portal.testing.dates import slug_days_ahead; slug_days_ahead({slug!r})"
