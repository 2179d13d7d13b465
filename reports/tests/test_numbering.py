"""Document numbers: next number per office, type and year; never the same twice."""

import pytest
from django.db import IntegrityError, connection, transaction

from bimtek_portal.testing.racing import race
from bodies.tests.factories import BodyFactory
from events.tests.factories import EventFactory
from reports.models import DocumentNumber
from reports.numbering import (
    NumberingError,
    NumberMode,
    document_number_allocate,
    document_number_parse,
    document_number_register,
    document_number_resolve,
)
from reports.tests.factories import DocumentNumberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return BodyFactory(satker_code="1509")


def allocate(office, **kwargs):
    options = {"classification": "PP.06", "doc_type": "BA", "year": 2024, **kwargs}
    return document_number_allocate(office=office, **options)


def test_it_gives_the_first_number_of_the_year_then_the_next(office):
    first, second = allocate(office), allocate(office)
    assert (first.running_number, first.number) == (1, "1/PP.06-BA/1509/2024")
    assert (second.running_number, second.number) == (2, "2/PP.06-BA/1509/2024")
    assert not first.entered_manually


def test_it_counts_each_document_type_and_year_on_its_own(office):
    allocate(office)
    assert allocate(office, doc_type="Und").number == "1/PP.06-Und/1509/2024"
    assert allocate(office, year=2025).number == "1/PP.06-BA/1509/2025"


def test_it_counts_each_office_on_its_own(office):
    allocate(office)
    other = BodyFactory(satker_code="1508")
    assert allocate(other).number == "1/PP.06-BA/1508/2024"


def test_it_continues_after_a_number_given_outside_the_portal(office):
    document_number_register(office=office, number="231/PL.02-BA/1509/2024")
    assert allocate(office, classification="PL.02").number == "232/PL.02-BA/1509/2024"


def test_it_records_who_asked_and_for_which_document(office, admin_user):
    number = allocate(office, document="berita-acara", actor=admin_user)
    assert (number.document, number.created_by) == ("berita-acara", admin_user)


@pytest.mark.parametrize("classification", ["", "PL02", "pl.2", "PL.02-BA"])
def test_it_refuses_a_classification_that_is_not_an_archive_code(office, classification):
    with pytest.raises(NumberingError, match="klasifikasi"):
        allocate(office, classification=classification)
    assert not DocumentNumber.objects.exists()


def test_it_refuses_a_document_type_that_is_not_a_code(office):
    with pytest.raises(NumberingError, match="jenis"):
        allocate(office, doc_type="B/A")


def test_it_refuses_an_impossible_year(office):
    with pytest.raises(NumberingError, match="1999"):
        allocate(office, year=1999)


def test_it_refuses_an_office_without_satker_code():
    office = BodyFactory(kpu_ri=True)
    with pytest.raises(NumberingError, match="satker"):
        allocate(office)


def test_it_records_a_number_given_outside_the_portal(office):
    number = document_number_register(office=office, number=" 231/PL.02-BA/1509/2024 ")
    assert (number.running_number, number.classification, number.doc_type, number.year) == (
        231,
        "PL.02",
        "BA",
        2024,
    )
    assert number.number == "231/PL.02-BA/1509/2024"
    assert number.entered_manually


@pytest.mark.parametrize(
    "text", ["", "231/PL.02/1509/2024", "231-PL.02-BA-1509-2024", "0/PL.02-BA/1509/2024", "x"]
)
def test_it_refuses_a_number_that_does_not_follow_the_pattern(office, text):
    with pytest.raises(NumberingError, match="pola|1 atau lebih"):
        document_number_register(office=office, number=text)


def test_it_refuses_a_number_of_another_office(office):
    with pytest.raises(NumberingError, match="1508.*1509"):
        document_number_register(office=office, number="5/PL.02-BA/1508/2024")


def test_it_refuses_a_number_already_used(office):
    document_number_register(office=office, number="231/PL.02-BA/1509/2024")
    with pytest.raises(NumberingError, match="sudah dipakai"):
        document_number_register(office=office, number="231/PL.02-BA/1509/2024")
    assert DocumentNumber.objects.count() == 1


def test_it_refuses_a_running_number_already_used_under_another_classification(office):
    allocate(office)  # 1/PP.06-BA/1509/2024
    with pytest.raises(NumberingError, match="sudah dipakai"):
        document_number_register(office=office, number="1/PL.02-BA/1509/2024")


def test_it_parses_the_parts_of_a_number():
    parsed = document_number_parse("12/PP.06.01-Und/1509/2025")
    assert (parsed.running_number, parsed.classification, parsed.doc_type, parsed.satker) == (
        12,
        "PP.06.01",
        "Und",
        "1509",
    )


