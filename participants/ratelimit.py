"""A per-client limit on public posts, counted per window wherever every process can see it.

Two stores, chosen by the cache the settings configure (CACHE_URL):
- Redis: SET NX with the window's expiry then INCR, in one MULTI (the portal's
  cache's `incr_with_expiry`; a plain Django RedisCache: `add` then `incr`), atomic
  in Redis, so parallel requests on any host get distinct counts.
- The database cache (no CACHE_URL): Django's DatabaseCache.incr reads then
  writes, so parallel requests would all read the same count and all get
  through. There the count lives in a RateCounter row, raised by ONE statement
  (UPDATE ... RETURNING) that is its own transaction: the row is locked for that
  statement only, never for the registration that follows.

Either way the count is taken before, and outside, the registration's transaction.
When Redis fails, the count falls back to the database store and the log says so.
"""

import ipaddress
import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import RateCounter

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600}
IPV6_GROUP_PREFIX = 64  # one subscriber's home or phone gets a whole /64


def parse_rate(rate: str) -> tuple[int, int]:
    """ "20/m" -> (20, 60): twenty per minute. Accepts N/s, N/m, N/h."""
    count, _slash, unit = (rate or "").strip().partition("/")
    unit = unit.strip().lower()[:1]
    if not count.strip().isdigit() or unit not in PERIODS:
        raise ValueError(f"Rate must look like 20/m (N per s, m or h), not {rate!r}")
    return int(count), PERIODS[unit]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address from a header value; "[2001:db8::1]:443" and "1.2.3.4:80" too."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request) -> str:
    """The address the limit counts, as text.

    With BIMTEK_TRUSTED_PROXIES = 0 (the default) it is REMOTE_ADDR: X-Forwarded-For
    is written by the client unless a proxy of ours overwrites it, so trusting it
    would let anyone pick a fresh address per post. With N proxies in front, each
    appends the address it was reached from, so the N-th entry from the right is the
    one the outermost proxy saw: the client. Entries left of it are the client's own
    words and never read. A header too short or not an address falls back to
    REMOTE_ADDR (all such posts then share one counter: stricter, never looser).
    IPv6 addresses count per /64: one phone or home gets a whole /64.
    """
    address = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.BIMTEK_TRUSTED_PROXIES
    if proxies > 0:
        chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(chain) >= proxies:
            address = _address(chain[-proxies]) or address
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_GROUP_PREFIX}", strict=False))
    return str(address)


def rate_limited(request, *, scope: str, rate: str, per_account: bool = False) -> bool:
    """Count this request; True when the client went over `rate` in the current window.

    Counted per client address, or with `per_account` per signed-in account wherever
    it connects from (staff limits)."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    who = f"user-{request.user.pk}" if per_account else client_ip(request)
    key = f"ratelimit:{scope}:{who}:{period}:{window}"[:200]
    expires_at = datetime.fromtimestamp((window + 1) * period, tz=UTC)
    if isinstance(caches["default"], RedisCache):
        try:
            return _count_in_cache(key=key, period=period) > limit
        except Exception as error:
            # Redis down or hung (bimtek_portal/cache.py gives up after a short timeout):
            # the window goes on in the database, shared by every process, so the post is
            # still counted and never refused for the cache's sake.
            logger.warning("Rate limit %s counted in the database: cache failed (%s)", scope, error)
    return _count_in_database(key=key, expires_at=expires_at) > limit


def _count_in_cache(*, key: str, period: int) -> int:
    # The key lives one period past its window's end, so it is gone before it could be reused.
    incr_with_expiry = getattr(caches["default"], "incr_with_expiry", None)
    if incr_with_expiry is not None:  # the portal's Redis cache: one round trip
        return incr_with_expiry(key, timeout=period * 2)
    for _attempt in range(2):
        cache.add(key, 0, timeout=period * 2)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr: add it again
            continue
    return cache.incr(key)


def _count_in_database(*, key: str, expires_at: datetime) -> int:
    """Add one to the window's row and return the new count, in single statements."""
    table, count, key_column = map(
        connection.ops.quote_name, (RateCounter._meta.db_table, "count", "key")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count} = {count} + 1 WHERE {key_column} = %s RETURNING {count}",
            [key],
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    try:
        # A savepoint when called inside a transaction, so a lost insert race does
        # not spoil it; in autocommit (a normal request) its own short transaction.
        with transaction.atomic():
            RateCounter.objects.create(key=key, count=1, expires_at=expires_at)
    except IntegrityError:  # another request opened the window first
        return _count_in_database(key=key, expires_at=expires_at)
    # A new window: the ended ones are no longer needed.
    RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return 1
