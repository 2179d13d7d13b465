import pytest

from participants.models import Registration, RegistrationLog, mask_nik

from .factories import RegistrationFactory


def test_mask_nik_keeps_the_region_and_the_last_two_digits():
    assert mask_nik("1509011705880001") == "1509**********01"
    assert mask_nik("123") == "***"


@pytest.mark.django_db
def test_only_pending_and_verified_registrations_hold_a_seat():
    registration = RegistrationFactory()
    states = {}
    for status in Registration.Status.values:
        registration.status = status
        states[status] = registration.is_active
    assert states == {"pending": True, "verified": True, "rejected": False, "cancelled": False}


@pytest.mark.django_db
def test_active_finds_the_registrations_that_hold_a_seat(world):
    held = {
        status: RegistrationFactory(
            quota_rule=world.pps_rule, unit=world.pps[0], seat_number=n, status=status
        )
        for n, status in enumerate(Registration.Status.values, start=1)
    }
    active = set(Registration.objects.active())
    assert active == {held["pending"], held["verified"]}
    assert all(registration.is_active for registration in active)


@pytest.mark.django_db
def test_the_database_refuses_a_second_holder_of_a_seat(world):
    from django.db import IntegrityError, transaction

    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], seat_number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], seat_number=1)
    RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[0], seat_number=1, status="cancelled"
    )


@pytest.mark.django_db
def test_the_database_keeps_a_nik_once_per_event_among_active_registrations_only(world):
    from django.db import IntegrityError, transaction

    nik = "1509011705880001"
    for status, unit in (("rejected", world.pps[0]), ("cancelled", world.pps[1])):
        RegistrationFactory(quota_rule=world.pps_rule, unit=unit, nik=nik, status=status)
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0], nik=nik)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[2], nik=nik)
    assert Registration.objects.filter(nik=nik).count() == 3


def test_an_old_nik_change_entry_shows_neither_value(db):
    entry = RegistrationLog(
        action=RegistrationLog.Action.UPDATED,
        detail={"fields": ["nik", "phone"], "nik": ["1509**********01", "1509**********05"]},
    )
    assert entry.detail_text == "data changed: NIK, mobile number"
    assert entry.actor_label == "participant (private link)"  # no other path corrects data
