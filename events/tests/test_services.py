import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from bodies.models import Body
from events.models import Event, QuotaRule, TurnoutResult
from events.services import (
    EventError,
    event_cancel,
    event_close_registration,
    event_mark_held,
    event_open_registration,
    quota_rule_save,
    turnout_results_import,
)
from events.tests.factories import EventFactory, generated_regency, kpu_of
from participants.models import Registration
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


# --- Opening and closing registration --------------------------------------


def test_opening_registration_sets_the_window_and_logs_who_did_it(tebo_event, admin_user):
    tebo_event.status = Event.Status.DRAFT
    tebo_event.save(update_fields=["status"])
    opens, closes = timezone.now(), timezone.now() + timedelta(days=3)

    event_open_registration(event=tebo_event, opens_at=opens, closes_at=closes, actor=admin_user)

    tebo_event.refresh_from_db()
    assert tebo_event.status == Event.Status.OPEN
    assert (tebo_event.registration_opens_at, tebo_event.registration_closes_at) == (opens, closes)
    assert LogEntry.objects.filter(object_id=str(tebo_event.pk), user=admin_user).exists()


def test_it_refuses_to_open_an_event_without_quota_rules(tebo_event):
    event = EventFactory(organiser=tebo_event.organiser, status=Event.Status.DRAFT)

    with pytest.raises(EventError, match="Tambahkan sedikitnya satu aturan kuota"):
        event_open_registration(event=event)
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


@pytest.mark.parametrize("status", [Event.Status.HELD, Event.Status.CANCELLED])
def test_it_refuses_to_open_a_held_or_cancelled_event(tebo_event, status):
    Event.objects.filter(pk=tebo_event.pk).update(status=status)

    with pytest.raises(EventError, match="tidak dapat dibuka"):
        event_open_registration(event=tebo_event)


def test_it_refuses_to_open_again_an_event_that_is_open(tebo_event):
    with pytest.raises(EventError, match="sudah dibuka"):
        event_open_registration(event=tebo_event)


def test_an_open_event_can_get_a_new_window(tebo_event):
    closes = timezone.now() + timedelta(days=2)

    event_open_registration(event=tebo_event, closes_at=closes)

    assert Event.objects.get(pk=tebo_event.pk).registration_closes_at == closes


def test_it_refuses_a_window_that_closes_before_it_opens(tebo_event):
    now = timezone.now()

    with pytest.raises(EventError, match="harus ditutup setelah dibuka"):
        event_open_registration(
            event=tebo_event, opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=1)
        )


def test_it_refuses_a_closing_time_in_the_past(tebo_event):
    with pytest.raises(EventError, match="sudah lewat"):
        event_open_registration(event=tebo_event, closes_at=timezone.now() - timedelta(hours=1))


def test_closing_registration_stamps_the_closing_time(tebo_event):
    event_close_registration(event=tebo_event)

    tebo_event.refresh_from_db()
    assert tebo_event.status == Event.Status.CLOSED
    assert tebo_event.registration_closes_at <= timezone.now()


def test_it_refuses_to_close_registration_that_is_not_open(tebo_event):
    event_close_registration(event=tebo_event)

    with pytest.raises(EventError, match="tidak sedang dibuka"):
        event_close_registration(event=tebo_event)


def test_a_held_event_cannot_be_reopened(tebo_event):
    event_close_registration(event=tebo_event)
    event_mark_held(event=tebo_event)

    with pytest.raises(EventError, match="tidak dapat dibuka"):
        event_open_registration(event=tebo_event)
    with pytest.raises(EventError, match="tidak dapat menjadi"):
        event_cancel(event=tebo_event)
    assert Event.objects.get(pk=tebo_event.pk).status == Event.Status.HELD


def test_a_closed_event_can_be_marked_held_and_logs_who_did_it(tebo_event, admin_user):
    event_close_registration(event=tebo_event)

    event_mark_held(event=tebo_event, actor=admin_user)

    assert Event.objects.get(pk=tebo_event.pk).status == Event.Status.HELD
    assert LogEntry.objects.filter(
        object_id=str(tebo_event.pk), user=admin_user, change_message="status → held"
    ).exists()


