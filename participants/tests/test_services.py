import datetime as dt
from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from bodies.models import Body
from events.models import Event, ParticipantRole
from events.tests.factories import EventFactory
from participants import errors
from participants.checkin import attendance_check_in
from participants.codes import CODE_ALPHABET, looks_like_code, normalise_code
from participants.models import Attendance, Registration, RegistrationLog
from participants.nik import make_nik
from participants.person import PERSON_FIELDS, PersonData
from participants.selectors import check_in_lookup
from participants.services import (
    InvalidPersonData,
    registration_cancel,
    registration_cancel_own,
    registration_change_refused,
    registration_create,
    registration_reject,
    registration_substitute,
    registration_update_own,
    registration_verify,
)

from .factories import AttendanceFactory, RegistrationFactory, add_twin_pps

pytestmark = pytest.mark.django_db


def nik(serial, sex="L", born=dt.date(1988, 5, 17)):
    return make_nik(region_code="15.09.01", sex=sex, birth_date=born, serial=serial)


def register(world, *, rule=None, unit=None, role=None, serial=1, **extra):
    rule = rule or world.pps_rule
    values = {
        "event": world.event,
        "quota_rule": rule,
        "unit": unit or world.pps[0],
        "role": role or rule.role,
    }
    person = {"full_name": "Siti Aminah", "nik": nik(serial), "phone": "0812-3456-7890"}
    for name, value in extra.items():
        (person if name in PERSON_FIELDS else values)[name] = value
    return registration_create(**values, person=PersonData(**person))


