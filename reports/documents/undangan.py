"""Surat undangan: the numbered letter inviting every PPK (and through them their PPS)
to the Bimtek, with a lampiran of every invited unit by kecamatan.

Whom each unit sends comes from the event's per-unit quota rules ("1 (satu)
orang anggota PPK yang membidangi ..."), the date, time and place from the event
and its agenda, the registration link (and its QR code) from the portal, the
contact person from the event. One letter to "Ketua PPK Kecamatan se-Kabupaten
...", or with `per_kecamatan` one letter per kecamatan, each addressed to its
PPK with its own lampiran; all carry the same number (type code Und), as a
letter to several addressees does. Dated the day given (`signed_on`), else the
day it is printed (`reports.documents.dates`); an invitation dated on or after
the event's first day is refused, since it would arrive too late. Five queries: the
quota overview's three, the first session, the chair.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.qr import qr_svg_for_print
from bodies.labels import unit_label
from events.dates import zone_name
from events.models import QuotaRule, participant_role_words
from events.site import SiteUrlMissing, absolute_url
from participants.ledger import quota_overview
from reports.documents.base import (
    DocumentError,
    chair_signature,
    clean_date,
    kop_context,
    office_name,
)
from reports.documents.dates import Facts, document_default_date
from reports.documents.spec import NumberRequest
from reports.words import (
    count_in_words,
    date_indonesian,
    date_long_indonesian,
    date_range_indonesian,
)


def lower_first(words: str) -> str:
    """Mid-sentence: "1 (satu) orang anggota PPS yang membidangi ..."."""
    return words[:1].lower() + words[1:]


def invitees(rules: list[QuotaRule], kind: str) -> str:
    """ "1 (satu) orang anggota PPK yang membidangi ... dan 1 (satu) orang staf sekretariat PPK"."""
    parts = [
        f"{count_in_words(rule.seats)} {lower_first(participant_role_words(role=rule.role, kind=kind))}"
        for rule in rules
        if rule.body_kind == kind
    ]
    return " dan ".join(parts)


def registration_url(event) -> str:
    try:
        return absolute_url(reverse("participants:register", args=[event.slug]))
    except SiteUrlMissing as missing:
        raise DocumentError(
            _(
                "The letter needs the portal's address for its registration link: set "
                "BIMTEK_SITE_URL (e.g. https://bimtek.kpu-tebo.go.id)."
            )
        ) from missing


def _lampiran(group) -> dict:
    """One kecamatan of the lampiran: its PPK, then its PPS, with their seats."""
    units: dict[int, dict] = {}
    for line in [*group.ppk_lines, *group.pps_lines]:
        unit = units.setdefault(
            line.unit.pk, {"label": unit_label(line.unit, with_district=False), "seats": 0}
        )
        unit["seats"] += line.seats
    return {
        "name": group.district.name if group.district else "Lainnya",
        "units": list(units.values()),
        "seats": sum(unit["seats"] for unit in units.values()),
    }


def _refuse_late_date(*, event, signed_on: datetime.date) -> None:
    if signed_on >= event.first_day:
        raise DocumentError(
            _(
                "The invitation cannot be dated %(date)s: an invitation goes out before the "
                "event's first day (%(first)s). Choose an earlier date."
            )
            % {"date": date_indonesian(signed_on), "first": date_indonesian(event.first_day)}
        )


def _time_text(event) -> str:
    """When the first session starts (one query), "s.d. selesai"."""
    first_session = event.agenda_items.order_by("day", "start_time", "id").first()
    if not first_session:
        return "sesuai jadwal acara"
    start = timezone.make_aware(
        datetime.datetime.combine(first_session.day, first_session.start_time)
    )
    return f"{start:%H.%M} {zone_name(start)} s.d. selesai".replace("  ", " ")


def _letters(*, groups: list[dict], area: str, per_kecamatan: bool) -> list[dict]:
    """One letter to every PPK of the area, or one per kecamatan with its own lampiran."""
    if per_kecamatan:
        letters = [
            {
                "to": f"Ketua PPK Kecamatan {group['name']}",
                "groups": [group],
                "seats": group["seats"],
            }
            for group in groups
        ]
    else:
        letters = [
            {
                "to": f"Ketua PPK Kecamatan se-{area}",
                "groups": groups,
                "seats": sum(group["seats"] for group in groups),
            }
        ]
    for letter in letters:
        letter["seats_words"] = count_in_words(letter["seats"])
    return letters


def _days_text(event) -> str:
    if len(event.days) == 1:
        return date_long_indonesian(event.first_day)
    return (
        f"{date_long_indonesian(event.first_day).split(',')[0]} s.d. "
        f"{date_long_indonesian(event.last_day).split(',')[0]}, "
        f"{date_range_indonesian(event.first_day, event.last_day)}"
    )


def _closes_text(closes) -> str:
    if not closes:
        return ""
    local = timezone.localtime(closes)
    return f"{date_long_indonesian(local)} pukul {local:%H.%M} {zone_name(local)}"


def _contact(event) -> str:
    phone = f"({event.contact_phone})" if event.contact_phone else ""
    return " ".join(part for part in (event.contact_name, phone) if part)


def data(
    *,
    event,
    numbering: NumberRequest,
    paper: str,
    signed_on=None,
    per_kecamatan: bool = False,
) -> dict:
    signed_on = clean_date(signed_on, document_default_date(event=event, facts=Facts.PRINTED))
    _refuse_late_date(event=event, signed_on=signed_on)
    overview = quota_overview(event=event)
    rules = [line.rule for line in overview.rules if line.rule.scope == QuotaRule.Scope.PER_UNIT]
    groups = [_lampiran(group) for group in overview.districts]
    if not groups:
        raise DocumentError(
            _("The event invites no PPK or PPS: give it a per-unit quota rule first.")
        )
    url = registration_url(event)
    time_text = _time_text(event)
    number, draft = numbering.resolve(year=signed_on.year)
    area = office_name(event.organiser).removeprefix("Komisi Pemilihan Umum ")
    return {
        "paper": paper,
        "kop": kop_context(event.organiser),
        "event": event,
        "title": f"Surat Undangan {number}",
        "number": number,
        "draft": draft,
        "hal": f"Undangan {event.title}",
        "area": area,
        "letters": _letters(groups=groups, area=area, per_kecamatan=per_kecamatan),
        "ppk_invitees": invitees(rules, "PPK"),
        "pps_invitees": invitees(rules, "PPS"),
        "days_text": _days_text(event),
        "time_text": time_text,
        "place_text": ", ".join(p for p in (event.venue_name, event.venue_address) if p),
        "registration_url": url,
        "registration_closes": _closes_text(event.registration_closes_at),
        "qr_svg": mark_safe(qr_svg_for_print(url)),
        "contact": _contact(event),
        "signature": chair_signature(event.organiser, signed_on=signed_on),
        "signed_on": signed_on,
        "per": "-per-kecamatan" if per_kecamatan else "",
    }