def test_an_event_still_open_cannot_be_marked_held(tebo_event):
    with pytest.raises(EventError) as caught:
        event_mark_held(event=tebo_event)

    assert caught.value.message == (
        "Acara berstatus “Pendaftaran dibuka” tidak dapat menjadi “Sudah dilaksanakan”."
    )
    assert Event.objects.get(pk=tebo_event.pk).status == Event.Status.OPEN


def test_cancelling_an_event_is_final(tebo_event):
    event_cancel(event=tebo_event)

    with pytest.raises(EventError, match="tidak dapat dibuka"):
        event_open_registration(event=tebo_event)
    assert Event.objects.get(pk=tebo_event.pk).status == Event.Status.CANCELLED


def test_there_is_no_way_to_set_a_status_around_the_rules():
    # event_set_status reopened a closed event with its past closing time and no
    # quota-rule check; opening goes through event_open_registration only.
    import events.services as services

    assert not hasattr(services, "event_set_status")


# --- Quota rules -------------------------------------------------------------


def test_it_saves_a_valid_per_unit_rule():
    regency = generated_regency(districts=2, villages_per_district=2)
    event = EventFactory(organiser=kpu_of(regency))

    rule = quota_rule_save(event=event, scope="per_unit", body_kind="PPS", role="any", seats=2)

    assert QuotaRule.objects.get(pk=rule.pk).seats == 2


def test_it_refuses_a_per_unit_rule_for_a_kind_with_no_units_in_the_area():
    regency = generated_regency(districts=1, villages_per_district=1)
    Body.objects.filter(kind="PPS", regency=regency).delete()
    event = EventFactory(organiser=kpu_of(regency))

    with pytest.raises(ValidationError) as caught:
        quota_rule_save(event=event, scope="per_unit", body_kind="PPS", role="any", seats=1)

    assert "Tidak ada PPS di wilayah KPU Kabupaten Uji" in caught.value.message_dict["body_kind"][0]
    assert not event.quota_rules.exists()


@pytest.mark.parametrize("seats", [-1, 0])
def test_it_refuses_negative_or_zero_seats(tebo_event, seats):
    with pytest.raises(ValidationError) as caught:
        quota_rule_save(
            event=tebo_event, scope="per_unit", body_kind="PPS", role="any", seats=seats
        )

    assert caught.value.message_dict["seats"][0].startswith("Satu aturan memberi sedikitnya")


def test_it_refuses_a_fixed_rule_without_a_body(tebo_event):
    with pytest.raises(ValidationError) as caught:
        quota_rule_save(event=tebo_event, scope="fixed", body_kind="KPU_KAB", seats=3)

    assert "body" in caught.value.message_dict


def test_it_refuses_a_fixed_rule_with_a_body_of_another_kind(tebo_event):
    ppk = Body.objects.filter(kind="PPK", regency=tebo_event.organiser.regency).first()

    with pytest.raises(ValidationError) as caught:
        quota_rule_save(event=tebo_event, scope="fixed", body_kind="PPS", body=ppk, seats=3)

    assert caught.value.message_dict["body"] == [f"{ppk} adalah PPK, bukan PPS."]


def test_it_refuses_a_fixed_rule_for_a_body_outside_the_organisers_area(tebo_event):
    bungo = kpu_of(generated_regency(districts=1, villages_per_district=1))

    with pytest.raises(ValidationError) as caught:
        quota_rule_save(event=tebo_event, scope="fixed", body_kind="KPU_KAB", body=bungo, seats=3)

    assert caught.value.message_dict["body"] == [
        f"{bungo} berada di luar wilayah {tebo_event.organiser}: aturan tetap hanya dapat "
        "memberi kursi kepada badan di wilayah penyelenggara."
    ]
    assert not QuotaRule.objects.filter(body=bungo).exists()