class TestRegistrationCreate:
    def test_it_takes_the_first_seat_and_derives_sex_and_birth_date(self, world):
        registration = register(world, nik=nik(7, sex="P", born=dt.date(1990, 2, 3)))
        registration.refresh_from_db()
        assert registration.seat_number == 1
        assert registration.status == Registration.Status.PENDING
        assert (registration.sex, registration.birth_date) == ("P", dt.date(1990, 2, 3))
        assert registration.phone == "+6281234567890"
        assert len(registration.code) == 8 and set(registration.code) <= set(CODE_ALPHABET)
        assert registration.log.get().action == "created"

    def test_it_refuses_a_full_unit_naming_unit_role_and_what_is_still_open(self, world):
        register(world, serial=1)
        with pytest.raises(errors.QuotaFull) as caught:
            register(world, serial=2)
        message = caught.value.message
        assert (
            "PPS Desa Sungai Abang, Kec. Rimbo has no free seat left for Member for Sosdiklih"
            in message
        )
        assert "Still open for PPS" in message
        assert "2 seat(s) in 2 unit(s)" in message
        assert "PPS Kelurahan Mengupeh, Kec. Tengah Ilir" in message
        assert Registration.objects.count() == 1

    def test_quota_full_says_when_nothing_is_left_for_the_kind(self, world):
        for serial, unit in enumerate(world.pps, start=1):
            register(world, unit=unit, serial=serial)
        with pytest.raises(errors.QuotaFull, match="No other PPS seat is open"):
            register(world, unit=world.pps[0], serial=9)

    def test_the_fixed_quota_fills_seats_one_to_n_and_a_cancel_frees_its_number(self, world):
        regs = [
            register(world, rule=world.kpu_rule, unit=world.kpu, role="any", serial=n)
            for n in (1, 2, 3)
        ]
        assert [r.seat_number for r in regs] == [1, 2, 3]
        with pytest.raises(errors.QuotaFull):
            register(world, rule=world.kpu_rule, unit=world.kpu, role="any", serial=4)
        registration_cancel(registration=regs[1])
        again = register(world, rule=world.kpu_rule, unit=world.kpu, role="any", serial=4)
        assert again.seat_number == 2

    def test_a_replayed_submission_key_returns_the_first_registration(self, world):
        first = register(world, submission_key="k-1", serial=1)
        replay = register(world, submission_key="k-1", serial=1)
        assert replay.pk == first.pk
        assert Registration.objects.count() == 1

    def test_a_retry_after_registration_closed_is_still_given_its_registration(self, world):
        # The answer to the first post was lost; by the retry the organiser has closed
        # registration (or the event was read before). The person is not told "closed".
        first = register(world, submission_key="k-1", serial=1)
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.CLOSED)
        assert register(world, submission_key="k-1", serial=1).pk == first.pk
        world.event.refresh_from_db()
        assert register(world, submission_key="k-1", serial=1).pk == first.pk
        with pytest.raises(errors.RegistrationClosed):
            register(world, submission_key="k-2", serial=2, unit=world.pps[1])

    def test_a_second_person_on_the_same_form_is_not_given_the_first_ones_registration(self, world):
        first = register(world, submission_key="k-1", serial=1, full_name="Ani Pertama")
        with pytest.raises(errors.SubmissionKeyUsed, match="Reload the page"):
            register(
                world, submission_key="k-1", serial=2, unit=world.pps[1], full_name="Budi Kedua"
            )
        assert list(Registration.objects.values_list("pk", flat=True)) == [first.pk]

    def test_the_same_person_for_another_seat_with_a_used_key_is_asked_to_reload(self, world):
        register(world, submission_key="k-1", serial=1)
        with pytest.raises(errors.SubmissionKeyUsed):
            register(world, submission_key="k-1", serial=1, unit=world.pps[1])

    def test_a_replay_with_the_nik_typed_with_spaces_is_still_the_same_form(self, world):
        first = register(world, submission_key="k-1", serial=1)
        spaced = " ".join([nik(1)[:6], nik(1)[6:12], nik(1)[12:]])
        assert register(world, submission_key="k-1", nik=spaced).pk == first.pk

    def test_a_nik_already_registered_takes_the_seat_held_for_review(self, world):
        first = register(world, serial=1, full_name="Ahmad Fauzi")
        second = register(world, unit=world.pps[1], serial=1)
        second.refresh_from_db()
        assert (second.nik, second.nik_in_review, second.status) == (None, nik(1), "pending")
        assert second.seat_number == 1 and second.masked_nik == first.masked_nik
        first.refresh_from_db()
        assert first.nik == nik(1)

    def test_a_full_unit_is_refused_alike_for_a_held_and_a_free_nik(self, world):
        register(world, serial=1)
        messages = []
        for serial in (1, 2):  # 1 holds the only seat of pps[0]; 2 holds nothing
            with pytest.raises(errors.QuotaFull) as caught:
                register(world, serial=serial)
            messages.append(caught.value.message)
        assert messages[0] == messages[1]

    def test_a_cancelled_registration_no_longer_blocks_its_nik(self, world):
        registration_cancel(registration=register(world, serial=1))
        assert register(world, unit=world.pps[1], serial=1).is_active

    def test_a_rejected_person_registers_again_with_the_same_nik_for_the_same_seat(
        self, world, admin_user
    ):
        first = register(world, serial=1)
        registration_reject(registration=first, actor=admin_user, reason="Data tidak sesuai")
        again = register(world, serial=1, full_name="Siti Aminah, S.Pd.")
        assert (again.status, again.seat_number, again.nik) == ("pending", 1, first.nik)
        first.refresh_from_db()
        assert first.status == Registration.Status.REJECTED

    def test_a_rejected_nik_may_be_taken_by_a_correction_or_a_substitute(self, world, admin_user):
        rejected = register(world, serial=1)
        registration_reject(registration=rejected, actor=admin_user, reason="x")
        other = register(world, unit=world.pps[1], serial=2)
        registration_update_own(
            registration=other,
            person=PersonData(full_name=other.full_name, nik=rejected.nik, phone=other.phone),
        )
        other.refresh_from_db()
        assert other.nik == rejected.nik
        registration_reject(registration=other, actor=admin_user, reason="x")
        third = register(world, unit=world.pps[2], serial=3)
        new = registration_substitute(
            registration=third,
            actor=admin_user,
            person=PersonData(full_name="Budi Santoso", nik=rejected.nik, phone="081377778888"),
        )
        assert new.nik == rejected.nik and new.is_active

    @pytest.mark.parametrize(
        "change",
        [
            {"status": Event.Status.DRAFT},
            {"status": Event.Status.CLOSED},
            {"registration_closes_at": dt.datetime(2024, 11, 1, tzinfo=dt.UTC)},
        ],
    )
    def test_it_refuses_when_registration_is_closed(self, world, change):
        Event.objects.filter(pk=world.event.pk).update(**change)
        world.event.refresh_from_db()
        with pytest.raises(errors.RegistrationClosed):
            register(world)
        assert not Registration.objects.exists()

    def test_registration_closed_after_the_event_was_read_is_still_refused(self, world):
        stale = world.event  # read (by the view) before the organiser closed registration
        Event.objects.filter(pk=stale.pk).update(status=Event.Status.CLOSED)
        with pytest.raises(errors.RegistrationClosed):
            register(world)
        assert not Registration.objects.exists()

    @pytest.mark.parametrize("length", [255, 320])
    def test_an_e_mail_longer_than_the_column_is_refused_next_to_the_e_mail(self, world, length):
        # A valid address (labels of at most 63) that the 254-character column cannot hold.
        domain = ".".join(["b" * 60] * 5)[: length - 69] + ".com"
        email = "a" * 64 + "@" + domain
        assert len(email) == length
        with pytest.raises(InvalidPersonData) as caught:
            register(world, email=email)
        assert caught.value.field == "email"
        assert not Registration.objects.exists()

    def test_a_value_the_model_refuses_is_the_persons_error_not_a_crash(self, world, monkeypatch):
        # Should PersonData's checks ever let through what the model refuses, the person is told.
        cleaned = PersonData.cleaned
        monkeypatch.setattr(
            PersonData, "cleaned", lambda self: replace(cleaned(self), position="x" * 151)
        )
        with pytest.raises(InvalidPersonData) as caught:
            register(world)
        assert caught.value.field == "position"

    def test_it_refuses_a_unit_the_rule_does_not_invite(self, world):
        with pytest.raises(errors.UnitNotAllowed, match="not invited"):
            register(world, unit=world.ppk[0])

    def test_it_refuses_a_unit_of_another_regency_naming_its_kecamatan(self, world):
        from bodies.tests.factories import BodyFactory, VillageFactory

        village = VillageFactory(name="Sungai Abang", district__name="Pelepat")
        unit = BodyFactory(pps=True, village=village)
        with pytest.raises(errors.UnitNotAllowed) as caught:
            register(world, unit=Body.objects.get(pk=unit.pk))
        assert caught.value.message == (
            "PPS Desa Sungai Abang, Kec. Pelepat is not invited to this event."
        )

    def test_the_log_names_the_unit_with_its_kecamatan(self, world):
        registration = register(world, unit=add_twin_pps(world))
        assert registration.log.get().detail == {
            "seat": 1,
            "unit": "PPS Desa Sungai Abang, Kec. Tengah Ilir",
        }

    def test_a_full_desa_and_the_open_ones_are_named_with_their_kecamatan(self, world):
        twin = add_twin_pps(world)
        register(world, unit=twin, serial=1)
        with pytest.raises(errors.QuotaFull) as caught:
            register(world, unit=twin, serial=2)
        message = caught.value.message
        assert message.startswith("PPS Desa Sungai Abang, Kec. Tengah Ilir has no free seat")
        assert "e.g. PPS Kelurahan Mengupeh, Kec. Tengah Ilir, " in message
        assert "PPS Desa Sungai Abang, Kec. Rimbo" in message

    def test_it_refuses_a_rule_of_another_event(self, world):
        other = EventFactory(organiser=world.kpu)
        with pytest.raises(errors.UnitNotAllowed, match="does not belong"):
            register(world, event=other)

    def test_it_refuses_a_role_the_rule_does_not_ask_for(self, world):
        with pytest.raises(errors.RoleNotAllowed, match="only takes: Member for Sosdiklih"):
            register(world, role=ParticipantRole.SECRETARIAT)

    def test_it_refuses_an_unknown_role_for_an_any_rule(self, world):
        with pytest.raises(errors.RoleNotAllowed):
            register(world, rule=world.kpu_rule, unit=world.kpu, role="boss")

    @pytest.mark.parametrize(
        "field, value",
        [
            ("nik", "150901140385000"),
            ("nik", "1509013102850001"),
            ("full_name", "<script>alert(1)</script>"),
            ("full_name", "x" * 5000),
            ("phone", "0812abc"),
            ("email", "not-an-address"),
        ],
    )
    def test_it_refuses_bad_person_data_with_the_field_named(self, world, field, value):
        with pytest.raises(InvalidPersonData) as caught:
            register(world, **{field: value})
        assert caught.value.field == field
        assert not Registration.objects.exists()


