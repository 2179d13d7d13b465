"""The shared cache on Redis, for a portal that must keep working while Redis does not.

Everything the portal keeps in the cache can be done without it: seat versions are
rebuilt, the rate limit counts in the database, sessions live in the database. So a
Redis that is down or hung must cost a request at most one short timeout, never an
error page:

- every call has a short socket and connect timeout (CACHE_TIMEOUT_SECONDS, 0.5 s);
- a call that fails answers as a miss (`get` gives the default, `set` stores nothing)
  and is logged; `incr` raises `CacheUnavailable`, since no count is not a count;
- after a failure this process leaves Redis alone for CACHE_RETRY_SECONDS (5 s), so
  during an outage requests pay no timeout at all, and one request a process per
  interval tries again.
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """Redis could not be reached (or was skipped after a recent failure)."""


def _redis_errors() -> tuple[type[Exception], ...]:
    import redis

    # RedisError covers ConnectionError and TimeoutError; OSError a socket that
    # failed below redis-py.
    return (redis.exceptions.RedisError, OSError)


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per connection pool.

    Django makes a new redis.Redis for every call, and redis-py's constructor fills a
    table of some 200 reply callbacks each time: a registration makes seven or so cache
    calls (rate limits, the challenge's used-once record, the seat version), and building
    their clients cost more CPU than the calls. A redis.Redis is safe to share: it takes
    a connection from its pool for each command.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    """Django's RedisCache that answers a failed call as a miss (see the module's text)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
        self._down_until = 0.0
        self._errors = _redis_errors()

    @property
    def available(self) -> bool:
        """False while this process is waiting out a recent failure."""
        return time.monotonic() >= self._down_until

    def _call(self, name: str, default, *args, **kwargs):
        if not self.available:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except self._errors as error:
            self._failed(name, error)
            return default

    def _failed(self, name: str, error: Exception) -> None:
        if self.available:  # once per outage interval, not once per call
            logger.warning(
                "Cache (Redis) unreachable on %s: %s; working without it for %s s",
                name,
                error,
                settings.CACHE_RETRY_SECONDS,
            )
        self._down_until = time.monotonic() + settings.CACHE_RETRY_SECONDS

    def ping(self) -> bool:
        """For /healthz: does Redis answer now (ignoring the pause after a failure)?"""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except self._errors as error:
            self._failed("ping", error)
            return False

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def incr_with_expiry(self, key, *, timeout: int, version=None) -> int:
        """Add one to the counter `key` and return it; a missing key starts at 0 and lives
        `timeout` seconds. One round trip (SET NX EX and INCR in a MULTI), where
        add() then incr() took three (Django's incr asks EXISTS first): the rate
        limit's count. Raises CacheUnavailable as incr does."""
        if not self.available:
            raise CacheUnavailable("Redis skipped after a recent failure")
        key = self.make_and_validate_key(key, version=version)
        try:
            pipeline = self._cache.get_client(key, write=True).pipeline(transaction=True)
            pipeline.set(key, 0, ex=timeout, nx=True)
            pipeline.incr(key)
            return pipeline.execute()[1]
        except self._errors as error:
            self._failed("incr_with_expiry", error)
            raise CacheUnavailable(str(error)) from error

    def incr(self, key, delta=1, version=None):
        if not self.available:
            raise CacheUnavailable("Redis skipped after a recent failure")
        try:
            return super().incr(key, delta, version)
        except self._errors as error:
            self._failed("incr", error)
            raise CacheUnavailable(str(error)) from error


class InProcessCache(LocMemCache):
    """Django's LocMemCache keeping the objects themselves instead of pickled copies.

    For the public pages' per-process copies (the "public" alias,
    participants/public_cache.py): unpickling an event's seat choices on every
    post cost a quarter of its CPU, and the event row a tenth of the event page's
    (bench/view_cpu.py). So a value is shared by this process's requests, as a
    module's dict would share it: read it, never change it. Everything else is
    LocMemCache's: the lock, expiry, culling the least recently used.
    """

    def validate_key(self, key):
        # Memcached's limits, checked a character at a time: a few microseconds on each
        # of the five lookups of a kept page, for keys that are ours and never leave.
        pass

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            self._cache.move_to_end(key, last=False)
            return self._cache[key]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            self._cache[key] += delta
            self._cache.move_to_end(key, last=False)
            return self._cache[key]
