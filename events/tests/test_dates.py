from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from events.dates import (
    date_indonesian,
    date_long_indonesian,
    date_range_indonesian,
    datetime_indonesian,
)


def test_a_date_is_written_with_the_indonesian_month_and_day():
    assert date_indonesian(date(2024, 11, 2)) == "2 November 2024"
    assert date_long_indonesian(date(2024, 11, 2)) == "Sabtu, 2 November 2024"
    assert date_long_indonesian(date(2024, 11, 27)) == "Rabu, 27 November 2024"


@pytest.mark.parametrize(
    "first, last, text",
    [
        (date(2024, 11, 11), date(2024, 11, 11), "11 November 2024"),
        (date(2024, 11, 11), date(2024, 11, 12), "11–12 November 2024"),
        (date(2024, 10, 30), date(2024, 11, 1), "30 Oktober–1 November 2024"),
        (date(2024, 12, 31), date(2025, 1, 1), "31 Desember 2024–1 Januari 2025"),
    ],
)
def test_a_range_names_the_month_and_year_once_where_it_can(first, last, text):
    assert date_range_indonesian(first, last) == text


@pytest.mark.parametrize(
    "zone, text",
    [
        ("Asia/Jakarta", "Senin, 11 November 2024 pukul 08.00 WIB"),
        ("Asia/Makassar", "Senin, 11 November 2024 pukul 09.00 WITA"),
        ("Asia/Jayapura", "Senin, 11 November 2024 pukul 10.00 WIT"),
    ],
)
def test_a_moment_is_written_in_the_active_time_zone_with_its_name(zone, text):
    from django.utils import timezone as django_tz

    moment = datetime(2024, 11, 11, 1, 0, tzinfo=UTC)
    with django_tz.override(ZoneInfo(zone)):
        assert datetime_indonesian(moment) == text


def test_a_zone_without_an_indonesian_name_shows_its_offset():
    from django.utils import timezone as django_tz

    moment = datetime(2024, 11, 11, 1, 0, tzinfo=UTC)
    with django_tz.override(timezone(timedelta(hours=2))):
        assert datetime_indonesian(moment) == "Senin, 11 November 2024 pukul 03.00 UTC+0200"


def test_the_template_filters_use_the_same_helpers():
    template = Template(
        "{% load tanggal %}{{ d|tanggal }} / {{ d|tanggal_hari }} / {% rentang_tanggal d e %}"
    )

    html = template.render(Context({"d": date(2024, 11, 11), "e": date(2024, 11, 12)}))

    assert html == "11 November 2024 / Senin, 11 November 2024 / 11–12 November 2024"