class TestStatusChanges:
    def test_verify_then_reject_with_reason_logs_each_step(self, world, admin_user):
        registration = register(world)
        registration_verify(registration=registration, actor=admin_user)
        rejected = registration_reject(
            registration=registration, actor=admin_user, reason="Bukan anggota PPS"
        )
        assert rejected.status == Registration.Status.REJECTED
        assert rejected.status_reason == "Bukan anggota PPS"
        assert rejected.status_changed_by == admin_user
        actions = list(RegistrationLog.objects.order_by("id").values_list("action", flat=True))
        assert actions == ["created", "verified", "rejected"]

    def test_it_refuses_to_verify_twice(self, world, admin_user):
        registration = register(world)
        registration_verify(registration=registration, actor=admin_user)
        with pytest.raises(errors.InvalidStatus, match="verified"):
            registration_verify(registration=registration, actor=admin_user)

    def test_reject_needs_a_reason(self, world, admin_user):
        registration = register(world)
        with pytest.raises(errors.ReasonRequired):
            registration_reject(registration=registration, actor=admin_user, reason="   ")
        registration.refresh_from_db()
        assert registration.status == Registration.Status.PENDING

    def test_it_cannot_cancel_or_reject_what_is_already_cancelled(self, world, admin_user):
        registration = registration_cancel(registration=register(world), reason="sakit")
        assert registration.status_reason == "sakit"
        with pytest.raises(errors.InvalidStatus, match="cancelled"):
            registration_cancel(registration=registration)
        with pytest.raises(errors.InvalidStatus):
            registration_reject(registration=registration, actor=admin_user, reason="x")