def test_a_fixed_rule_for_the_organiser_itself_is_taken(tebo_event):
    rule = quota_rule_save(
        event=tebo_event, scope="fixed", body_kind="KPU_KAB", body=tebo_event.organiser,
        role="secretariat", seats=2,
    )  # fmt: skip
    assert rule.pk


def test_it_refuses_a_duplicate_rule(tebo_event):
    with pytest.raises(ValidationError) as caught:
        quota_rule_save(
            event=tebo_event, scope="per_unit", body_kind="PPS", role="sosdiklih", seats=2
        )

    assert caught.value.message_dict["role"] == [
        "Acara ini sudah memiliki aturan untuk PPS dengan peran “Anggota yang membidangi Sosdiklih, "
        "Parmas dan SDM”."
    ]
    assert tebo_event.quota_rules.count() == 4


def test_a_rule_saved_by_someone_else_meanwhile_is_refused_cleanly(tebo_event, monkeypatch):
    import events.services as services

    real_validate = services.quota_rule_validate

    def validate_then_other_request_saves(*, rule):
        real_validate(rule=rule)  # passes: nobody has the rule yet
        QuotaRule.objects.create(  # ...then another request commits the same rule
            event=tebo_event, scope="per_unit", body_kind="PPK", role="commissioner", seats=1
        )

    monkeypatch.setattr(services, "quota_rule_validate", validate_then_other_request_saves)

    with pytest.raises(ValidationError) as caught:
        quota_rule_save(
            event=tebo_event, scope="per_unit", body_kind="PPK", role="commissioner", seats=3
        )

    # The model's constraint check (full_clean) catches it; the database's
    # partial unique index stays behind it for a write in the very same instant.
    assert caught.value.messages == [
        "Acara ini sudah memiliki aturan per unit untuk jenis lembaga dan peran ini."
    ]
    assert tebo_event.quota_rules.get(role="commissioner").seats == 1


def test_updating_a_rule_is_not_a_duplicate_of_itself(tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="PPS")

    quota_rule_save(
        rule=rule, event=tebo_event, scope="per_unit", body_kind="PPS", role="sosdiklih", seats=2
    )

    assert QuotaRule.objects.get(pk=rule.pk).seats == 2


# --- Quota rules that already have registrations ----------------------------


def resave(rule: QuotaRule, **changes) -> QuotaRule:
    """quota_rule_save with the rule's stored values, except `changes`."""
    values = {
        "scope": rule.scope,
        "body_kind": rule.body_kind,
        "body": rule.body,
        "role": rule.role,
        "seats": rule.seats,
        "label": rule.label,
        "order": rule.order,
        **changes,
    }
    return quota_rule_save(event=rule.event, rule=rule, **values)


def hold(rule: QuotaRule, unit: Body, *seats: int, status=Registration.Status.PENDING) -> None:
    for seat in seats:
        RegistrationFactory(quota_rule=rule, unit=unit, seat_number=seat, status=status)


