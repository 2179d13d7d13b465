"""What the public pages show about an event, copied into each process for a few seconds.

Building the registration form's choices (every unit of the event, which desa are
full) and rendering the event page cost more CPU than all the rest of those requests,
and in a national wave the same lists are asked for dozens of times a second. So each
process keeps copies in its own memory, Django's per-process cache alias "public"
(a `LocMemCache` that keeps objects unpickled, bimtek_portal.cache.InProcessCache: no
Redis needed, so the public pages stay fast while Redis is down),
and builds them again only when they may have changed:

- every event has a *version* in the shared cache (`django.core.cache`: Redis or the
  database, one for all processes and hosts). A change to anything a public page shows
  (the event, its rules, agenda, speakers, legal bases, materials and test windows, a
  seat taken or freed, a body's name) moves it once committed: the receivers below,
  the one place where changes invalidate;
- a process uses what it has without asking for BIMTEK_KEPT_SECONDS, the one
  staleness setting; then it asks for the version once: unchanged, it keeps what it
  has for another period; changed, it builds again. So a page is at most that many
  seconds behind a change made through any process, and a busy event is built once a
  period in each process instead of once a request;
- a post never trusts a copy: the service decides under the rule lock, and a refused
  post is shown again with choices built afresh (`fresh=True`).

Copies are keyed by the version they were built at, so old ones are never read again
and leave the alias as it culls its least recently used entries. BIMTEK_KEPT_SECONDS
= 0 turns it off: every request builds its own (the test settings' default, so that
a test sees its own writes at once).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache as shared
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.shortcuts import get_object_or_404

from events.models import Event
from events.selectors import event_for_page

logger = logging.getLogger(__name__)

ALIAS = "public"
# Region data shows on every event's form (the desa's names): its version is shared
# by all events and read with each event's own.
ALL_EVENTS = "all"
_MISSING = object()


def local():
    """This process's copies (the "public" cache alias)."""
    return caches[ALIAS]


def kept_seconds() -> int:
    return settings.BIMTEK_KEPT_SECONDS


class EventCopies:
    """One event's values at one version: `get(key, build)` builds a value once per
    version and process. Without a version (keeping off, or `fresh`) a value is built once
    for this object, that is for one request."""

    def __init__(self, *, event_id: int, version: str | None):
        self.event_id = event_id
        self.version = version
        self._here: dict[Hashable, Any] = {}

    @property
    def timeout(self) -> int | None:
        """For `{% cache copies.timeout ... using="public" %}`: forever when versioned
        (the version is in the key), not at all without one."""
        return None if self.version else 0

    @property
    def key(self) -> str:
        """What a fragment's key varies on besides its name: the event and its version."""
        return f"{self.event_id}:{self.version}"

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value kept under `key`, or `build()`'s, kept. A kept value is shared by
        this process's requests: read it, never change it."""
        try:
            return self._here[key]
        except KeyError:
            pass
        if self.version is None:
            value = build()
        else:
            # Short and without spaces: the cache checks every character of a key.
            name = f"event:{self.key}:{hashlib.md5(repr(key).encode()).hexdigest()}"
            value = local().get(name, _MISSING)
            if value is _MISSING:
                value = build()
                local().set(name, value, timeout=None)
        self._here[key] = value
        return value


def seat_data(*, event: Event, fresh: bool = False) -> EventCopies:
    """The event's kept values, at most BIMTEK_KEPT_SECONDS behind (none if `fresh`)."""
    if fresh or kept_seconds() <= 0:
        return EventCopies(event_id=event.pk, version=None)
    return EventCopies(event_id=event.pk, version=_version(event.pk))


def public_event(*, slug: str) -> Event:
    """The published event behind a public page (404 if none), in one query, kept for
    BIMTEK_KEPT_SECONDS: in a wave every visitor's three public requests ask for the
    same row, and its query is a fifth of the event page's CPU. A registration never
    relies on it (the service reads the event again, under lock, before it takes a seat).
    The kept instance is shared by this process's requests: read it, never change it.
    """
    return _kept_event(
        f"event-by-slug:{slug}", lambda: get_object_or_404(event_for_page(slug=slug))
    )


