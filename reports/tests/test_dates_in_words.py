"""Numbers and dates in words, checked against a table written out by hand."""

import datetime

import pytest

from reports.words import count_in_words, date_in_words, date_parts_in_words, number_in_words

UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def spelled(n: int) -> str:
    """Indonesian for 0-99, written independently of num2words."""
    if n == 0:
        return "nol"
    if n < 10:
        return UNITS[n]
    if n == 10:
        return "sepuluh"
    if n == 11:
        return "sebelas"
    if n < 20:
        return f"{UNITS[n - 10]} belas"
    tens, units = divmod(n, 10)
    return f"{UNITS[tens]} puluh {UNITS[units]}".strip()


@pytest.mark.parametrize("day", range(1, 32))
def test_every_day_of_the_month_is_spelled_out(day):
    assert number_in_words(day) == spelled(day)


@pytest.mark.parametrize("year", range(2000, 2100))
def test_every_year_of_the_century_is_spelled_out(year):
    expected = "dua ribu" if year == 2000 else f"dua ribu {spelled(year - 2000)}"
    assert number_in_words(year) == expected


@pytest.mark.parametrize(
    ("date", "name"),
    [
        (datetime.date(2024, 11, 11), "Senin"),
        (datetime.date(2024, 11, 12), "Selasa"),
        (datetime.date(2024, 11, 13), "Rabu"),
        (datetime.date(2024, 11, 14), "Kamis"),
        (datetime.date(2024, 11, 15), "Jumat"),
        (datetime.date(2024, 11, 16), "Sabtu"),
        (datetime.date(2024, 11, 17), "Minggu"),
    ],
)
def test_every_weekday_has_its_indonesian_name(date, name):
    assert date_parts_in_words(date).day_name == name


MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_has_its_indonesian_name(month):
    assert date_parts_in_words(datetime.date(2025, month, 1)).month == MONTHS[month - 1]


def test_it_writes_the_bimtek_opening_date_as_a_berita_acara_does():
    assert date_in_words(datetime.date(2024, 11, 11)) == (
        "Senin tanggal sebelas bulan November tahun dua ribu dua puluh empat"
    )


def test_it_writes_the_plenary_date_as_a_berita_acara_does():
    assert date_in_words(datetime.date(2024, 11, 2)) == (
        "Sabtu tanggal dua bulan November tahun dua ribu dua puluh empat"
    )


def test_it_writes_a_count_with_figures_words_and_unit():
    assert count_in_words(177) == "177 (seratus tujuh puluh tujuh) orang"
    assert count_in_words(2, unit="hari") == "2 (dua) hari"
    assert count_in_words(129, unit="") == "129 (seratus dua puluh sembilan)"


@pytest.mark.parametrize("value", [-1, 1.5, "3", True, None])
def test_it_refuses_what_is_not_a_whole_number_from_zero(value):
    with pytest.raises(ValueError):
        number_in_words(value)
