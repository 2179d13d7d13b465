"""A per-client limit on registration posts, counted in the shared (database) cache."""

import time

from django.core.cache import cache

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
    key = f"rate:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    return count > limit