class TestCancelOwn:
    def test_the_person_cancels_while_registration_is_open(self, world):
        registration = registration_cancel_own(registration=register(world), reason="sakit")
        assert registration.status == Registration.Status.CANCELLED

    @pytest.mark.parametrize("status", [Event.Status.CLOSED, Event.Status.HELD])
    def test_a_participant_cannot_cancel_after_registration_closed(self, world, status):
        registration = register(world)
        AttendanceFactory(registration=registration, day=dt.date(2024, 11, 11))
        Event.objects.filter(pk=world.event.pk).update(status=status)
        with pytest.raises(errors.RegistrationClosed, match="contact the organiser"):
            registration_cancel_own(registration=registration)
        registration.refresh_from_db()
        assert registration.status == Registration.Status.PENDING

    def test_staff_can_still_cancel_after_registration_closed(self, world, admin_user):
        registration = register(world)
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.CLOSED)
        cancelled = registration_cancel(registration=registration, actor=admin_user, reason="x")
        assert cancelled.status == Registration.Status.CANCELLED


class TestSubstitute:
    def test_the_new_person_takes_the_same_seat_and_the_old_one_is_cancelled(
        self, world, admin_user
    ):
        old = register(world, rule=world.kpu_rule, unit=world.kpu, role="any", serial=1)
        register(world, rule=world.kpu_rule, unit=world.kpu, role="any", serial=2)
        old_seat = old.seat_number
        new = registration_substitute(
            registration=old,
            actor=admin_user,
            person=PersonData(full_name="Budi Santoso", nik=nik(3), phone="081298765432"),
        )
        old.refresh_from_db()
        assert old.status == Registration.Status.CANCELLED and old.status_reason == "diganti"
        assert (new.seat_number, new.unit, new.quota_rule) == (old_seat, old.unit, old.quota_rule)
        assert new.status == Registration.Status.VERIFIED and new.code != old.code
        assert old.log.filter(action="substituted", detail__by=new.code).exists()

    def test_it_refuses_the_same_person_as_substitute(self, world, admin_user):
        old = register(world, serial=1)
        with pytest.raises(InvalidPersonData, match="same NIK"):
            registration_substitute(
                registration=old,
                actor=admin_user,
                person=PersonData(full_name="X Y", nik=nik(1), phone="081298765432"),
            )

    def test_it_refuses_a_substitute_registered_elsewhere_and_changes_nothing(
        self, world, admin_user
    ):
        old = register(world, serial=1)
        register(world, unit=world.pps[1], serial=2)
        with pytest.raises(errors.DuplicateNik, match="Registrations page") as refused:
            registration_substitute(
                registration=old,
                actor=admin_user,
                person=PersonData(full_name="X Y", nik=nik(2), phone="081298765432"),
            )
        assert "private link" not in refused.value.message
        old.refresh_from_db()
        assert old.status == Registration.Status.PENDING

    def test_it_refuses_to_substitute_a_cancelled_registration(self, world, admin_user):
        old = registration_cancel(registration=register(world, serial=1))
        with pytest.raises(errors.InvalidStatus):
            registration_substitute(
                registration=old,
                actor=admin_user,
                person=PersonData(full_name="X Y", nik=nik(2), phone="081298765432"),
            )