def test_it_refuses_fewer_seats_than_a_unit_already_holds(tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    hold(rule, rule.body, 1, 2, 3)

    with pytest.raises(ValidationError) as caught:
        resave(QuotaRule.objects.get(pk=rule.pk), seats=2)

    assert caught.value.message_dict["seats"] == [
        "Jumlah kursi tidak dapat kurang dari 3: KPU Kabupaten Tebo sudah memiliki 3 "
        "pendaftaran aktif untuk aturan ini (sampai kursi nomor 3). Batalkan atau tolak "
        "pendaftaran terlebih dahulu."
    ]
    assert QuotaRule.objects.get(pk=rule.pk).seats == 24


def test_it_refuses_fewer_seats_than_the_highest_seat_still_held(tebo_event):
    # Seat 2 was freed; with 2 seats the next person would take seat 2 and the
    # unit would hold 3 people for 2 seats.
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    hold(rule, rule.body, 1, 3)
    hold(rule, rule.body, 2, status=Registration.Status.CANCELLED)

    with pytest.raises(ValidationError) as caught:
        resave(rule, seats=2)

    assert "tidak dapat kurang dari 3" in caught.value.message_dict["seats"][0]


def test_seats_can_go_down_to_the_seats_still_held(tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    hold(rule, rule.body, 1, 2)
    hold(rule, rule.body, 3, status=Registration.Status.REJECTED)

    resave(rule, seats=2)

    assert QuotaRule.objects.get(pk=rule.pk).seats == 2


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"body_kind": "PPK"}, "body_kind"),
        ({"scope": "fixed", "body_kind": "KPU_KAB", "body": "kpu"}, "scope"),
    ],
)
def test_a_rule_with_active_registrations_cannot_move_to_other_bodies(tebo_event, changes, field):
    rule = tebo_event.quota_rules.get(body_kind="PPS")
    hold(rule, Body.objects.filter(kind="PPS", regency=tebo_event.organiser.regency).first(), 1)
    if changes.get("body") == "kpu":
        changes["body"] = tebo_event.organiser

    with pytest.raises(ValidationError) as caught:
        resave(rule, **changes)

    assert caught.value.message_dict[field] == [
        "Aturan ini sudah memiliki 1 pendaftaran aktif: cakupan, jenis lembaga dan lembaganya "
        "tidak dapat diubah. Batalkan atau tolak pendaftaran tersebut terlebih dahulu, atau "
        "tambahkan aturan baru."
    ]
    assert QuotaRule.objects.get(pk=rule.pk).body_kind == "PPS"


