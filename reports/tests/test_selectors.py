"""The documents' data costs the same number of queries for 177 people as for 400."""

import pytest

from participants.models import Attendance, Registration
from reports.selectors import (
    attendance_rows,
    berita_acara_data,
    event_for_documents,
    recap,
    signatories,
)
from reports.tests.factories import fill_event

pytestmark = pytest.mark.django_db


def reload(event):
    return event_for_documents(slug=event.slug)


def test_attendance_rows_take_two_queries_for_177(tebo_event_full, django_assert_num_queries):
    event = reload(tebo_event_full)
    with django_assert_num_queries(2):  # registrations with units, attendance of the day
        rows = attendance_rows(event=event, day=event.first_day)
    assert len(rows) == 177


def test_attendance_rows_take_two_queries_for_400(tebo_event_400, django_assert_num_queries):
    event = reload(tebo_event_400)
    with django_assert_num_queries(2):
        rows = attendance_rows(event=event, day=event.first_day)
    assert len(rows) == 400


def test_the_recap_takes_four_queries_for_177(tebo_event_full, django_assert_num_queries):
    event = reload(tebo_event_full)
    with django_assert_num_queries(4):  # rules, units, seats taken, status and presence
        recap(event=event)


def test_the_recap_takes_four_queries_for_400(tebo_event_400, django_assert_num_queries):
    event = reload(tebo_event_400)
    with django_assert_num_queries(4):
        assert recap(event=event).total.registered == 400


def test_berita_acara_data_takes_eight_queries_for_177(tebo_event_full, django_assert_num_queries):
    event = reload(tebo_event_full)
    with django_assert_num_queries(8):  # recap 4, legal bases, speakers, agenda, members
        berita_acara_data(event=event)


def test_berita_acara_data_takes_eight_queries_for_400(tebo_event_400, django_assert_num_queries):
    event = reload(tebo_event_400)
    with django_assert_num_queries(8):
        berita_acara_data(event=event)


def test_rows_come_kpu_first_then_each_kecamatan_with_its_ppk_and_pps(tebo_event_full):
    rows = attendance_rows(event=reload(tebo_event_full))
    units = [row["unit"] for row in rows]
    assert units[:24] == ["KPU Kabupaten Tebo"] * 24
    assert all(unit.startswith("PPK Kec. ") for unit in units[24:48])
    assert all(unit.startswith("PPS ") and ", Kec. " in unit for unit in units[48:])
    assert [row["no"] for row in rows] == list(range(1, 178))


def test_the_recap_adds_up_every_way(tebo_event_full):
    data = recap(event=reload(tebo_event_full))
    total = data.total
    assert (total.seats, total.registered) == (177, 177)
    assert total.verified == Registration.objects.filter(status="verified").count()
    assert total.present == [
        Attendance.objects.filter(day=day).count() for day in (data.days[0], data.days[1])
    ]
    for field in ("seats", "registered", "verified", "units", "units_missing"):
        by_kind = sum(getattr(line.counts, field) for line in data.kinds)
        by_district = sum(getattr(head.counts, field) for head, _ in data.districts) + sum(
            getattr(line.counts, field) for line in data.kpu_lines
        )
        assert by_kind == by_district == getattr(total, field), field
    for head, units in data.districts:
        assert head.counts.seats == sum(unit.counts.seats for unit in units)
        assert head.counts.present == [
            sum(unit.counts.present[i] for unit in units) for i in range(2)
        ]
    assert [line.counts.seats for line in data.kinds] == [24, 24, 129]
    assert [line.counts.units for line in data.kinds] == [1, 12, 129]


def test_the_recap_counts_units_nobody_registered_for(tebo_event):
    fill_event(tebo_event, limit=100)  # KPU 24, PPK 24, the first 52 PPS
    data = recap(event=reload(tebo_event))
    assert data.total.units_missing == 129 - 52
    assert len(data.missing_units) == 129 - 52
    assert all(label.startswith("PPS ") for label in data.missing_units)


def test_signatories_are_the_active_commissioners_chair_first(tebo_event):
    from bodies.models import Member

    office = tebo_event.organiser
    chair = office.members.get(role=Member.Role.KETUA)
    chair.order = 99
    chair.save(update_fields=["order"])
    office.members.filter(name="Supriadi").update(is_active=False)
    people = signatories(office=office)
    assert people[0] == chair
    assert all(m.role in ("ketua", "anggota") and m.is_active for m in people)
    assert "Supriadi" not in [m.name for m in people]
    assert len(people) == 4
