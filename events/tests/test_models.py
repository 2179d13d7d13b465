from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.forms import modelform_factory

from events.models import AgendaItem, Event, QuotaRule

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_an_events_days_run_from_the_first_to_the_last_included():
    event = Event(first_day=date(2024, 10, 31), last_day=date(2024, 11, 2))

    assert event.days == [date(2024, 10, 31), date(2024, 11, 1), date(2024, 11, 2)]
    assert Event(first_day=date(2024, 11, 11), last_day=date(2024, 11, 11)).days == [
        date(2024, 11, 11)
    ]


def test_the_last_day_cannot_be_before_the_first(tebo_event):
    tebo_event.last_day = date(2024, 11, 10)

    assert errors_of(tebo_event)["last_day"] == ["Hari terakhir tidak boleh sebelum hari pertama."]


@pytest.mark.parametrize("field", ["participation_target", "attendance_target"])
@pytest.mark.parametrize("value", ["-1", "100.01"])
def test_a_target_must_be_a_percentage(tebo_event, field, value):
    setattr(tebo_event, field, Decimal(value))

    assert errors_of(tebo_event)[field] == ["Target berupa persentase antara 0 dan 100."]


def test_registration_must_close_after_it_opens(tebo_event):
    tebo_event.registration_opens_at = datetime(2024, 11, 5, 8, 0, tzinfo=WIB)
    tebo_event.registration_closes_at = datetime(2024, 11, 4, 8, 0, tzinfo=WIB)

    assert errors_of(tebo_event)["registration_closes_at"] == [
        "Pendaftaran harus ditutup setelah dibuka."
    ]


def test_an_agenda_item_must_fall_on_one_of_the_events_days(tebo_event):
    item = AgendaItem(event=tebo_event, day=date(2024, 11, 13), start_time=time(8), session="X")

    assert errors_of(item)["day"] == ["Hari harus salah satu hari pelaksanaan acara."]


def test_an_agenda_item_must_end_after_it_starts(tebo_event):
    item = AgendaItem(
        event=tebo_event, day=date(2024, 11, 11), start_time=time(9), end_time=time(8),
        session="X",
    )  # fmt: skip

    assert errors_of(item)["end_time"] == ["Sesi harus berakhir setelah dimulai."]


def test_the_seeded_event_is_valid(tebo_event):
    tebo_event.full_clean()
    for item in tebo_event.agenda_items.all():
        item.full_clean()


def test_the_database_refuses_a_last_day_before_the_first_even_without_validation(tebo_event):
    from django.db import IntegrityError, transaction

    tebo_event.last_day = date(2024, 11, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        tebo_event.save(update_fields=["last_day"])


def test_a_fixed_rule_needs_a_body_of_its_kind(tebo_event):
    rule = QuotaRule(event=tebo_event, scope="fixed", body_kind="KPU_KAB", role="any", seats=3)
    assert errors_of(rule)["body"] == [
        "Aturan tetap memerlukan lembaga yang pesertanya mengisi kursi."
    ]

    rule.body_kind = "PPK"
    rule.body = tebo_event.organiser
    assert errors_of(rule)["body"] == ["KPU Kabupaten Tebo adalah KPU Kabupaten/Kota, bukan PPK."]


def test_a_per_unit_rule_is_only_for_ad_hoc_bodies(tebo_event):
    rule = QuotaRule(event=tebo_event, scope="per_unit", body_kind="KPU_KAB", role="any", seats=1)

    assert errors_of(rule)["body_kind"] == [
        "Aturan per unit hanya untuk PPK atau PPS; berikan aturan tetap untuk kantor KPU."
    ]


def test_a_rule_gives_at_least_one_seat(tebo_event):
    rule = QuotaRule(event=tebo_event, scope="per_unit", body_kind="PPS", role="any", seats=0)

    assert errors_of(rule)["seats"] == ["Satu aturan memberi sedikitnya satu kursi."]


@pytest.mark.parametrize("title", ["Bimtek Tebo\nBatch 2", "Bimtek\r\nTebo", "Bimtek\tTebo"])
def test_an_event_title_with_a_line_break_is_refused_in_the_form(title):
    """Issue #17 finding 9: a title goes into e-mail subjects, where a line break stopped
    every notice of the event without a word."""
    form = modelform_factory(Event, fields=["title"])(data={"title": title})

    assert not form.is_valid()
    assert form.errors["title"] == [
        "Tulis dalam satu baris: ganti baris atau tab menghentikan e-mail acara ini."
    ]


def test_an_event_title_on_one_line_is_taken():
    form = modelform_factory(Event, fields=["title"])(data={"title": "Bimtek Partisipasi"})
    assert "title" not in form.errors
