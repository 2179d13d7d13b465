"""Which seat a registration takes: the lowest free one, found at the same cost whatever
the rule's size or the seats already held (#20 item 5)."""

import datetime as dt
import itertools
import json

import pytest
from django.db import connection

from bimtek_portal.testing.racing import race
from participants import errors
from participants.ledger import (
    lowest_free_seat,
    lowest_free_seat_and_nik_holder,
    seat_params,
    seat_sql,
)
from participants.models import ACTIVE_STATUSES, Registration
from participants.services import registration_cancel, registration_create, registration_reject

from .racing import person

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs parallel connections: PostgreSQL only"
)


def register(world, *, rule, unit, serial):
    return registration_create(
        event=world.event, quota_rule=rule, unit=unit, role=rule.role, person=person(serial)
    )


serials = itertools.count(1)  # distinct codes, NIKs and phones across a test's inserts


def hold(world, *, rule, unit, seats, status="pending"):
    """Seats held (or freed, by `status`) in one insert, as thousands of registrations
    would leave them."""
    Registration.objects.bulk_create(
        Registration(
            event=world.event,
            quota_rule=rule,
            unit=unit,
            role=rule.role,
            seat_number=seat,
            code=f"M{n:09d}",
            full_name="Peserta Massal",
            nik=f"99{n:014d}",
            sex="L",
            birth_date=dt.date(1985, 3, 14),
            phone=f"+62813{n:08d}",
            status=status,
        )
        for seat, n in zip(seats, serials, strict=False)
    )


@pytest.mark.django_db
class TestLowestFreeSeat:
    def test_a_registration_takes_the_lowest_seat_a_cancel_or_a_reject_freed(self, world):
        rule = world.kpu_rule
        rule.seats = 6
        rule.save(update_fields=["seats"])
        regs = [register(world, rule=rule, unit=world.kpu, serial=n) for n in range(6)]
        assert [r.seat_number for r in regs] == [1, 2, 3, 4, 5, 6]
        registration_cancel(registration=regs[3])
        registration_reject(registration=regs[1], actor=None, reason="Bukan anggota")

        assert register(world, rule=rule, unit=world.kpu, serial=10).seat_number == 2
        assert register(world, rule=rule, unit=world.kpu, serial=11).seat_number == 4
        with pytest.raises(errors.QuotaFull):
            register(world, rule=rule, unit=world.kpu, serial=12)

    def test_a_freed_seat_taken_again_is_not_offered_twice(self, world):
        rule = world.kpu_rule
        rule.seats = 10
        rule.save(update_fields=["seats"])
        hold(world, rule=rule, unit=world.kpu, seats=[1, 2, 4, 5])
        # Seat 3 freed twice and taken again; 6 and 7 freed above the highest held.
        hold(world, rule=rule, unit=world.kpu, seats=[3, 6, 7], status="cancelled")
        hold(world, rule=rule, unit=world.kpu, seats=[3], status="rejected")
        assert lowest_free_seat(rule=rule, unit=world.kpu) == 3
        hold(world, rule=rule, unit=world.kpu, seats=[3], status="verified")

        assert lowest_free_seat(rule=rule, unit=world.kpu) == 6

    def test_seats_of_another_unit_or_rule_do_not_count(self, world):
        hold(world, rule=world.pps_rule, unit=world.pps[1], seats=[1])
        hold(world, rule=world.kpu_rule, unit=world.kpu, seats=[1, 2])

        assert lowest_free_seat(rule=world.pps_rule, unit=world.pps[0]) == 1

    def test_a_full_rule_has_no_free_seat_even_with_freed_seats_taken_again(self, world):
        rule = world.kpu_rule  # 3 seats
        hold(world, rule=rule, unit=world.kpu, seats=[2], status="cancelled")
        hold(world, rule=rule, unit=world.kpu, seats=[1, 2, 3])

        assert lowest_free_seat(rule=rule, unit=world.kpu) is None
        with pytest.raises(errors.QuotaFull):
            register(world, rule=rule, unit=world.kpu, serial=1)

    def test_it_says_whether_the_nik_holds_a_seat_of_the_event(self, world):
        held = register(world, rule=world.pps_rule, unit=world.pps[0], serial=1)

        assert lowest_free_seat_and_nik_holder(
            rule=world.kpu_rule, unit=world.kpu, nik=held.nik
        ) == (1, True)
        assert lowest_free_seat_and_nik_holder(
            rule=world.kpu_rule, unit=world.kpu, nik=person(2).nik
        ) == (1, False)
        registration_cancel(registration=held)
        assert lowest_free_seat_and_nik_holder(
            rule=world.pps_rule, unit=world.pps[0], nik=held.nik
        ) == (1, False)


