"""The people who race for seats in the concurrency tests."""

import datetime as dt

from bimtek_portal.testing.racing import race  # noqa: F401  (test_ratelimit imports it from here)
from participants.nik import make_nik
from participants.person import PersonData


def person(i: int) -> PersonData:
    return PersonData(
        full_name=f"Peserta Serentak {chr(65 + i % 26)}",
        nik=make_nik(region_code="15.09.01", sex="L", birth_date=dt.date(1980, 1, 1), serial=i + 1),
        phone=f"0812{i:08d}",
    )
