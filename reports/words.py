"""Numbers and dates in Indonesian words, as official documents write them.

"Pada hari ini Senin tanggal sebelas bulan November tahun dua ribu dua puluh
empat" and "177 (seratus tujuh puluh tujuh) orang". Numbers come from
num2words; its output for 0-31 and for 2000-2099 is checked in
tests/test_dates_in_words.py against an independent table.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from num2words import num2words

from events.dates import (
    date_indonesian,
    date_long_indonesian,
    date_range_indonesian,
    day_name,
    month_name,
)

# Day and month names are the events app's; the words are ours.
from events.numbers import number_id

__all__ = [
    "DateInWords",
    "count_in_words",
    "date_indonesian",
    "date_in_words",
    "date_long_indonesian",
    "date_range_indonesian",
    "date_parts_in_words",
    "number_in_words",
    "rupiah",
    "rupiah_in_words",
]


# num2words writes a thousands group of one after a larger group as "satu ribu"
# (1.001.000: "satu juta satu ribu"); Indonesian says "seribu" there, as it does alone.
LONE_THOUSAND_RE = re.compile(r"(?<=juta |liar |liun )satu ribu\b")


def number_in_words(n: int) -> str:
    """`177` -> "seratus tujuh puluh tujuh"; whole numbers >= 0 only."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"Only whole numbers from zero up can be written in words: {n!r}")
    return LONE_THOUSAND_RE.sub("seribu", num2words(n, lang="id"))


def count_in_words(n: int, unit: str = "orang") -> str:
    """`177` -> "177 (seratus tujuh puluh tujuh) orang"."""
    text = f"{n} ({number_in_words(n)})"
    return f"{text} {unit}" if unit else text


@dataclass(frozen=True)
class DateInWords:
    day_name: str  # "Senin"
    day: str  # "sebelas"
    month: str  # "November"
    year: str  # "dua ribu dua puluh empat"

    def __str__(self) -> str:
        return f"{self.day_name} tanggal {self.day} bulan {self.month} tahun {self.year}"


def date_parts_in_words(d: datetime.date) -> DateInWords:
    return DateInWords(
        day_name=day_name(d),
        day=number_in_words(d.day),
        month=month_name(d.month),
        year=number_in_words(d.year),
    )


def date_in_words(d: datetime.date) -> str:
    """ "Senin tanggal sebelas bulan November tahun dua ribu dua puluh empat"."""
    return str(date_parts_in_words(d))


def _whole_rupiah(amount: Decimal | int) -> int:
    value = Decimal(amount)
    if value != value.to_integral_value() or value < 0:
        raise ValueError(f"Amounts are whole rupiah from zero up: {amount!r}")
    return int(value)


def rupiah(amount: Decimal | int) -> str:
    """`1500000` -> "1.500.000": whole rupiah, dots between thousands."""
    return number_id(_whole_rupiah(amount))


def rupiah_in_words(amount: Decimal | int) -> str:
    """`1500000` -> "Satu juta lima ratus ribu rupiah", for "Terbilang: ..."."""
    words = f"{number_in_words(_whole_rupiah(amount))} rupiah"
    return words[0].upper() + words[1:]
