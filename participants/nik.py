"""The NIK (Nomor Induk Kependudukan), read without any database.

16 digits: province (2), regency (2), kecamatan (2) of registration; birth date
DDMMYY with 40 added to the day for women; a 4-digit serial. The region part
need not be where the person lives now, so it is only checked for plausibility.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

# Province codes in use (Kemendagri), including the Papua provinces of 2022.
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53}
    | {61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
)
FEMALE_DAY_OFFSET = 40
_SEPARATORS = re.compile(r"[\s.\-]")


class InvalidNik(ValueError):
    """The text is not a plausible NIK; `message` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class NikInfo:
    nik: str
    region_code: str  # "15.09.01": province.regency.kecamatan of registration
    sex: str  # "L" or "P", as Registration.Sex
    birth_date: date


def normalise_nik(value: str) -> str:
    """Drop the spaces, dots and dashes people type between digit groups."""
    return _SEPARATORS.sub("", value or "")


def birth_year(yy: int, *, today: date) -> int:
    """The century a two-digit year belongs to: nobody registering is born in the future."""
    year = 2000 + yy
    return year if year <= today.year else 1900 + yy


def parse_nik(value: str, *, today: date | None = None) -> NikInfo:
    """Read a NIK, or raise InvalidNik with a message a person understands."""
    today = today or date.today()
    nik = normalise_nik(value)
    if not nik:
        raise InvalidNik(_("Enter the NIK: the 16 digits on the KTP."))
    if not nik.isascii() or not nik.isdigit():
        raise InvalidNik(_("The NIK may only contain digits (0-9)."))
    if len(nik) != 16:
        raise InvalidNik(
            _("The NIK must be exactly 16 digits; you entered %(count)d.") % {"count": len(nik)}
        )
    province, regency, district = int(nik[0:2]), int(nik[2:4]), int(nik[4:6])
    if province not in PROVINCE_CODES or regency == 0 or district == 0:
        raise InvalidNik(
            _("The first six digits of the NIK (%(region)s) are not a region code in Indonesia.")
            % {"region": nik[:6]}
        )
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > FEMALE_DAY_OFFSET:
        sex, day = "P", day - FEMALE_DAY_OFFSET
    try:
        born = date(birth_year(yy, today=today), month, day)
    except ValueError:
        raise InvalidNik(
            _("Digits 7-12 of the NIK (%(part)s) are not a real date of birth.")
            % {"part": nik[6:12]}
        ) from None
    if born > today:
        raise InvalidNik(_("The date of birth in the NIK lies in the future."))
    if nik[12:] == "0000":
        raise InvalidNik(_("The last four digits of the NIK cannot be 0000."))
    return NikInfo(
        nik=nik, region_code=f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}", sex=sex, birth_date=born
    )


def make_nik(*, region_code: str, sex: str, birth_date: date, serial: int) -> str:
    """Compose a NIK of valid form (for demo data and tests): "15.09.01" + date + serial."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "P" else 0)
    region = region_code.replace(".", "")[:6].ljust(6, "0")
    return f"{region}{day:02d}{birth_date:%m%y}{serial:04d}"