def event_by_id(*, event_id: int) -> Event:
    """A registration's event, whatever its state, kept like `public_event`: for the pages
    behind a private link, whose services read the event again under lock. Joining it
    to the link's lookup was a third of the private page's CPU."""
    return _kept_event(
        f"event-by-id:{event_id}",
        lambda: Event.objects.select_related("organiser", "election").get(pk=event_id),
    )


def _kept_event(name: str, read: Callable[[], Event]) -> Event:
    seconds = kept_seconds()
    event = local().get(name) if seconds > 0 else None
    if event is None:
        event = read()  # a 404 is not kept: only events that exist, bounded by their number
        if seconds > 0:
            local().set(name, event, timeout=seconds)
    return event


def public_data_changed(*, event_id: int | str) -> None:
    """Something an event's public pages show changed: once committed, every process
    builds its copies again within BIMTEK_KEPT_SECONDS. `event_id` ALL_EVENTS: all."""
    transaction.on_commit(partial(_bump, event_id))


def forget_all() -> None:
    """Drop this process's copies (tests, the bench)."""
    local().clear()


def _shared_key(event_id: int | str) -> str:
    return f"public-version:{event_id}"


def _version(event_id: int) -> str:
    """The event's version as this process last read it, read again from the shared
    cache every BIMTEK_KEPT_SECONDS. Read before building: a change made while we build
    moves the version after this read, so the next check builds again."""
    mine = f"version:{event_id}"
    version = local().get(mine)
    if version is not None:
        return version
    keys = [_shared_key(event_id), _shared_key(ALL_EVENTS)]
    try:
        found = shared.get_many(keys)
        for key in keys:
            if key not in found:  # never changed, or evicted: any value, the same for all
                shared.add(key, uuid.uuid4().hex, timeout=None)
        if len(found) < len(keys):
            found = shared.get_many(keys)
    except Exception:
        logger.warning("public version of event %s unreadable", event_id)
        found = {}
    if len(found) == len(keys):
        version = "-".join(found[key] for key in keys)
    else:
        # The shared cache is down (a tolerant one answers with nothing): a version of
        # this process's own for one period, so the copies are built again every
        # BIMTEK_KEPT_SECONDS and a change still shows within them, at the cost of
        # building once a period whether or not anything changed.
        version = f"own-{uuid.uuid4().hex}"
    local().set(mine, version, timeout=kept_seconds())
    return version


def _bump(event_id: int | str) -> None:
    try:
        shared.set(_shared_key(event_id), uuid.uuid4().hex, timeout=None)
    except Exception:
        # The change stands; pages catch up when the shared cache answers again.
        logger.exception("public version of event %s not changed", event_id)


# --- the one place where changes invalidate ------------------------------------------

# What a registration changes on the public pages: the seats it holds.
SEAT_FIELDS = frozenset({"status", "quota_rule", "unit", "seat_number", "role", "event"})


def _event_changed(sender, instance, **kwargs) -> None:
    public_data_changed(event_id=instance.pk)


def _part_changed(sender, instance, **kwargs) -> None:
    public_data_changed(event_id=instance.event_id)


def _seat_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if created or update_fields is None or SEAT_FIELDS & set(update_fields):
        public_data_changed(event_id=instance.event_id)


def _region_changed(sender, instance, **kwargs) -> None:
    public_data_changed(event_id=ALL_EVENTS)


# By label, so that apps above this one (learning) are named without being imported.
PARTS = (
    "events.QuotaRule",
    "events.AgendaItem",
    "events.Speaker",
    "events.LegalBasis",
    "learning.Material",
    "learning.Assessment",
)
REGIONS = ("bodies.Body", "bodies.Village", "bodies.District")


def connect_receivers() -> None:
    """Called once, from participants' AppConfig.ready()."""
    for signal in (post_save, post_delete):
        uid = f"public_cache.{signal is post_save}"
        signal.connect(_event_changed, sender="events.Event", dispatch_uid=f"{uid}.event")
        signal.connect(
            _seat_changed, sender="participants.Registration", dispatch_uid=f"{uid}.seat"
        )
        for label in PARTS:
            signal.connect(_part_changed, sender=label, dispatch_uid=f"{uid}.{label}")
        for label in REGIONS:
            signal.connect(_region_changed, sender=label, dispatch_uid=f"{uid}.{label}")