class TestRecordedAttendanceStays:
    """Someone checked in is counted by the daftar hadir, the berita acara and their
    certificate: no status change may take them out of those afterwards."""

    day = dt.date(2024, 11, 11)

    def present(self, world, admin_user, **extra):
        registration = registration_verify(registration=register(world, **extra), actor=admin_user)
        attendance_check_in(
            event=world.event, day=self.day, registration=registration, actor=admin_user
        )
        return registration

    def assert_unchanged(self, registration):
        registration.refresh_from_db()
        assert registration.status == Registration.Status.VERIFIED
        assert registration.attendances.count() == 1
        assert Registration.objects.filter(event=registration.event).count() == 1

    def test_staff_cannot_cancel_someone_recorded_present(self, world, admin_user):
        registration = self.present(world, admin_user)
        with pytest.raises(errors.AlreadyAttended, match="recorded present on 11 November 2024"):
            registration_cancel(registration=registration, actor=admin_user, reason="x")
        self.assert_unchanged(registration)

    def test_the_person_cannot_cancel_after_being_recorded_present(self, world, admin_user):
        registration = self.present(world, admin_user)
        with pytest.raises(errors.AlreadyAttended):
            registration_cancel_own(registration=registration)
        self.assert_unchanged(registration)

    def test_staff_cannot_reject_someone_recorded_present(self, world, admin_user):
        registration = self.present(world, admin_user)
        with pytest.raises(errors.AlreadyAttended):
            registration_reject(registration=registration, actor=admin_user, reason="Ganda")
        self.assert_unchanged(registration)

    def test_nobody_substitutes_someone_recorded_present(self, world, admin_user):
        registration = self.present(world, admin_user, full_name="Siti Aminah")
        with pytest.raises(errors.AlreadyAttended, match="Siti Aminah was recorded present"):
            registration_substitute(
                registration=registration,
                actor=admin_user,
                person=PersonData(full_name="Budi Santoso", nik=nik(2), phone="081298765432"),
            )
        self.assert_unchanged(registration)

    def test_every_day_present_is_named(self, world, admin_user):
        registration = self.present(world, admin_user)
        AttendanceFactory(registration=registration, day=self.day + timedelta(days=1))
        assert registration_change_refused(registration=registration) == (
            "Siti Aminah was recorded present on 11 November 2024, 12 November 2024: a "
            "registration with recorded attendance can no longer be cancelled, rejected or "
            "substituted."
        )

    def test_an_active_registration_not_present_may_still_change(self, world, admin_user):
        registration = register(world)
        assert registration_change_refused(registration=registration) is None
        cancelled = registration_cancel(registration=registration, actor=admin_user)
        assert "cancelled" in registration_change_refused(registration=cancelled)


