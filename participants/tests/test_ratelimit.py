import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from participants.ratelimit import parse_rate, rate_limited

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