def big_rule(world, *, held):
    """The KPU rule grown to 100,000 seats with seats 1..`held` taken, and two seats freed
    and taken again below them (what rejections in a wave leave)."""
    rule = world.kpu_rule
    rule.seats = 100_000
    rule.save(update_fields=["seats"])
    hold(world, rule=rule, unit=world.kpu, seats=[2, held // 2], status="rejected")
    hold(world, rule=rule, unit=world.kpu, seats=range(1, held + 1))
    return rule


@pytest.mark.django_db
@pytest.mark.parametrize("held", [3, 3000])
def test_picking_a_seat_is_one_query_whatever_the_seats_held(
    world, held, django_assert_num_queries
):
    rule = big_rule(world, held=held)
    with django_assert_num_queries(1):
        assert lowest_free_seat_and_nik_holder(rule=rule, unit=world.kpu, nik="1") == (
            held + 1,
            False,
        )


@pytest.mark.django_db
def test_picking_a_seat_reads_a_few_index_entries_not_every_seat_held(world):
    """The cost pin: the old picker read every seat held (3,000 rows here) and built the
    list of every free one; a gap search over the held seats would still read them all."""
    rule = big_rule(world, held=3000)
    params = seat_params(rule=rule, unit=world.kpu, nik="1")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + seat_sql(), params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan

            def rows(node):  # rows each node produced, over all its loops
                own = node.get("Actual Rows", 0) * node.get("Actual Loops", 1)
                return own + sum(rows(child) for child in node.get("Plans", []))

            assert rows(plan[0]["Plan"]) <= 20, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + seat_sql(), params)
            steps = [row[-1] for row in cursor.fetchall()]
            # SQLite: every read of the registrations searches an index, none scans.
            reads = [s for s in steps if s.startswith(("SCAN", "SEARCH")) and "CONSTANT" not in s]
            assert [read.split(" (")[0] for read in reads] == [
                "SEARCH h USING INDEX registration_one_holder_per_seat",
                "SEARCH f USING INDEX registration_freed_seat",
                "SEARCH h USING INDEX registration_one_holder_per_seat",
                "SEARCH n USING INDEX registration_nik_once_per_event",
            ], steps


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eighteen_people_for_fifteen_free_seats_fill_the_gaps_first_and_exactly(world):
    """Seats 1..20 were taken and five of them cancelled: the fifteen free seats are the
    five gaps and 21..30. Racing for them, each winner gets a different seat, the gaps
    are filled, and the three too many are refused."""
    rule = world.kpu_rule
    rule.seats = 30
    rule.save(update_fields=["seats"])
    gaps = [3, 7, 11, 15, 19]
    hold(world, rule=rule, unit=world.kpu, seats=gaps, status="cancelled")
    hold(world, rule=rule, unit=world.kpu, seats=[s for s in range(1, 21) if s not in gaps])

    result = race(18, lambda i: register(world, rule=rule, unit=world.kpu, serial=i))

    assert len(result.returned(Registration)) == 15, result
    assert len(result.raised(errors.QuotaFull)) == 3, result
    seats = sorted(
        Registration.objects.filter(quota_rule=rule, status__in=ACTIVE_STATUSES).values_list(
            "seat_number", flat=True
        )
    )
    assert seats == list(range(1, 31))
    assert sorted(r.seat_number for r in result.returned(Registration)) == [*gaps, *range(21, 31)]