class TestUpdateOwn:
    def person(self, registration, **change):
        return replace(PersonData.of(registration), **change)

    def test_a_new_phone_is_saved_and_logged_without_changing_status(self, world, admin_user):
        registration = registration_verify(registration=register(world), actor=admin_user)
        updated = registration_update_own(
            registration=registration, person=self.person(registration, phone="+62 811 1111 2222")
        )
        assert updated.phone == "+6281111112222"
        assert updated.status == Registration.Status.VERIFIED
        assert updated.log.filter(action="updated", detail__fields=["phone"]).exists()

    def test_a_new_name_sends_a_verified_registration_back_to_verification(self, world, admin_user):
        registration = registration_verify(registration=register(world), actor=admin_user)
        updated = registration_update_own(
            registration=registration,
            person=self.person(registration, full_name="Siti Aminah, S.Pd."),
        )
        assert updated.status == Registration.Status.PENDING

    def test_a_changed_nik_is_logged_by_its_field_name_without_values(self, world):
        registration = register(world, serial=1)
        updated = registration_update_own(
            registration=registration, person=self.person(registration, nik=nik(5))
        )
        entry = updated.log.get(action="updated")
        assert entry.detail == {"fields": ["nik"], "via": "private_link"}
        assert entry.detail_text == "data changed: NIK"
        assert entry.actor_label == "participant (private link)"

    def test_a_cancel_through_the_private_link_is_the_participant_s(self, world, admin_user):
        cancelled = registration_cancel_own(registration=register(world), reason="sakit")
        assert cancelled.log.get(action="cancelled").actor_label == "participant (private link)"
        by_staff = registration_cancel(registration=register(world, serial=2), actor=admin_user)
        assert by_staff.log.get(action="cancelled").actor_label == admin_user.username

    def test_a_nik_held_by_another_registration_is_held_for_review_not_refused(self, world):
        holder = register(world, unit=world.pps[1], serial=2)
        registration = register(world, serial=1)
        updated = registration_update_own(
            registration=registration, person=self.person(registration, nik=nik(2))
        )
        updated.refresh_from_db()
        assert (updated.nik, updated.nik_in_review) == (None, nik(2))
        assert updated.log.get(action="updated").detail == {
            "fields": ["nik"],
            "via": "private_link",
        }
        holder.refresh_from_db()
        assert holder.nik == nik(2)
        # Back to a free NIK: the registration takes it again, out of review.
        again = registration_update_own(
            registration=updated, person=self.person(updated, nik=nik(3))
        )
        again.refresh_from_db()
        assert (again.nik, again.nik_in_review) == (nik(3), "")

    def test_it_refuses_once_registration_has_closed(self, world):
        registration = register(world)
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.CLOSED)
        with pytest.raises(errors.RegistrationClosed):
            registration_update_own(
                registration=registration, person=self.person(registration, phone="081111111111")
            )

    def test_it_refuses_a_cancelled_registration(self, world):
        registration = registration_cancel(registration=register(world))
        with pytest.raises(errors.InvalidStatus):
            registration_update_own(registration=registration, person=self.person(registration))

    def test_an_e_mail_longer_than_the_column_is_refused_next_to_the_e_mail(self, world):
        registration = register(world)
        email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"
        with pytest.raises(InvalidPersonData) as caught:
            registration_update_own(
                registration=registration, person=self.person(registration, email=email)
            )
        assert caught.value.field == "email"

    def test_nothing_changed_writes_nothing(self, world):
        registration = register(world)
        registration_update_own(registration=registration, person=self.person(registration))
        assert registration.log.count() == 1


