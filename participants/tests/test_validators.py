import pytest

from participants.validators import InvalidValue, clean_full_name, normalise_phone


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Drs. H. Ahmad Fauzi, S.Pd.", "Drs. H. Ahmad Fauzi, S.Pd."),
        ("  Supriadi  ", "Supriadi"),
        ("Siti   Nur'aini", "Siti Nur'aini"),
        ("Desi Arianto-Putra", "Desi Arianto-Putra"),
        ("Hélène", "Hélène"),
        ("Yo", "Yo"),  # a short single name (mononym) is a name
        ("Ng", "Ng"),
    ],
)
def test_it_accepts_real_names(value, expected):
    assert clean_full_name(value) == expected


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("", "full name"),
        ("   ", "full name"),
        ("a" * 5000, "at most 150"),
        ("<script>alert(1)</script>", "“<”"),
        ("Budi\x00Santoso", "“?”"),
        ("Budi 2", "“2”"),
        ("...", "full name"),
        ("B", "at least 2 letters"),
        (" b. ", "at least 2 letters"),
        ("B-", "at least 2 letters"),
    ],
)
def test_it_refuses_what_is_not_a_name(value, fragment):
    with pytest.raises(InvalidValue) as caught:
        clean_full_name(value)
    assert fragment in str(caught.value.message)


@pytest.mark.parametrize(
    "value",
    ["081234567890", "0812-3456-7890", "6281234567890", "+62 812 3456 7890", "+62-812-3456-7890"],
)
def test_it_normalises_mobile_numbers_to_plus_62(value):
    assert normalise_phone(value) == "+6281234567890"


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("", "Enter your mobile"),
        ("0812abc45678", "only digits"),
        ("+1 415 555 0100", "Indonesian"),
        ("0212345678", "not an Indonesian mobile"),
        ("0812", "not an Indonesian mobile"),
    ],
)
def test_it_refuses_what_is_not_a_mobile_number(value, fragment):
    with pytest.raises(InvalidValue) as caught:
        normalise_phone(value)
    assert fragment in str(caught.value.message)
