from datetime import date

import pytest

from participants.nik import InvalidNik, make_nik, normalise_nik, parse_nik

TODAY = date(2026, 11, 28)


def test_it_reads_region_sex_and_birth_date_of_a_man():
    info = parse_nik("1509011403850001", today=TODAY)
    assert (info.region_code, info.sex, info.birth_date) == ("15.09.01", "L", date(1985, 3, 14))


def test_it_reads_a_woman_from_the_day_plus_forty():
    info = parse_nik("1509015403850002", today=TODAY)
    assert (info.sex, info.birth_date) == ("P", date(1985, 3, 14))


def test_it_puts_a_two_digit_year_in_the_right_century():
    assert parse_nik("1509010101050003", today=TODAY).birth_date == date(2005, 1, 1)
    assert parse_nik("1509010101300003", today=TODAY).birth_date == date(1930, 1, 1)


def test_it_accepts_the_spaces_and_dots_people_type():
    assert normalise_nik(" 1509.0114 0385-0001 ") == "1509011403850001"
    assert parse_nik("1509 0114 0385 0001", today=TODAY).nik == "1509011403850001"


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("", "16"),
        ("150901140385000", "16 digits; you entered 15"),
        ("15090114038500012", "16 digits; you entered 17"),
        ("15090114O3850001", "only contain digits"),
        ("１５０９０１１４０３８５０００１", "only contain digits"),  # full-width digits
        ("1509013203850001", "not a real date"),  # day 32
        ("1509013102850001", "not a real date"),  # 31 February
        ("1509017203850001", "not a real date"),  # day 72 = woman's 32
        ("1509010013850001", "not a real date"),  # month 13 / day 0
        ("1509014003850001", "not a real date"),  # day 40 = woman's day 0
        ("0009011403850001", "region code"),
        ("9909011403850001", "region code"),
        ("1500011403850001", "region code"),
        ("1509001403850001", "region code"),
        ("1509011403850000", "0000"),
    ],
)
def test_it_refuses_what_is_not_a_nik(value, fragment):
    with pytest.raises(InvalidNik) as caught:
        parse_nik(value, today=TODAY)
    assert fragment in str(caught.value.message)


def test_it_refuses_a_birth_date_in_the_future():
    with pytest.raises(InvalidNik, match="future"):
        parse_nik("1509012811260001", today=date(2026, 11, 27))


def test_make_nik_composes_what_parse_nik_reads_back():
    nik = make_nik(region_code="15.09.03", sex="P", birth_date=date(1990, 12, 31), serial=42)
    assert nik == "1509037112900042"
    info = parse_nik(nik, today=TODAY)
    assert (info.sex, info.birth_date, info.region_code) == ("P", date(1990, 12, 31), "15.09.03")
