"""Redis down (issue #18): the cache answers as a miss within its timeout, the rate limit
counts in the database, and /healthz says "degraded" with 200 (the database still works).

A Redis that nobody listens for: a port of ours with nothing on it, so no Redis is needed.
"""

import json
import socket
import time

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from bimtek_portal.cache import CacheUnavailable
from participants.models import RateCounter
from participants.ratelimit import rate_limited

DEAD_PORT = 8158


def _nothing_listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def dead_redis(settings):
    if not _nothing_listens(DEAD_PORT):
        pytest.skip(f"something listens on {DEAD_PORT}")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "bimtek_portal.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{DEAD_PORT}/0",
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        },
    }
    yield caches["default"]


def test_a_dead_redis_answers_as_a_miss_and_refuses_to_count(dead_redis):
    started = time.monotonic()
    assert dead_redis.get("k", "default") == "default"
    dead_redis.set("k", 1)
    assert dead_redis.add("k", 1) is False
    with pytest.raises(CacheUnavailable):
        dead_redis.incr("k")
    assert time.monotonic() - started < 2


def test_after_a_failure_the_cache_is_left_alone_for_a_while(dead_redis, monkeypatch):
    dead_redis.get("k")
    assert not dead_redis.available
    calls = []
    monkeypatch.setattr(type(dead_redis).__mro__[1], "get", lambda *a, **k: calls.append(a))
    assert dead_redis.get("k", 7) == 7
    assert calls == []  # not even tried


@pytest.mark.django_db
def test_with_redis_down_the_limit_counts_in_the_database(dead_redis):
    request = RequestFactory().post("/", REMOTE_ADDR="10.4.4.4")
    results = [rate_limited(request, scope="down", rate="2/m") for _ in range(3)]
    assert results == [False, False, True]
    assert RateCounter.objects.get(key__startswith="ratelimit:down:10.4.4.4").count == 3


@pytest.mark.django_db
def test_healthz_says_degraded_with_200_when_only_the_cache_fails(client, dead_redis):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
    }
