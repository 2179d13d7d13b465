"""Indonesian dates in templates: `{% load tanggal %}{{ event.first_day|tanggal }}`."""

from datetime import date, datetime

from django import template

from events import dates

register = template.Library()


@register.filter
def tanggal(value: date | None) -> str:
    """`11 November 2024`."""
    return dates.date_indonesian(value) if value else ""


@register.filter
def tanggal_hari(value: date | None) -> str:
    """`Senin, 11 November 2024`."""
    return dates.date_long_indonesian(value) if value else ""


@register.filter
def waktu(value: datetime | None) -> str:
    """`Senin, 11 November 2024 pukul 08.00 WIB`."""
    return dates.datetime_indonesian(value) if value else ""


@register.simple_tag
def rentang_tanggal(first: date, last: date) -> str:
    """`{% rentang_tanggal event.first_day event.last_day %}` → `11–12 November 2024`."""
    return dates.date_range_indonesian(first, last)
