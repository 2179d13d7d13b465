import datetime as dt

import pytest

from participants.checkin import attendance_check_in
from participants.checkin_counts import check_in_counts_rebuild, counted_present
from participants.models import Registration
from participants.person import PersonData
from participants.selectors import (
    RegistrationFilter,
    check_in_tally,
    days_present,
    registration_district,
    registration_list,
    registration_search,
)
from participants.services import registration_update_own, registration_verify

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


def test_the_desk_tally_counts_verified_people_and_those_of_them_present(
    world, django_assert_num_queries
):
    for unit in world.pps:
        RegistrationFactory(quota_rule=world.pps_rule, unit=unit, status="verified")
    present = Registration.objects.filter(unit=world.pps[0]).get()
    attendance_check_in(event=world.event, day=DAY1, registration=present, actor=None)
    pending = RegistrationFactory(quota_rule=world.ppk_rule, unit=world.ppk[0])
    AttendanceFactory(registration=pending, day=DAY1)  # around the service: not counted
    RegistrationFactory(quota_rule=world.kpu_rule, unit=world.kpu, status="rejected")
    other = RegistrationFactory(status="verified")  # another event
    attendance_check_in(event=other.event, day=DAY1, registration=other, actor=None)
    with django_assert_num_queries(2):  # the kept count, the verified people
        tally = check_in_tally(event=world.event, day=DAY1)
    assert (tally.present, tally.verified) == (1, 3)  # the pending PPK member is not counted
    assert check_in_tally(event=world.event, day=DAY1 + dt.timedelta(days=1)).present == 0


def test_the_kept_count_follows_a_present_person_out_of_and_back_into_verified(world):
    person = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], status="verified")
    attendance_check_in(event=world.event, day=DAY1, registration=person, actor=None)
    day2 = DAY1 + dt.timedelta(days=1)
    attendance_check_in(event=world.event, day=day2, registration=person, actor=None)

    registration_update_own(
        registration=person,
        person=PersonData(full_name="Nama Baru", nik=person.nik, phone=person.phone),
    )
    assert [check_in_tally(event=world.event, day=d).present for d in (DAY1, day2)] == [0, 0]

    registration_verify(registration=person, actor=None)
    assert [check_in_tally(event=world.event, day=d).present for d in (DAY1, day2)] == [1, 1]
    assert counted_present(event=world.event) == {DAY1: 1, day2: 1}


def test_rebuilding_the_kept_counts_counts_the_attendance_again(world):
    person = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], status="verified")
    AttendanceFactory(registration=person, day=DAY1)
    assert check_in_tally(event=world.event, day=DAY1).present == 0  # made around the service
    assert check_in_counts_rebuild(event=world.event) == {DAY1: 1}
    assert check_in_tally(event=world.event, day=DAY1).present == 1


def test_search_needs_two_letters_and_finds_by_part_of_the_name(world):
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], full_name="Siti Aminah")
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1], full_name="Budi Aminudin")
    assert registration_search(event=world.event, text="a") == []
    names = [r.full_name for r in registration_search(event=world.event, text="  amin ")]
    assert names == ["Budi Aminudin", "Siti Aminah"]


def test_kpu_registrations_have_no_kecamatan(world):
    registration = RegistrationFactory(quota_rule=world.kpu_rule, unit=world.kpu)
    assert registration_district(Registration.objects.get(pk=registration.pk)) is None


def test_search_says_who_was_checked_in_on_the_day_in_the_same_query(
    world, django_assert_num_queries
):
    present = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], full_name="Siti A")
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1], full_name="Siti B")
    attendance = AttendanceFactory(registration=present, day=dt.date(2024, 11, 11))
    with django_assert_num_queries(1):
        found = registration_search(event=world.event, text="siti", day=dt.date(2024, 11, 11))
    assert [(r.full_name, r.checked_in_at) for r in found] == [
        ("Siti A", attendance.checked_in_at),
        ("Siti B", None),
    ]
    later = registration_search(event=world.event, text="siti", day=dt.date(2024, 11, 12))
    assert [r.checked_in_at for r in later] == [None, None]
