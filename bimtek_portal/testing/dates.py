"""An event's days moved ahead of today, for tests that use its public form.

The public form takes no one once an event's last day has passed, whatever its
status (events.selectors.event_listing_reason). The Tebo founding case is dated
November 2024, as its papers must say; a test that registers through the form
moves its days ahead first, keeping their length.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from events.models import Event


def days_ahead(event: Event, *, days: int = 30) -> Event:
    """`event` with its first day `days` from today (its length kept), reloaded."""
    first = timezone.localdate() + dt.timedelta(days=days)
    Event.objects.filter(pk=event.pk).update(
        first_day=first, last_day=first + (event.last_day - event.first_day)
    )
    event.refresh_from_db()
    return event


def slug_days_ahead(slug: str, *, days: int = 30) -> None:
    """The same by slug: for `manage.py shell -c` in the tests that start servers."""
    days_ahead(Event.objects.get(slug=slug), days=days)


# What those tests pass to `manage.py shell -c`.
def shell_days_ahead(slug: str) -> str:
    return f"from bimtek_portal.testing.dates import slug_days_ahead; slug_days_ahead({slug!r})"
