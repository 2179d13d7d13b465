"""A per-client limit on registration posts, counted in a database row per window."""

import time
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter

PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/m" -> (20, 60): twenty per minute. Accepts N/s, N/m, N/h."""
    count, _slash, unit = (rate or "").strip().partition("/")
    unit = unit.strip().lower()[:1]
    if not count.strip().isdigit() or unit not in PERIODS:
        raise ValueError(f"Rate must look like 20/m (N per s, m or h), not {rate!r}")
    return int(count), PERIODS[unit]


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted
    # proxy overwrites it, so trusting it would let anyone pick a fresh "IP".
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(request, *, scope: str, rate: str) -> bool:
    """Count this request; True when the client went over `rate` in the current window."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    key = f"{scope}:{client_ip(request)}:{period}:{window}"[:200]
    expires_at = datetime.fromtimestamp((window + 1) * period, tz=UTC)
    return _count(key=key, expires_at=expires_at) > limit


@transaction.atomic
def _count(*, key: str, expires_at: datetime) -> int:
    """Add one to the window's counter and return it, exactly under parallel requests.

    UPDATE ... SET count = count + 1 holds the row's lock until commit, so the
    count read after it in the same transaction is ours alone (PostgreSQL; SQLite's
    IMMEDIATE transactions run one at a time anyway). The first request of a
    window inserts the row; one racing it meets the unique key and updates instead.
    """
    counter = RateCounter.objects.filter(key=key)
    if not counter.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, count=1, expires_at=expires_at)
        except IntegrityError:
            counter.update(count=F("count") + 1)
        else:
            # A new window: the ended ones are no longer needed.
            RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return counter.values_list("count", flat=True).get()
