import datetime as dt

import pytest

from participants.models import Registration
from participants.selectors import (
    RegistrationFilter,
    attendance_count,
    days_present,
    registration_district,
    registration_list,
    registration_search,
)

from .factories import AttendanceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
DAY1 = dt.date(2024, 11, 11)


def test_registration_list_costs_two_queries_however_many_rows(world, django_assert_num_queries):
    for unit in world.pps:
        AttendanceFactory(
            registration__quota_rule=world.pps_rule, registration__unit=unit, day=DAY1
        )
    RegistrationFactory(quota_rule=world.ppk_rule, unit=world.ppk[0])
    with django_assert_num_queries(2):  # rows with unit/kecamatan, then attendance
        rows = list(registration_list(event=world.event))
        summary = [(registration_district(r).name, days_present(r)) for r in rows]
    assert len(rows) == 4
    assert ("Rimbo", set()) in summary and ("Tengah Ilir", {DAY1}) in summary


def test_it_leaves_out_other_events_and_filters_by_day(world):
    present = AttendanceFactory(
        registration__quota_rule=world.pps_rule, registration__unit=world.pps[0]
    )
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
    RegistrationFactory()  # another event
    rows = registration_list(event=world.event, filters=RegistrationFilter(day=DAY1))
    assert list(rows) == [present.registration]
    assert attendance_count(event=world.event, day=DAY1) == 1
    assert attendance_count(event=world.event, day=DAY1 + dt.timedelta(days=1)) == 0


def test_search_needs_two_letters_and_finds_by_part_of_the_name(world):
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], full_name="Siti Aminah")
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1], full_name="Budi Aminudin")
    assert registration_search(event=world.event, text="a") == []
    names = [r.full_name for r in registration_search(event=world.event, text="  amin ")]
    assert names == ["Budi Aminudin", "Siti Aminah"]


def test_kpu_registrations_have_no_kecamatan(world):
    registration = RegistrationFactory(quota_rule=world.kpu_rule, unit=world.kpu)
    assert registration_district(Registration.objects.get(pk=registration.pk)) is None
