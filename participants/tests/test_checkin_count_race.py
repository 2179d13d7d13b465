"""Desks checking in different people at once: the kept count says how many, exactly.

PostgreSQL only (each thread its own connection, transactions really overlapping), as
test_checkin_sync_race.py. Two things keep the count exact: every check-in locks its
registration *with the event's row* (`changes.registration_locked`), so check-ins of an
event take turns; and the count is added in SQL (`present = present + 1`). The tests
take the first away (the registration locked alone) to show the second holds by itself,
and the control takes both away: read and written back, the race loses increments.
"""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from bimtek_portal.testing.racing import race
from participants import checkin
from participants.checkin import attendance_check_in
from participants.checkin_counts import counted_present
from participants.checkin_sync import ScanIn, check_in_scans_sync
from participants.models import CheckInCount, Registration

from .factories import RegistrationFactory

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel connections: PostgreSQL only"
)
pytestmark = [needs_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RACERS = 8
DAY = dt.date(2024, 11, 11)


@pytest.fixture
def people(world):
    return [
        RegistrationFactory(
            quota_rule=world.kpu_rule,
            unit=world.kpu,
            seat_number=n,
            status=Registration.Status.VERIFIED,
        )
        for n in range(1, RACERS + 1)
    ]


def check_in_each(world, people):
    def work(i):
        return attendance_check_in(event=world.event, day=DAY, registration=people[i], actor=None)

    return race(RACERS, work)


def lock_registration_alone(registration):
    """`registration_locked` without the event's row: desks no longer take turns."""
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )


def kept(world) -> int:
    return CheckInCount.objects.get(event=world.event, day=DAY).present


def test_eight_desks_checking_in_eight_people_at_once_count_eight(world, people):
    # No count row yet: every desk may find none and insert; one insert wins.
    result = check_in_each(world, people)

    assert result.raised() == []
    assert kept(world) == RACERS == counted_present(event=world.event)[DAY]


def test_online_and_offline_desks_at_once_count_every_person_once(world, people):
    def work(i):
        if i % 2:
            return attendance_check_in(
                event=world.event, day=DAY, registration=people[i], actor=None
            )
        scan = ScanIn(
            nonce=uuid.uuid4(), code=people[i].code, day=DAY, at=timezone.now(), how="camera"
        )
        return check_in_scans_sync(
            event=world.event, device=f"desk-{i:02d}-xx", scans=[scan], actor=None
        )

    assert race(RACERS, work).raised() == []
    assert kept(world) == RACERS == counted_present(event=world.event)[DAY]


def test_the_count_added_in_sql_holds_without_the_event_lock(world, people, monkeypatch):
    monkeypatch.setattr(checkin, "registration_locked", lock_registration_alone)
    everyone_inside = threading.Barrier(RACERS, timeout=30)
    add = checkin.present_add

    def add_when_all_are_inside(**kwargs):
        everyone_inside.wait()  # all eight check-ins are open at once
        add(**kwargs)

    monkeypatch.setattr(checkin, "present_add", add_when_all_are_inside)
    result = check_in_each(world, people)

    assert result.raised() == []
    assert kept(world) == RACERS


def test_control_a_count_read_then_written_back_loses_checkins(world, people, monkeypatch):
    CheckInCount.objects.create(event=world.event, day=DAY)
    monkeypatch.setattr(checkin, "registration_locked", lock_registration_alone)
    everyone_read = threading.Barrier(RACERS, timeout=30)

    def read_then_write(*, event_id, day, delta):
        row = CheckInCount.objects.get(event_id=event_id, day=day)
        everyone_read.wait()
        CheckInCount.objects.filter(pk=row.pk).update(present=row.present + delta)

    monkeypatch.setattr(checkin, "present_add", read_then_write)
    result = check_in_each(world, people)

    assert result.raised() == []
    assert counted_present(event=world.event)[DAY] == RACERS
    assert kept(world) == 1  # seven increments lost