class TestCheckIn:
    day = dt.date(2024, 11, 11)

    def test_it_marks_the_person_present_from_a_typed_code(self, world, admin_user):
        registration = registration_verify(registration=register(world), actor=admin_user)
        lookup = check_in_lookup(
            event=world.event, text=f" {registration.code.lower()} ", day=self.day
        )
        attendance = attendance_check_in(
            event=world.event, day=self.day, registration=lookup.registration, actor=admin_user
        )
        assert attendance.registration == registration and attendance.checked_in_by == admin_user
        assert registration.log.filter(action="checked_in").exists()

    def test_the_lookup_says_when_the_code_is_unknown(self, world):
        lookup = check_in_lookup(event=world.event, text="zzzz-2222", day=self.day)

        assert (lookup.registration, lookup.matches, lookup.unknown_code) == (None, [], "ZZZZ2222")

    def test_the_lookup_reads_the_code_from_a_scanned_private_link(self, world):
        registration = register(world)
        link = f"https://bimtek.example/daftar/r/{registration.code}/"

        assert check_in_lookup(event=world.event, text=link, day=self.day).registration == (
            registration
        )

    def test_the_lookup_lists_everyone_a_name_matches(self, world):
        first = register(world, full_name="Rahmat Hidayat")
        second = register(world, serial=2, unit=world.pps[1], full_name="Rahmat Saleh")

        lookup = check_in_lookup(event=world.event, text="rahmat", day=self.day)

        assert lookup.registration is None and not lookup.unknown_code
        assert {r.pk for r in lookup.matches} == {first.pk, second.pk}

    def test_the_lookup_finds_nobody_for_a_name_nobody_has(self, world):
        lookup = check_in_lookup(event=world.event, text="Tidak Ada", day=self.day)

        assert (lookup.registration, lookup.matches, lookup.unknown_code) == (None, [], "")

    def test_it_refuses_a_cancelled_registration(self, world, admin_user):
        registration = registration_cancel(registration=register(world))
        with pytest.raises(errors.RegistrationInactive, match="cancelled"):
            attendance_check_in(
                event=world.event,
                day=self.day,
                registration=registration,
                actor=admin_user,
            )

    def test_a_registration_cancelled_meanwhile_is_not_checked_in(self, world, admin_user):
        registration = register(world)  # what the desk's list showed a moment ago
        Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
        with pytest.raises(errors.RegistrationInactive, match="cancelled"):
            attendance_check_in(
                event=world.event, day=self.day, registration=registration, actor=admin_user
            )
        assert not Attendance.objects.exists()

    def test_it_refuses_a_rejected_registration(self, world, admin_user):
        registration = registration_reject(
            registration=register(world), actor=admin_user, reason="x"
        )
        with pytest.raises(errors.RegistrationInactive, match="rejected"):
            attendance_check_in(
                event=world.event, day=self.day, registration=registration, actor=admin_user
            )

    def test_it_refuses_a_registration_not_yet_verified(self, world, admin_user):
        registration = register(world)
        with pytest.raises(errors.NotVerified, match="not verified yet"):
            attendance_check_in(
                event=world.event,
                day=self.day,
                registration=registration,
                actor=admin_user,
            )
        assert not Attendance.objects.exists()

    def test_it_says_at_what_time_the_person_already_checked_in(self, world, admin_user):
        registration = register(world)
        at = dt.datetime(2024, 11, 11, 7, 42, tzinfo=timezone.get_current_timezone())
        AttendanceFactory(registration=registration, day=self.day, checked_in_at=at)
        with pytest.raises(
            errors.AlreadyCheckedIn,
            match=r"already checked in on Senin, 11 November 2024, at 07\.42",
        ):
            attendance_check_in(
                event=world.event,
                day=self.day,
                registration=registration,
                actor=admin_user,
            )
        assert Attendance.objects.count() == 1

    def test_on_the_day_itself_it_says_today(self, world, admin_user):
        today = timezone.localdate()
        Event.objects.filter(pk=world.event.pk).update(first_day=today, last_day=today)
        world.event.refresh_from_db()
        registration = registration_verify(registration=register(world), actor=admin_user)
        AttendanceFactory(registration=registration, day=today)
        with pytest.raises(errors.AlreadyCheckedIn, match=r"already checked in today, at "):
            attendance_check_in(
                event=world.event,
                day=today,
                registration=registration,
                actor=admin_user,
            )

    def test_the_second_day_is_a_new_check_in(self, world, admin_user):
        registration = registration_verify(registration=register(world), actor=admin_user)
        AttendanceFactory(registration=registration, day=self.day)
        attendance_check_in(
            event=world.event,
            day=self.day + timedelta(days=1),
            registration=registration,
            actor=admin_user,
        )
        assert registration.attendances.count() == 2

    def test_it_names_the_other_event_of_the_same_office(self, world, admin_user):
        other = RegistrationFactory(
            quota_rule__event__title="Bimtek KPPS",
            quota_rule__event__organiser=world.event.organiser,
        )
        with pytest.raises(errors.WrongEvent, match="another event: Bimtek KPPS"):
            attendance_check_in(
                event=world.event, day=self.day, registration=other, actor=admin_user
            )

    def test_it_names_nobody_of_another_office(self, world, admin_user):
        other = RegistrationFactory(
            full_name="Rahasia Lain", quota_rule__event__title="Bimtek Kabupaten Lain"
        )
        assert other.event.organiser_id != world.event.organiser_id
        with pytest.raises(errors.WrongEvent) as refused:
            attendance_check_in(
                event=world.event, day=self.day, registration=other, actor=admin_user
            )
        assert "Rahasia Lain" not in refused.value.message
        assert "Kabupaten Lain" not in refused.value.message
        assert other.code in refused.value.message

    def test_it_refuses_a_day_outside_the_event(self, world, admin_user):
        registration = register(world)
        with pytest.raises(errors.NotAnEventDay, match="Rabu, 13 November 2024"):
            attendance_check_in(
                event=world.event,
                day=dt.date(2024, 11, 13),
                registration=registration,
                actor=admin_user,
            )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("FAYWBNZT", True),
        ("fayw bnzt", True),
        ("FAYW-BNZT", True),
        (" FAYW  BNZT ", True),
        ("FA YW BN ZT", True),
        ("Supriadi", False),  # I is not in the alphabet
        ("FAYW BNZ", False),
        ("FAYW BNZTX", False),
        ("FAY0 BNZT", False),  # 0 is not in the alphabet
        ("", False),
    ],
)
def test_a_code_may_be_typed_in_groups_but_keeps_its_alphabet_and_length(typed, expected):
    assert looks_like_code(typed) is expected


def test_spaces_and_dashes_are_not_part_of_the_code():
    assert normalise_code(" fayw bnzt ") == normalise_code("FAYW-BNZT") == "FAYWBNZT"
