"""The Redis cache keeps one redis-py client per connection pool (#17's bench line):
Django's builds one per call, which cost more CPU than the calls themselves."""

import os

import pytest
from django.core.cache import caches

from bimtek_portal.testing.processes import redis_or_skip
from bimtek_portal.testing.racing import race

REDIS_URL = os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379/3"


@pytest.fixture
def redis_cache(settings):
    redis_or_skip(REDIS_URL)
    settings.CACHES = {
        "default": {
            "BACKEND": "bimtek_portal.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bimtek-test-clients",
        }
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_every_call_of_a_process_uses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client()

    redis_cache.set("k", 1)
    assert redis_cache.add("k", 2) is False
    assert redis_cache.incr("k") == 2

    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client("k") is client


def test_threads_sharing_the_client_each_get_their_own_answer(redis_cache):
    redis_cache.set("count", 0)

    # Each thread gets its own cache object (Django's per-thread caches); one shared
    # object is the harder case for a kept client, so share it on purpose.
    result = race(20, lambda i: (redis_cache.incr("count"), redis_cache.get(f"none-{i}", i)))

    assert sorted(n for n, _ in result) == list(range(1, 21))
    assert [default for _, default in result] == list(range(20))
    assert redis_cache.get("count") == 20


def test_a_counter_starts_at_one_with_its_expiry_and_counts_on(redis_cache):
    assert [redis_cache.incr_with_expiry("window", timeout=60) for _ in range(3)] == [1, 2, 3]

    client = redis_cache._cache.get_client()
    key = redis_cache.make_and_validate_key("window")
    assert 0 < client.ttl(key) <= 60  # the window's expiry, set once by the first count
    assert redis_cache.get("window") == 3


def test_forty_counts_at_once_are_forty_distinct_numbers(redis_cache):
    result = race(40, lambda i: redis_cache.incr_with_expiry("raced", timeout=60))

    assert sorted(result) == list(range(1, 41))
