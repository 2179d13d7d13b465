"""The per-process cache of the public pages' copies (bimtek_portal.cache.InProcessCache)."""

import pytest
from django.core.cache import caches

from participants.tests.test_public_cache import move_the_clock


@pytest.fixture
def public():
    cache = caches["public"]
    cache.clear()
    yield cache
    cache.clear()


def test_it_keeps_the_object_itself_not_a_copy(public):
    choices = {"desa": [object()]}  # an object() cannot be pickled back equal
    public.set("choices", choices)
    assert public.get("choices") is choices


def test_a_value_expires_after_its_timeout(public, monkeypatch):
    now = move_the_clock(monkeypatch)
    public.set("version", "a", timeout=3)
    assert public.get("version") == "a"
    now[0] += 4
    assert public.get("version", "gone") == "gone"


def test_add_keeps_what_is_there_and_incr_counts(public):
    assert public.add("n", 1) is True
    assert public.add("n", 5) is False
    assert public.incr("n", 2) == 3
    with pytest.raises(ValueError):
        public.incr("missing")


def test_the_least_recently_used_go_first_when_full(public, settings):
    limited = type(public)("bimtek-public-test", {"OPTIONS": {"MAX_ENTRIES": 3}})
    limited.clear()
    for key in "abc":
        limited.set(key, key)
    limited.get("a")  # used again: "b" is now the least recently used
    limited.set("d", "d")
    assert limited.get("a") == "a" and limited.get("b") is None
