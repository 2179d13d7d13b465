"""Many people press "Daftar" for the same last seat at the same moment.

On PostgreSQL each thread has its own connection, so the transactions really
overlap; the barrier releases them together. The third test runs a path without
the protection in the same way and shows that it lets more than one through, so
the first two would fail if the lock and the constraint did not work.

On SQLite the suite's database is in memory; the same race is run in a child
process against a file-based database (Django's SQLite settings, IMMEDIATE mode).
"""

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from bimtek_portal.testing.racing import race
from participants import errors
from participants.codes import generate_code
from participants.models import ACTIVE_STATUSES, Registration, RegistrationLog
from participants.services import registration_create

from .racing import person

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel connections: PostgreSQL only"
)


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_people_for_the_last_seat_of_a_unit_only_one_gets_it(world):
    rule, unit = world.pps_rule, world.pps[0]
    result = race(
        20,
        lambda i: registration_create(
            event=world.event, quota_rule=rule, unit=unit, role=rule.role, person=person(i)
        ),
    )
    assert len(result.returned(Registration)) == 1, result
    assert len(result.raised(errors.QuotaFull)) == 19, result
    active = Registration.objects.filter(quota_rule=rule, unit=unit, status__in=ACTIVE_STATUSES)
    assert list(active.values_list("seat_number", flat=True)) == [1]
    # No half-written rows: one registration, one log entry, nothing else.
    assert Registration.objects.count() == 1
    assert RegistrationLog.objects.count() == 1


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_people_for_twenty_four_fixed_seats_exactly_twenty_four_get_one(world):
    rule = world.kpu_rule
    rule.seats = 24
    rule.save(update_fields=["seats"])
    result = race(
        30,
        lambda i: registration_create(
            event=world.event, quota_rule=rule, unit=world.kpu, role="any", person=person(i)
        ),
    )
    assert len(result.returned(Registration)) == 24, result
    assert len(result.raised(errors.QuotaFull)) == 6, result
    seats = sorted(
        Registration.objects.filter(quota_rule=rule).values_list("seat_number", flat=True)
    )
    assert seats == list(range(1, 25))
    assert RegistrationLog.objects.count() == 24


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_lock_and_constraint_the_same_race_lets_several_through(world):
    """Count, then insert with a seat number the unique constraint does not cover:
    what a view with a quota check in it does. The race is lost."""
    rule, unit = world.pps_rule, world.pps[0]

    def unprotected(i):
        with transaction.atomic():
            taken = Registration.objects.filter(
                quota_rule=rule, unit=unit, status__in=ACTIVE_STATUSES
            ).count()
            if taken >= rule.seats:
                raise errors.QuotaFull("full")
            time.sleep(0.05)  # the time a real request spends between check and write
            data = person(i)
            return Registration.objects.create(
                event=world.event,
                quota_rule=rule,
                unit=unit,
                role=rule.role,
                seat_number=100 + i,
                code=generate_code(),
                full_name=data.full_name,
                nik=data.nik,
                sex="L",
                birth_date=dt.date(1980, 1, 1),
                phone="+62" + data.phone[1:],
            )

    result = race(20, unprotected)
    assert len(result.returned(Registration)) > 1, "without the lock the race should be lost"
    assert Registration.objects.filter(quota_rule=rule, unit=unit).count() > rule.seats


RACE_SCRIPT = Path(__file__).with_name("sqlite_race.py")


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite proof; PostgreSQL has its own"
)
def test_on_a_sqlite_file_twenty_threads_for_the_last_seat_only_one_gets_it(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "bimtek_portal.settings_test",
    }
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(RACE_SCRIPT)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == "sqlite"
    assert outcome["pps"] == {"won": 1, "full": 19, "other": [], "active_seats": [1]}
    assert outcome["kpu"]["won"] == 24 and outcome["kpu"]["full"] == 6, outcome
    assert outcome["kpu"]["active_seats"] == list(range(1, 25))


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_nik_sent_for_four_quotas_at_once_is_held_once(world):
    """Four rules, four locks: only the NIK constraint stands between them. Each form is
    answered as a free NIK would be (#17: no answer tells that a NIK is held); one
    registration holds the NIK, the three others keep it aside for staff."""
    targets = [
        (world.kpu_rule, world.kpu, "any"),
        (world.ppk_rule, world.ppk[0], "sosdiklih"),
        (world.ppk_sec_rule, world.ppk[1], "secretariat"),
        (world.pps_rule, world.pps[0], "sosdiklih"),
    ]
    same = person(0)

    def work(i):
        rule, unit, role = targets[i]
        return registration_create(
            event=world.event, quota_rule=rule, unit=unit, role=role, person=same
        )

    result = race(4, work)
    assert len(result.returned(Registration)) == 4, result
    assert Registration.objects.exclude(nik=None).count() == 1
    assert set(Registration.objects.filter(nik=None).values_list("nik_in_review", flat=True)) == {
        Registration.objects.exclude(nik=None).get().nik
    }
    assert Registration.objects.filter(nik=None).count() == 3


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_form_sent_ten_times_at_once_makes_one_registration(world):
    rule = world.kpu_rule

    def work(i):
        return registration_create(
            event=world.event,
            quota_rule=rule,
            unit=world.kpu,
            role="any",
            submission_key="one-click",
            person=person(0),
        )

    result = race(10, work)
    registrations = result.returned(Registration)
    assert len(registrations) == 10, result
    assert len({r.pk for r in registrations}) == 1
    assert Registration.objects.count() == 1


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_registration_racing_close_registration_is_refused(world):
    """The organiser closes registration (the event row locked, as events' service does)
    while a form, read when the event was still open, is being sent."""
    from events.models import Event

    holding = threading.Event()

    def close():
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=world.event.pk)
            event.status = Event.Status.CLOSED
            event.save(update_fields=["status"])
            holding.set()
            time.sleep(0.5)  # the registration below runs meanwhile

    def register():
        holding.wait(timeout=10)
        return registration_create(
            event=world.event,  # still says "open"
            quota_rule=world.pps_rule,
            unit=world.pps[0],
            role="sosdiklih",
            person=person(0),
        )

    result = race(2, lambda i: (close, register)[i]())
    assert isinstance(result[1], errors.RegistrationClosed), result
    assert not Registration.objects.exists()