def test_a_fixed_rule_with_active_registrations_cannot_change_its_body(tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    hold(rule, rule.body, 1)
    elsewhere = kpu_of(generated_regency(districts=1, villages_per_district=1))

    with pytest.raises(ValidationError) as caught:
        resave(rule, body=elsewhere)

    assert "tidak dapat diubah" in caught.value.message_dict["body"][0]
    assert QuotaRule.objects.get(pk=rule.pk).body == tebo_event.organiser


def test_a_rule_whose_registrations_were_all_cancelled_can_change_its_kind(tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="PPS")
    unit = Body.objects.filter(kind="PPS", regency=tebo_event.organiser.regency).first()
    hold(rule, unit, 1, status=Registration.Status.CANCELLED)

    resave(rule, body_kind="PPK", role="any")

    assert QuotaRule.objects.get(pk=rule.pk).body_kind == "PPK"


def test_a_rules_role_cannot_shut_out_the_people_already_registered(tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")  # role: any
    RegistrationFactory(quota_rule=rule, unit=rule.body, role="secretariat")

    with pytest.raises(ValidationError) as caught:
        resave(rule, role="commissioner")
    resave(rule, role="secretariat")

    assert caught.value.message_dict["role"] == [
        "Aturan ini memiliki pendaftaran aktif dengan peran lain (Staf sekretariat): "
        "perannya tidak dapat menjadi “Ketua atau anggota”."
    ]
    assert QuotaRule.objects.get(pk=rule.pk).role == "secretariat"


# --- Turnout results ---------------------------------------------------------


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_it_imports_results_at_every_level_and_updates_on_a_second_import(tebo_event):
    election = tebo_event.election
    TurnoutResult.objects.filter(election=election).delete()
    village = tebo_event.organiser.regency.districts.first().villages.first()
    text = f"kode;dpt;suara\n15.09;262.261;182.271\n15.09.01;20000;15000\n{village.code};1000;800\n"

    summary = turnout_results_import(election=election, file=csv_file(text))
    again = turnout_results_import(election=election, file=csv_file(text.replace("800", "810")))

    assert (summary.created, summary.updated) == (3, 0)
    assert summary.levels == {"regency": 1, "district": 1, "village": 1}
    assert (again.created, again.updated) == (0, 3)
    regency_result = TurnoutResult.objects.get(election=election, regency__code="15.09")
    assert regency_result.participation == pytest.approx(69.50, abs=0.01)
    assert TurnoutResult.objects.get(election=election, village=village).votes_cast == 810


def test_a_bad_file_is_refused_whole_with_every_error_by_line(tebo_event):
    election = tebo_event.election
    before = list(TurnoutResult.objects.values_list("pk", "votes_cast"))
    text = (
        "15.09.01,100,50\n"
        "15.09.02,100\n"
        "15.09.03,100,150\n"
        "abc,1,1\n"
        "15.09.04,seratus,1\n"
        "15.09.01,100,50\n"
        "15.09.77,100,50\n"
    )

    with pytest.raises(ValidationError) as caught:
        turnout_results_import(election=election, file=csv_file(text))

    assert caught.value.messages == [
        "Baris 2: harus ada 3 kolom (kode wilayah, DPT, pengguna hak pilih), ada 2.",
        "Baris 3: pengguna hak pilih (150) melebihi DPT (100).",
        "Baris 4: “abc” bukan kode kabupaten/kota, kecamatan atau desa/kelurahan.",
        "Baris 5: DPT dan pengguna hak pilih harus bilangan bulat.",
        "Baris 6: 15.09.01 sudah ada di baris 1.",
        "Baris 7: tidak ada wilayah berkode 15.09.77 dalam edisi 2025.",
    ]
    assert list(TurnoutResult.objects.values_list("pk", "votes_cast")) == before


def test_digit_like_or_oversized_figures_are_refused_by_line_not_crashed(tebo_event):
    text = f"15.09,²,1\n15.09.01,{'9' * 30},1\n15.09.02,2147483648,1\n15.09.03,١٠٠,1\n"

    with pytest.raises(ValidationError) as caught:
        turnout_results_import(election=tebo_event.election, file=csv_file(text))

    assert caught.value.messages == [
        "Baris 1: DPT dan pengguna hak pilih harus bilangan bulat.",
        "Baris 2: DPT dan pengguna hak pilih harus bilangan bulat, paling besar 2.147.483.647.",
        "Baris 3: DPT dan pengguna hak pilih harus bilangan bulat, paling besar 2.147.483.647.",
        "Baris 4: DPT dan pengguna hak pilih harus bilangan bulat.",
    ]


def test_the_largest_figure_a_column_holds_is_imported(tebo_event):
    largest = 2147483647
    text = f"15.09,{largest},{largest}\n"

    turnout_results_import(election=tebo_event.election, file=csv_file(text))

    result = TurnoutResult.objects.get(election=tebo_event.election, regency__code="15.09")
    assert result.registered_voters == largest


def test_a_bad_first_line_is_not_mistaken_for_a_header(tebo_event):
    with pytest.raises(ValidationError) as caught:
        turnout_results_import(election=tebo_event.election, file=csv_file("15.09,seratus,1\n"))

    assert caught.value.messages == ["Baris 1: DPT dan pengguna hak pilih harus bilangan bulat."]


def test_a_region_outside_the_elections_area_is_refused(tebo_event):
    from bodies.models import Regency

    elsewhere = generated_regency(districts=1, villages_per_district=1)
    assert tebo_event.election.regencies.filter(pk=tebo_event.organiser.regency_id).exists()
    assert not Regency.objects.filter(pk=elsewhere.pk, election__isnull=False).exists()

    with pytest.raises(ValidationError) as caught:
        turnout_results_import(
            election=tebo_event.election, file=csv_file(f"{elsewhere.code},100,50\n")
        )

    assert caught.value.messages == [f"Baris 1: {elsewhere} berada di luar wilayah pemilihan ini."]


def test_an_empty_file_is_refused(tebo_event):
    with pytest.raises(ValidationError, match="tidak berisi baris hasil"):
        turnout_results_import(election=tebo_event.election, file=csv_file("kode,dpt,suara\n"))


def test_a_file_that_is_not_utf8_is_refused(tebo_event):
    with pytest.raises(ValidationError, match="UTF-8"):
        turnout_results_import(election=tebo_event.election, file=io.BytesIO(b"\xff\xfe\x00a"))
