"""Daftar Penerimaan Honorarium Narasumber: each speaker's hours, gross, tax, net.

Hours are the speaker's sessions in the agenda (start to end; a session without
an end time counts none); the rate per hour and the tax rate are the event's
honorarium line. Gross = hours x rate to the rupiah, tax = gross x rate to the
rupiah, net = gross - tax, per row; the totals are the sums of the rows, so
gross - tax = net holds in total too. Dated the day given (`signed_on`), else
the event's last day. Four queries: lines, speakers, their sessions, officials.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from events.models import AllowanceLine
from reports.documents.base import DocumentError, clean_date, kop_context
from reports.documents.spj import percent_text, signatures, tax_on, whole_rupiah, workbook
from reports.selectors import allowance_lines, speaker_sessions
from reports.words import date_range_indonesian, rupiah, rupiah_in_words

MINUTES_PER_HOUR = Decimal(60)


def default_signed_on(event) -> datetime.date:
    return event.last_day


def session_hours(items) -> Decimal:
    minutes = 0
    for item in items:
        if item.end_time:
            start = item.start_time.hour * 60 + item.start_time.minute
            minutes += item.end_time.hour * 60 + item.end_time.minute - start
    return Decimal(minutes) / MINUTES_PER_HOUR


def hours_text(hours: Decimal) -> str:
    """`Decimal(2)` -> "2", `Decimal("1.5")` -> "1,5"."""
    return f"{hours.quantize(Decimal('0.01')).normalize():f}".replace(".", ",")


def data(*, event, paper: str, signed_on=None) -> dict:
    signed_on = clean_date(signed_on, default_signed_on(event))
    line = next(
        (x for x in allowance_lines(event=event) if x.kind == AllowanceLine.Kind.HONORARIUM), None
    )
    if line is None:
        raise DocumentError(
            _(
                "The event has no honorarium rate yet: add it among the event's allowance "
                "lines in the admin."
            )
        )
    rows = []
    for speaker, items in speaker_sessions(event=event):
        hours = session_hours(items)
        if not hours:
            continue
        gross = whole_rupiah(hours * line.amount)
        tax = tax_on(gross, line.tax_rate)
        rows.append(
            {
                "no": len(rows) + 1,
                "name": speaker.name,
                "background": speaker.background,
                "hours": hours,
                "hours_text": hours_text(hours),
                "gross": gross,
                "tax": tax,
                "net": gross - tax,
            }
        )
    if not rows:
        raise DocumentError(
            _("No speaker has a session with a start and end time in the agenda yet.")
        )
    totals = {key: sum((row[key] for row in rows), Decimal(0)) for key in ("gross", "tax", "net")}
    titles = ["DAFTAR PENERIMAAN HONORARIUM NARASUMBER", event.title.upper()]
    if event.election_id:
        titles.append(event.election.name.upper())
    return {
        "paper": paper,
        "kop": kop_context(event.organiser),
        "event": event,
        "title": "Daftar Penerimaan Honorarium Narasumber",
        "titles": titles,
        "meta": [
            ("Tanggal", date_range_indonesian(event.first_day, event.last_day)),
            ("Tempat", ", ".join(p for p in (event.venue_name, event.venue_address) if p)),
        ],
        "rate": line.amount,
        "rate_text": rupiah(line.amount),
        "tax_rate_text": percent_text(line.tax_rate),
        "rows": [
            {**row, **{f"{key}_text": rupiah(row[key]) for key in ("gross", "tax", "net")}}
            for row in rows
        ],
        "totals": totals,
        "totals_text": {key: rupiah(value) for key, value in totals.items()},
        "total_words": rupiah_in_words(totals["net"]),
        "signatures": signatures(event.organiser, signed_on=signed_on),
        "signed_on": signed_on,
    }


def xlsx(context: dict) -> bytes:
    tax = f"PPh {context['tax_rate_text']}% (Rp)"
    headers = ["No", "Nama", "Keterangan", "Jam", "Tarif per Jam (Rp)", "Bruto (Rp)", tax]
    headers.append("Diterima (Rp)")
    rows = [
        [r["no"], r["name"], r["background"], float(r["hours"]), context["rate"], r["gross"]]
        + [r["tax"], r["net"]]
        for r in context["rows"]
    ]
    t = context["totals"]
    return workbook(
        title=[*context["titles"], *(value for _key, value in context["meta"])],
        headers=headers,
        rows=rows,
        total=["", "Jumlah", "", "", "", t["gross"], t["tax"], t["net"]],
        words=context["total_words"],
    )
