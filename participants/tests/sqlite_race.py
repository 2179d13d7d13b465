"""Run by test_concurrency on SQLite: the last-seat race against a file-based database.

Usage: DATABASE_URL=sqlite:////tmp/x.sqlite3 python participants/tests/sqlite_race.py
Prints one JSON line with the outcome.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek_portal.settings_test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bimtek_portal.testing.racing import RaceResult, race  # noqa: E402
from participants import errors  # noqa: E402
from participants.models import ACTIVE_STATUSES, Registration  # noqa: E402
from participants.services import registration_create  # noqa: E402
from participants.tests.factories import build_world  # noqa: E402
from participants.tests.racing import person  # noqa: E402


def outcome(result: RaceResult, rule, unit):
    seats = Registration.objects.filter(
        quota_rule=rule, unit=unit, status__in=ACTIVE_STATUSES
    ).values_list("seat_number", flat=True)
    return {
        "won": len(result.returned(Registration)),
        "full": len(result.raised(errors.QuotaFull)),
        "other": [repr(r) for r in result if not isinstance(r, (Registration, errors.QuotaFull))],
        "active_seats": sorted(seats),
    }


def main():
    call_command("migrate", verbosity=0)
    world = build_world()
    connection.close()
    pps = race(
        20,
        lambda i: registration_create(
            event=world.event,
            quota_rule=world.pps_rule,
            unit=world.pps[0],
            role="sosdiklih",
            person=person(i),
        ),
    )
    world.kpu_rule.seats = 24
    world.kpu_rule.save(update_fields=["seats"])
    kpu = race(
        30,
        lambda i: registration_create(
            event=world.event,
            quota_rule=world.kpu_rule,
            unit=world.kpu,
            role="any",
            person=person(100 + i),
        ),
    )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "pps": outcome(pps, world.pps_rule, world.pps[0]),
                "kpu": outcome(kpu, world.kpu_rule, world.kpu),
            }
        )
    )


if __name__ == "__main__":
    main()
