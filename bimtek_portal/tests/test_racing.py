import threading

import pytest

from bimtek_portal.testing.racing import race


def test_it_gives_each_racers_outcome_in_racer_order():
    def work(i):
        if i % 2:
            raise ValueError(i)
        return i * 10

    result = race(4, work)

    assert result[0] == 0 and result[2] == 20
    assert [error.args for error in result.raised(ValueError)] == [(1,), (3,)]
    assert result.returned(int) == [0, 20]
    assert result.raised(KeyError) == []


def test_it_releases_the_racers_together():
    # Each racer waits for all the others: this only ends if they all run at once.
    inside = threading.Barrier(5)

    result = race(5, lambda i: inside.wait(timeout=5))

    assert result.raised() == []
    assert sorted(result) == [0, 1, 2, 3, 4]


def test_a_racer_that_does_not_finish_fails_the_race():
    release = threading.Event()

    def work(i):
        if i == 0:
            release.wait(timeout=10)

    try:
        with pytest.raises(TimeoutError, match="1 of 2 racers"):
            race(2, work, timeout=0.5)
    finally:
        release.set()
