"""Berita acara: of the Bimtek as held (`build`) and of the plenary that decided it
(`build_pleno`).

Both are numbered as `reports.numbering.document_number_resolve` says for the
`NumberMode` chosen: the number given (recorded if the office gave it outside
the portal), a new one (refused once it has one), none for a draft, else the
one the document already has. The plenary's record carries
the event's `plenary_ba_number` when the event has one, and no other.

Without any number the document is a draft (konsep): its running number is
left as dots and every page carries a light "KONSEP" watermark, so it cannot
pass for the signed record. A number, allocated or typed in, makes it final.
Everything that can refuse the document is checked before a number is taken,
so a refused document uses up no number.
It is dated the event's last day, when the attendance it reports is complete,
unless another date is given (`date`, as YYYY-MM-DD; `reports.documents.dates`);
the plenary's is the event's plenary date.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from reports.documents.base import (
    DocumentError,
    clean_date,
    kop_context,
    office_name,
)
from reports.documents.dates import Facts, document_default_date
from reports.documents.spec import NumberRequest
from reports.numbering import NumberMode
from reports.region_recap import region_recap, summarised_by_region
from reports.selectors import berita_acara_data
from reports.words import (
    count_in_words,
    date_indonesian,
    date_long_indonesian,
    date_parts_in_words,
    date_range_indonesian,
)


def plenary_number(event) -> str:
    """The plenary's berita acara number as the event records it ("" if it does not)."""
    return event.plenary_ba_number or ""


def check_date(event, day: datetime.date) -> None:
    """The record of an event cannot be dated before it began, nor before the plenary."""
    if day < event.first_day:
        raise DocumentError(
            _(
                "The berita acara cannot be dated %(date)s, before the event's first day "
                "(%(first)s)."
            )
            % {"date": date_indonesian(day), "first": date_indonesian(event.first_day)}
        )
    if event.plenary_date and day < event.plenary_date:
        raise DocumentError(
            _(
                "The berita acara cannot be dated %(date)s, before the plenary that decided "
                "the event (%(plenary)s)."
            )
            % {"date": date_indonesian(day), "plenary": date_indonesian(event.plenary_date)}
        )


def day_names(days: list[datetime.date]) -> str:
    """ "Senin" or "Senin sampai dengan Selasa"."""
    first, last = (
        date_long_indonesian(days[0]).split(",")[0],
        date_long_indonesian(days[-1]).split(",")[0],
    )
    return first if len(days) == 1 else f"{first} sampai dengan {last}"


def kind_description(event, recap, line) -> str:
    """ "KPU Kabupaten Tebo", "PPK se-Kabupaten Tebo (12 PPK)", "PPS se-Kecamatan VII Koto (6 PPS)"."""
    if line.label == "KPU":
        if recap.summarised:  # a national event's KPU offices are too many to name
            return f"KPU ({line.counts.units} unit)"
        return ", ".join(unit.label for unit in recap.kpu_lines)
    # The organiser's area: "Kabupaten Tebo" of a KPU, "Kecamatan VII Koto" of a PPK.
    area = (
        office_name(event.organiser)
        .removeprefix("Komisi Pemilihan Umum ")
        .removeprefix("Panitia Pemilihan ")
    )
    return f"{line.label} se-{area} ({line.counts.units} {line.label})"


def read_data(event):
    """`berita_acara_data`, its recap summed up by region for a large event (one query
    to decide, `reports.region_recap`)."""
    summary = region_recap(event=event) if summarised_by_region(event=event) else None
    return berita_acara_data(event=event, summary=summary)


def _common_context(event, data, paper: str) -> dict:
    recap = data.recap
    return {
        "paper": paper,
        "kop": kop_context(event.organiser),
        "event": event,
        "office_name": office_name(event.organiser),
        "office_heading": " ".join(kop_context(event.organiser)[k] for k in ("line1", "line2")),
        "data": data,
        "recap": recap,
        "dates": date_range_indonesian(event.first_day, event.last_day),
        "days": [
            {"number": i, "long": date_long_indonesian(day), "words": count_in_words(i, unit="")}
            for i, day in enumerate(recap.days, start=1)
        ],
        "day_count_words": count_in_words(len(recap.days), unit="hari"),
        "total_words": count_in_words(recap.total.seats),
        "registered_words": count_in_words(recap.total.registered),
        "present_words": [count_in_words(n) for n in recap.total.present],
        "kind_words": [
            {
                "label": kind_description(event, recap, line),
                "seats": count_in_words(line.counts.seats),
            }
            for line in recap.kinds
        ],
    }


def data(*, event, numbering: NumberRequest, paper: str, date=None) -> dict:
    """Berita acara pelaksanaan Bimtek, with its lampiran of participants per body."""
    day = clean_date(date, document_default_date(event=event, facts=Facts.EVENT_HELD))
    check_date(event, day)
    data = read_data(event)
    number, draft = numbering.resolve(year=day.year)
    plenary_number = event.plenary_ba_number
    legal_bases = [basis.text for basis in data.legal_bases]
    return {
        **_common_context(event, data, paper),
        "title": f"Berita Acara {number}",
        "number": number,
        "draft": draft,
        "day": day,
        "date_words": str(date_parts_in_words(day)),
        "date_short": date_indonesian(day),
        "legal_bases": legal_bases,
        # The plenary's berita acara is cited once: as a legal basis if the
        # event lists it there, else in a sentence of its own.
        "cite_plenary": bool(
            plenary_number and not any(plenary_number in text for text in legal_bases)
        ),
        "plenary_date": date_indonesian(event.plenary_date) if event.plenary_date else "",
    }


def data_pleno(*, event, numbering: NumberRequest, paper: str) -> dict:
    """Berita acara of the plenary that decided to hold the Bimtek."""
    if not event.plenary_date:
        raise DocumentError(
            _("The event has no plenary decision date, so its berita acara cannot be made.")
        )
    data = read_data(event)
    recorded = numbering.spec.event_number(event)
    mode, number = numbering.mode, numbering.number
    if recorded and mode != NumberMode.DRAFT:
        # The event records the plenary's number: that is its number, always.
        if mode == NumberMode.NEW or (mode == NumberMode.MANUAL and number != recorded):
            raise DocumentError(
                _(
                    "The event records the plenary's berita acara as %(number)s: print it "
                    "again with that number, or change it on the event."
                )
                % {"number": recorded}
            )
        number, draft = numbering.resolved = (recorded, False)
    else:
        number, draft = numbering.resolve(year=event.plenary_date.year)
    # The plenary's own berita acara is no basis of itself.
    legal_bases = [basis.text for basis in data.legal_bases if number not in basis.text]
    composition = [
        {
            "line": line,
            "per_unit": count_in_words(line.per_unit),
            "units": count_in_words(line.units, unit=line.label),
            "seats": count_in_words(line.seats),
            "rules": [
                {
                    "label": (rule.label or str(rule)).removeprefix(f"{line.label}: "),
                    "seats": count_in_words(rule.seats),
                }
                for rule in line.rules
            ],
        }
        for line in data.composition
    ]
    return {
        **_common_context(event, data, paper),
        "title": f"Berita Acara {number}",
        "number": number,
        "draft": draft,
        "date_words": str(date_parts_in_words(event.plenary_date)),
        "legal_bases": legal_bases,
        "composition": composition,
        "sum_formula": " + ".join(str(line.seats) for line in data.composition),
        "expected_words": count_in_words(sum(line.seats for line in data.composition)),
        "day_names": day_names(data.recap.days),
        "voting_day": date_indonesian(event.election.voting_day) if event.election_id else "",
    }
