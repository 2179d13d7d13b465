"""Indonesian dates, written the way a KPU secretariat writes them.

These are plain functions, not translations: official documents are Indonesian
whatever language the reader picked, and the public pages use the same forms.
The template filters in `events.templatetags.tanggal` wrap them.

    >>> date_indonesian(date(2024, 11, 11))
    '11 November 2024'
    >>> date_range_indonesian(date(2024, 11, 11), date(2024, 11, 12))
    '11–12 November 2024'
"""

from datetime import date, datetime, time

from django.utils import timezone

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# Indonesia's three time zones by their offset from UTC, in hours.
ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


def day_name(value: date) -> str:
    """`Senin` for a Monday."""
    return DAY_NAMES[value.weekday()]


def month_name(month: int) -> str:
    """`November` for 11."""
    return MONTH_NAMES[month - 1]


def date_indonesian(value: date) -> str:
    """`11 November 2024`."""
    return f"{value.day} {month_name(value.month)} {value.year}"


def date_long_indonesian(value: date) -> str:
    """`Senin, 11 November 2024`."""
    return f"{day_name(value)}, {date_indonesian(value)}"


def date_range_indonesian(first: date, last: date) -> str:
    """`11–12 November 2024`, `30 Oktober–1 November 2024`, `31 Desember 2024–1 Januari 2025`.

    A single day gives `11 November 2024`.
    """
    if first == last:
        return date_indonesian(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {month_name(last.month)} {last.year}"
    if first.year == last.year:
        return f"{first.day} {month_name(first.month)}–{date_indonesian(last)}"
    return f"{date_indonesian(first)}–{date_indonesian(last)}"


def zone_name(value: datetime) -> str:
    """`WIB`, `WITA` or `WIT` for an aware datetime; its UTC offset elsewhere; "" if naive."""
    offset = value.utcoffset()
    if offset is None:
        return ""
    hours = offset.total_seconds() / 3600
    if hours.is_integer() and int(hours) in ZONE_NAMES:
        return ZONE_NAMES[int(hours)]
    return value.strftime("UTC%z")


def datetime_indonesian(value: datetime) -> str:
    """`Senin, 11 November 2024 pukul 08.00 WIB`, in the portal's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_long_indonesian(local)} pukul {local:%H.%M} {zone_name(local)}".rstrip()


def session_minutes(start: time, end: time) -> int:
    """Minutes of an agenda session from its start to its end on the same day: what the
    honorarium (60-minute hours) and the certificate's JP (45 minutes) both count."""
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
