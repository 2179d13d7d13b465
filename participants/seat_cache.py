"""What the public pages show about an event's seats, kept for a few seconds.

Building the registration form's choices (every unit of the event, which desa are
full) and rendering its lists cost more CPU than all the rest of the form page, and in
a national wave the same lists are asked for dozens of times a second. So each process
keeps them in memory, per event, and builds them again only when they may have changed:

- every event has a *seat version* in the shared cache (`django.core.cache`: Redis or
  the database, one for all processes and hosts). The services change it after a
  commit that takes or frees a seat (`seats_changed`);
- a process uses what it has without asking for BIMTEK_SEAT_CACHE_SECONDS; then it
  asks for the version once: unchanged, it keeps what it has for another period;
  changed, it builds again. So a page shows seats at most that many seconds old, and a
  busy event is built once a period in each process instead of once a request. What
  changes outside the services (rules and units edited in the admin) is built again
  after MAX_AGE seconds at the latest, or at once when the event itself is saved.
- a post never trusts it: the service decides under the rule lock, and a refused post
  is shown again with choices built afresh (`fresh=True`), so someone offered a seat
  that was taken meanwhile is told why and sees the lists as they are now.

BIMTEK_SEAT_CACHE_SECONDS = 0 turns it off: every request builds its own (the test
settings' default, so that a test sees its own writes at once).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import get_object_or_404

from bodies.labels import forget_kept_labels
from events.models import Event
from events.selectors import event_for_page

logger = logging.getLogger(__name__)

# Whatever the versions say, nothing is kept longer: the admin edits rules and units
# without going through the seat services.
MAX_AGE = 60
clock = time.monotonic  # a module attribute, so that tests can move time on


@dataclass
class SeatData:
    """Values about one event's seats, built on first use and kept together."""

    version: str | None
    stamp: datetime | None  # the event's updated_at: saving the event starts afresh
    built_at: float
    checked_at: float
    values: dict[Any, Any] = field(default_factory=dict)

    def get(self, key, build: Callable[[], Any]):
        try:
            return self.values[key]
        except KeyError:
            value = self.values[key] = build()
            return value


_kept: dict[int, SeatData] = {}  # by event id, this process's


def seat_data(*, event: Event, fresh: bool = False) -> SeatData:
    """The event's seat values, at most BIMTEK_SEAT_CACHE_SECONDS old (none if `fresh`)."""
    seconds = settings.BIMTEK_SEAT_CACHE_SECONDS
    now = clock()
    if seconds <= 0:
        return SeatData(version=None, stamp=event.updated_at, built_at=now, checked_at=now)
    kept = None if fresh else _kept.get(event.pk)
    if kept is not None and (kept.stamp != event.updated_at or now - kept.built_at > MAX_AGE):
        kept = None
    if kept is not None and now - kept.checked_at <= seconds:
        return kept
    # Read before building: a seat taken while we build changes the version after
    # this read, so the next check builds again instead of keeping a stale list.
    version = _version(event.pk)
    if kept is not None and version is not None and version == kept.version:
        kept.checked_at = now
        return kept
    data = SeatData(version=version, stamp=event.updated_at, built_at=now, checked_at=now)
    _kept[event.pk] = data
    return data


# This process's events: by slug for the public pages, by id for the private link's.
_events: dict[str | int, tuple[float, Event]] = {}


def public_event(*, slug: str) -> Event:
    """The published event behind a public page (404 if none), in one query.

    Kept per process for BIMTEK_SEAT_CACHE_SECONDS like the seat lists: in a wave
    every visitor's three public requests ask for the same row, and its query is a
    fifth of the event page's CPU. So a change saved in the admin shows on the public
    pages that many seconds later; a registration never relies on it (the service
    reads the event again, under lock, before it takes a seat). The kept instance is
    shared by this process's requests: read it, never change it.
    """
    return _kept_event(slug, lambda: get_object_or_404(event_for_page(slug=slug)))


def event_by_id(*, event_id: int) -> Event:
    """A registration's event, whatever its state, kept like `public_event`: for the pages
    behind a private link, whose services read the event again under lock. Joining it
    to the link's lookup was a third of the private page's CPU."""
    return _kept_event(
        event_id, lambda: Event.objects.select_related("organiser", "election").get(pk=event_id)
    )


def _kept_event(key: str | int, read: Callable[[], Event]) -> Event:
    seconds = settings.BIMTEK_SEAT_CACHE_SECONDS
    now = clock()
    kept = _events.get(key) if seconds > 0 else None
    if kept is not None and now - kept[0] <= seconds:
        return kept[1]
    event = read()
    if seconds > 0:
        _events[key] = (now, event)  # only events that exist: bounded by their number
    return event


def seats_changed(*, event_id: int) -> None:
    """A seat of the event was taken or freed: once committed, pages build their lists again."""
    transaction.on_commit(partial(_bump, event_id))


def public_data_changed(*, event_id: int) -> None:
    """Something else the public pages keep for the event changed (materials, test
    windows): once committed, every process builds its kept values again."""
    seats_changed(event_id=event_id)


def forget_all() -> None:
    """Drop what this process keeps (tests)."""
    _kept.clear()
    _events.clear()
    forget_kept_labels()


def _key(event_id: int) -> str:
    return f"seat-version:{event_id}"


def _version(event_id: int) -> str | None:
    """The shared version; None when the cache cannot be read (then nothing kept is
    trusted: built afresh, the page is right, only slower)."""
    try:
        version = cache.get(_key(event_id))
        if version is None:  # never changed, or evicted: any value, the same for all
            cache.add(_key(event_id), uuid.uuid4().hex, timeout=None)
            version = cache.get(_key(event_id))
        return version
    except Exception:
        logger.warning("seat version of event %s unreadable; building afresh", event_id)
        return None


def _bump(event_id: int) -> None:
    try:
        cache.set(_key(event_id), uuid.uuid4().hex, timeout=None)
    except Exception:
        # The registration stands; pages catch up within MAX_AGE.
        logger.exception("seat version of event %s not changed", event_id)
