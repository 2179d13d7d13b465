import os

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from bimtek_portal.testing.processes import redis_or_skip
from participants.models import Registration
from participants.ratelimit import client_ip, parse_rate, rate_limited

from .factories import RegistrationFactory
from .racing import race


@pytest.mark.parametrize(
    "rate, expected",
    [("20/m", (20, 60)), ("5/s", (5, 1)), ("100/h", (100, 3600)), (" 3/min", (3, 60))],
)
def test_it_reads_rates(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "20", "x/m", "20/d", "-1/m"])
def test_it_refuses_rates_it_cannot_read(rate):
    with pytest.raises(ValueError):
        parse_rate(rate)


@pytest.mark.django_db
def test_it_counts_per_address():
    cache.clear()
    factory = RequestFactory()
    one, two = factory.post("/", REMOTE_ADDR="10.0.0.1"), factory.post("/", REMOTE_ADDR="10.0.0.2")
    assert [rate_limited(one, scope="t", rate="2/m") for _ in range(3)] == [False, False, True]
    assert rate_limited(two, scope="t", rate="2/m") is False


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel connections: PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_forty_posts_at_once_from_one_address_let_exactly_the_limit_through():
    cache.clear()
    factory = RequestFactory()
    results = race(
        40,
        lambda i: rate_limited(
            factory.post("/", REMOTE_ADDR="10.9.9.9"), scope="parallel", rate="5/h"
        ),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert results.count(False) == 5, results


# --- The client's address behind proxies (issue #9, finding 6) -----------------------------


def _post(remote_addr="10.0.0.1", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **extra)


@pytest.mark.parametrize(
    "proxies, remote_addr, forwarded, expected",
    [
        (0, "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # no proxy: the header is the client's word
        (1, "10.0.0.1", "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.1", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # forged left part ignored
        (2, "10.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "10.0.0.2", "203.0.113.9", "10.0.0.2"),  # shorter than the proxies: REMOTE_ADDR
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (1, "10.0.0.1", "203.0.113.9:51234", "203.0.113.9"),
        (1, "10.0.0.1", "[2001:db8:5:6::1]:443", "2001:db8:5:6::/64"),
        (0, "::ffff:203.0.113.9", None, "203.0.113.9"),
        (0, "", None, "unknown"),
    ],
)
def test_it_reads_the_client_address_from_the_trusted_end_of_the_chain(
    settings, proxies, remote_addr, forwarded, expected
):
    settings.BIMTEK_TRUSTED_PROXIES = proxies
    assert client_ip(_post(remote_addr, forwarded)) == expected


@pytest.mark.django_db
def test_behind_a_proxy_each_visitor_has_their_own_counter(settings):
    """On the old code every visitor behind the proxy shared the proxy's one counter."""
    settings.BIMTEK_TRUSTED_PROXIES = 1
    cache.clear()
    one = [rate_limited(_post(forwarded="203.0.113.1"), scope="p", rate="2/m") for _ in range(3)]
    assert one == [False, False, True]
    assert rate_limited(_post(forwarded="203.0.113.2"), scope="p", rate="2/m") is False


@pytest.mark.django_db
def test_behind_a_proxy_a_forged_header_does_not_give_a_fresh_counter(settings):
    settings.BIMTEK_TRUSTED_PROXIES = 1
    cache.clear()
    results = [
        rate_limited(_post(forwarded=f"198.51.100.{n}, 203.0.113.1"), scope="f", rate="2/m")
        for n in range(3)
    ]
    assert results == [False, False, True]


@pytest.mark.django_db
def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.BIMTEK_TRUSTED_PROXIES = 0
    cache.clear()
    results = [
        rate_limited(_post(forwarded=f"203.0.113.{n}"), scope="h", rate="2/m") for n in range(3)
    ]
    assert results == [False, False, True]


@pytest.mark.django_db
def test_ipv6_addresses_of_one_64_share_a_counter():
    """A phone changes the low 64 bits at will: counting per address would let it walk away."""
    cache.clear()
    posts = [_post(f"2001:db8:1:2::{n:x}") for n in range(1, 4)]
    assert [rate_limited(p, scope="v6", rate="2/m") for p in posts] == [False, False, True]
    assert rate_limited(_post("2001:db8:1:3::1"), scope="v6", rate="2/m") is False


# --- Where the counts live -------------------------------------------------------------------


@pytest.mark.django_db
def test_on_the_database_the_count_is_one_statement_outside_any_lock_held_later(
    django_assert_max_num_queries,
):
    cache.clear()
    rate_limited(_post("10.1.1.1"), scope="q", rate="5/m")  # opens the window (insert)
    with django_assert_max_num_queries(1):  # UPDATE ... RETURNING: no read, no transaction
        assert rate_limited(_post("10.1.1.1"), scope="q", rate="5/m") is False


REDIS_URL = os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379/3"


@pytest.fixture(
    params=["django.core.cache.backends.redis.RedisCache", "bimtek_portal.cache.TolerantRedisCache"]
)
def redis_cache(settings, request):
    """The default cache on this machine's Redis (a DB number of its own), emptied: Django's
    (add, then incr) and the portal's (one round trip)."""
    redis_or_skip(REDIS_URL)
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": request.param,
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bimtek-test",
        },
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.mark.django_db
def test_on_redis_the_limit_costs_no_database_query(redis_cache, django_assert_num_queries):
    with django_assert_num_queries(0):
        results = [rate_limited(_post("10.2.2.2"), scope="r", rate="2/m") for _ in range(3)]
    assert results == [False, False, True]


@pytest.mark.django_db
def test_on_redis_forty_posts_at_once_let_exactly_the_limit_through(redis_cache):
    results = race(40, lambda i: rate_limited(_post("10.9.9.8"), scope="redis-race", rate="5/h"))
    assert not any(isinstance(r, Exception) for r in results), results
    assert results.count(False) == 5, results


# --- The private link ----------------------------------------------------------------------


@pytest.mark.django_db
def test_posts_through_a_private_link_are_limited_per_address(client, settings, world):
    """Corrections (the NIK among them) and cancelling: the old code never refused them."""
    settings.BIMTEK_PRIVATE_LINK_RATE = "3/m"
    cache.clear()
    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    edit = reverse("participants:edit", args=[registration.private_token])
    data = {"full_name": registration.full_name, "nik": "", "phone": "081122223333"}
    assert [client.post(edit, data).status_code for _ in range(4)] == [302, 302, 302, 429]
    cancel = client.post(reverse("participants:cancel", args=[registration.private_token]))
    assert cancel.status_code == 429
    assert "Terlalu banyak" in cancel.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    # Reading the page is not a post: still open.
    assert (
        client.get(reverse("participants:detail", args=[registration.private_token])).status_code
        == 200
    )
