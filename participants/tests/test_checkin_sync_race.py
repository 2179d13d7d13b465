"""Desks sending at the same moment: one attendance per person and day, one row per scan.

PostgreSQL only (each thread its own connection, transactions really overlapping), as
test_concurrency.py. The control shows the constraint is what holds: without it, the
same race stores a replayed scan twice.
"""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from bimtek_portal.testing.racing import race
from participants import checkin_sync
from participants.checkin_sync import ScanIn, check_in_scans_sync
from participants.models import Attendance, CheckInScan, Registration

from .factories import RegistrationFactory

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel connections: PostgreSQL only"
)
pytestmark = [needs_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RACERS = 8


@pytest.fixture
def person(world):
    return RegistrationFactory(
        quota_rule=world.kpu_rule, unit=world.kpu, status=Registration.Status.VERIFIED
    )


def one_scan(person, nonce, code=None):
    return ScanIn(
        nonce=nonce,
        code=code or person.code,
        day=dt.date(2024, 11, 11),
        at=timezone.now(),
        how="camera",
    )


def test_eight_desks_sending_one_person_at_once_give_one_attendance(world, person):
    def work(i):
        return check_in_scans_sync(
            event=world.event,
            device=f"desk-{i:02d}-xxxx",
            scans=[one_scan(person, uuid.uuid4())],
            actor=None,
        )[0].result

    result = race(8, work)
    assert sorted(map(str, result)) == ["duplicate"] * 7 + ["recorded"], result
    assert Attendance.objects.count() == 1
    assert CheckInScan.objects.count() == 8


def test_batches_naming_the_same_people_in_other_orders_do_not_deadlock(world, person):
    others = [
        RegistrationFactory(
            quota_rule=world.kpu_rule,
            unit=world.kpu,
            seat_number=n,
            status=Registration.Status.VERIFIED,
        )
        for n in (2, 3)
    ]
    people = [person, *others]

    def work(i):
        order = people if i % 2 else people[::-1]
        scans = [one_scan(p, uuid.uuid4()) for p in order]
        return [
            r.result
            for r in check_in_scans_sync(
                event=world.event, device=f"desk-{i:02d}-order", scans=scans, actor=None
            )
        ]

    result = race(8, work)
    assert not result.raised(), result
    assert sum(answers.count("recorded") for answers in result) == 3
    assert Attendance.objects.count() == 3 and CheckInScan.objects.count() == 24


@pytest.mark.parametrize(
    "code, answer", [(None, "recorded"), ("ZZZZ2345", "needs_review")], ids=["known", "unknown"]
)
def test_one_request_replayed_eight_times_at_once_stores_one_scan(world, person, code, answer):
    nonce = uuid.uuid4()

    def work(i):
        return check_in_scans_sync(
            event=world.event,
            device="desk-replay-1",
            scans=[one_scan(person, nonce, code)],
            actor=None,
        )[0].result

    result = race(8, work)
    assert list(map(str, result)) == [answer] * 8, result  # each answered as the first time
    assert CheckInScan.objects.count() == 1
    assert Attendance.objects.count() == (1 if answer == "recorded" else 0)


@pytest.fixture
def every_racer_looks_first(monkeypatch):
    """Hold each racer after its "already stored?" look until all eight have looked.

    Without it the race is up to the scheduler: a racer that starts late sees the first
    one's row and never reaches the insert, and a run can pass without any real race.
    Only a racer's first look waits; the look after a lost insert goes straight through.
    """
    looked = threading.Barrier(RACERS)
    seen = threading.local()
    stored = checkin_sync._stored

    def look_then_wait(device, nonce):
        row = stored(device, nonce)
        if not getattr(seen, "once", False):
            seen.once = True
            looked.wait(timeout=30)
        return row

    monkeypatch.setattr(checkin_sync, "_stored", look_then_wait)


def test_replays_that_all_looked_before_any_stored_still_store_one_scan(
    world, person, every_racer_looks_first
):
    # An unknown code names nobody, so no registration lock serialises the racers: the
    # unique (device, nonce) alone makes the seven late inserts lose.
    nonce = uuid.uuid4()

    def work(i):
        return check_in_scans_sync(
            event=world.event,
            device="desk-replay-1",
            scans=[one_scan(person, nonce, "ZZZZ2345")],
            actor=None,
        )[0].result

    result = race(RACERS, work)
    assert list(map(str, result)) == ["needs_review"] * RACERS, result
    assert CheckInScan.objects.filter(nonce=nonce).count() == 1


@pytest.fixture
def without_the_scan_constraint():
    """The (device, nonce) constraint dropped for one test and put back after it."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE participants_checkinscan DROP CONSTRAINT check_in_scan_once")
    yield
    CheckInScan.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE participants_checkinscan "
            "ADD CONSTRAINT check_in_scan_once UNIQUE (device, nonce)"
        )


def test_without_the_unique_constraint_the_same_replay_is_stored_by_every_racer(
    world, person, every_racer_looks_first, without_the_scan_constraint
):
    # The control: the same race as above with the constraint gone. The "already
    # stored?" look alone lets every racer through, so the constraint is what holds.
    nonce = uuid.uuid4()

    def work(i):
        return check_in_scans_sync(
            event=world.event,
            device="desk-replay-2",
            scans=[one_scan(person, nonce, "ZZZZ2345")],
            actor=None,
        )[0].result

    race(RACERS, work)
    assert CheckInScan.objects.filter(nonce=nonce).count() == RACERS
