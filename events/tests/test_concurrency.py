"""A seat change and a registration at the same moment (PostgreSQL, real connections).

Staff lower a rule's seats while someone takes the last of the old seats. Both
lock the rule's row, so one waits for the other: either the registration comes
first and the change is refused, or the change comes first and the registration
finds the unit full. Without the lock both would pass their checks and the unit
would hold more people than it has seats.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from events.models import QuotaRule
from events.services import quota_rule_save
from participants import errors
from participants.models import ACTIVE_STATUSES, Registration
from participants.services import registration_create
from participants.tests.factories import RegistrationFactory
from participants.tests.racing import person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs parallel connections: PostgreSQL only"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_a_seat_change_and_a_registration_never_overfill_a_unit(tebo_event, monkeypatch):
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    QuotaRule.objects.filter(pk=rule.pk).update(seats=2)
    rule.refresh_from_db()
    RegistrationFactory(quota_rule=rule, unit=rule.body, seat_number=1)
    checked = threading.Event()
    real_full_clean = QuotaRule.full_clean

    def full_clean_then_linger(self, *args, **kwargs):
        # The change has passed its checks; hold the transaction open so the
        # registration runs now, in the gap a missing lock would leave.
        checked.set()
        threading.Event().wait(1.0)
        return real_full_clean(self, *args, **kwargs)

    monkeypatch.setattr(QuotaRule, "full_clean", full_clean_then_linger)
    results: dict[str, object] = {}

    def run(name, work):
        from django.db import connections

        try:
            results[name] = work()
        except Exception as error:
            results[name] = error
        finally:
            connections.close_all()

    def lower_seats():
        return quota_rule_save(
            event=tebo_event,
            rule=QuotaRule.objects.get(pk=rule.pk),
            scope=rule.scope,
            body_kind=rule.body_kind,
            body=rule.body,
            role=rule.role,
            seats=1,
            label=rule.label,
            order=rule.order,
        )

    def register():
        assert checked.wait(timeout=10)
        return registration_create(
            event=tebo_event, quota_rule=rule, unit=rule.body, role="any", person=person(1)
        )

    threads = [
        threading.Thread(target=run, args=("change", lower_seats)),
        threading.Thread(target=run, args=("register", register)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    seats = QuotaRule.objects.get(pk=rule.pk).seats
    held = Registration.objects.filter(
        quota_rule=rule, unit=rule.body, status__in=ACTIVE_STATUSES
    ).count()
    assert held <= seats, results
    # The change held the lock first, so it won and the registration found the unit full.
    assert seats == 1, results
    assert isinstance(results["register"], errors.QuotaFull), results
    assert not isinstance(results["change"], ValidationError), results