def test_the_database_refuses_the_same_running_number_twice(office):
    DocumentNumberFactory(office=office, running_number=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumberFactory(office=office, running_number=7, classification="PL.02")


def test_the_database_refuses_the_same_number_twice_for_an_office(office):
    DocumentNumberFactory(office=office, running_number=8, number="8/PP.06-BA/1509/2024")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumberFactory(
            office=office, running_number=9, doc_type="Und", number="8/PP.06-BA/1509/2024"
        )


@pytest.mark.parametrize("year", [1999, 2100])
def test_it_refuses_a_number_given_for_a_year_outside_the_range(office, year):
    with pytest.raises(NumberingError, match=str(year)):
        document_number_register(office=office, number=f"5/PL.02-BA/1509/{year}")


# --- Which number a document carries -----------------------------------------


@pytest.fixture
def event(office):
    return EventFactory(organiser=office)


def resolve(event, **kwargs):
    options = {
        "document": "laporan-partisipasi",
        "doc_type": "LP",
        "classification": "PP.06",
        "year": 2024,
        **kwargs,
    }
    return document_number_resolve(event=event, **options)


def test_a_document_without_a_number_has_none_until_it_takes_one(event):
    assert resolve(event) is None
    taken = resolve(event, mode=NumberMode.NEW)
    assert taken == "1/PP.06-LP/1509/2024"
    assert resolve(event) == taken  # printed again without a number: the same one
    assert resolve(event, document="berita-acara", doc_type="BA") is None
    assert DocumentNumber.objects.get().document == "laporan-partisipasi"


def test_without_a_number_it_carries_the_latest_one_it_took(event):
    resolve(event, mode=NumberMode.NEW)
    assert (
        resolve(event, mode=NumberMode.MANUAL, number="7/PP.06-LP/1509/2024")
        == "7/PP.06-LP/1509/2024"
    )
    assert resolve(event) == "7/PP.06-LP/1509/2024"


def test_it_refuses_to_take_a_second_number_for_a_document_naming_the_first(event):
    resolve(event, mode=NumberMode.NEW)
    with pytest.raises(NumberingError, match="sudah bernomor 1/PP.06-LP/1509/2024"):
        resolve(event, mode=NumberMode.NEW)
    assert DocumentNumber.objects.count() == 1


def test_a_draft_carries_no_number_even_once_the_document_has_one(event):
    resolve(event, mode=NumberMode.NEW)
    assert resolve(event, mode=NumberMode.DRAFT) is None
    assert DocumentNumber.objects.count() == 1


def test_a_number_given_is_recorded_once_for_its_document(event, admin_user):
    given = "40/PP.06-LP/1509/2024"
    assert resolve(event, mode=NumberMode.MANUAL, number=f" {given} ", actor=admin_user) == given
    assert (
        resolve(event, mode=NumberMode.MANUAL, number=given) == given
    )  # printing again is no new use
    record = DocumentNumber.objects.get()
    assert (record.event, record.document, record.entered_manually, record.created_by) == (
        event,
        "laporan-partisipasi",
        True,
        admin_user,
    )


def test_a_number_another_document_carries_is_refused(event):
    resolve(event, mode=NumberMode.MANUAL, number="40/PP.06-LP/1509/2024")
    with pytest.raises(NumberingError, match="sudah dipakai"):
        resolve(
            event, document="laporan-lain", mode=NumberMode.MANUAL, number="40/PP.06-LP/1509/2024"
        )
    other = EventFactory(organiser=event.organiser)
    with pytest.raises(NumberingError, match="sudah dipakai"):
        resolve(other, mode=NumberMode.MANUAL, number="40/PP.06-LP/1509/2024")
    assert DocumentNumber.objects.count() == 1


@pytest.mark.parametrize(
    ("document", "doc_type", "typed", "refusal"),
    [
        # The laporan's type on the berita acara: it would use up the laporan's 8.
        ("berita-acara", "BA", "8/PP.06-LP/1509/2024", "kode jenis naskah LP"),
        ("berita-acara", "BA", "8/PP.06-ba/1509/2024", "kode jenis naskah ba"),
        ("laporan-partisipasi", "LP", "8/PP.06-BA/1509/2024", "kode jenis naskah BA"),
        ("laporan-partisipasi", "LP", "8/PP.06-LP/1510/2024", "Kode satker 1510"),
        ("laporan-partisipasi", "LP", "8/PP.06-LP/1509/2025", "tahun 2025"),
    ],
)
def test_a_typed_number_of_another_type_office_or_year_is_refused_and_not_recorded(
    event, document, doc_type, typed, refusal
):
    with pytest.raises(NumberingError, match=refusal):
        resolve(event, document=document, doc_type=doc_type, mode=NumberMode.MANUAL, number=typed)
    assert not DocumentNumber.objects.exists()


def test_after_a_refused_number_of_its_type_the_laporan_takes_the_next_without_a_gap(event):
    with pytest.raises(NumberingError):
        resolve(
            event,
            document="berita-acara",
            doc_type="BA",
            mode=NumberMode.MANUAL,
            number="8/PP.06-LP/1509/2024",
        )
    assert resolve(event, mode=NumberMode.NEW) == "1/PP.06-LP/1509/2024"


@pytest.mark.parametrize("mode", list(NumberMode))
def test_it_refuses_a_classification_that_is_not_an_archive_code_even_for_a_draft(event, mode):
    number = "1/PP.06-LP/1509/2024" if mode == NumberMode.MANUAL else None
    with pytest.raises(NumberingError, match="klasifikasi"):
        resolve(event, classification="PP06", mode=mode, number=number)
    assert not DocumentNumber.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_allocations_get_twenty_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer anyway")
    office = BodyFactory(satker_code="1509")

    result = race(20, lambda i: allocate(office))

    assert result.raised() == []
    assert sorted(n.running_number for n in result.returned(DocumentNumber)) == list(range(1, 21))
    assert DocumentNumber.objects.filter(office=office).count() == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_document_printed_at_once_with_the_same_typed_number_records_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer anyway")
    event = EventFactory(organiser=BodyFactory(satker_code="1509"))

    result = race(
        8, lambda i: resolve(event, mode=NumberMode.MANUAL, number="40/PP.06-LP/1509/2024")
    )

    assert result.raised() == []
    assert result.returned(str) == ["40/PP.06-LP/1509/2024"] * 8
    assert DocumentNumber.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_prints_at_once_that_each_ask_for_a_new_number_take_one_between_them():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer anyway")
    event = EventFactory(organiser=BodyFactory(satker_code="1509"))

    result = race(10, lambda i: resolve(event, mode=NumberMode.NEW))

    assert result.returned(str) == ["1/PP.06-LP/1509/2024"]
    assert len(result.raised()) == 9
    assert DocumentNumber.objects.count() == 1
