"""Daftar Penerimaan Uang Transport: what each verified participant present on one
day receives, for the SPJ.

The amounts are the event's allowance lines paid per participant per day
(transport, and uang saku when the event pays it): a line for the participant's
body kind, else the line for everyone. Participants whose body kind no line
covers (the organiser's own staff, typically) receive nothing and are not
listed. Each row's Jumlah is the sum of its columns, the total the sum of the
rows, written in words; signed by the Pejabat Pembuat Komitmen and the
Bendahara Pengeluaran. Four queries: lines, participants, the event's days
aside, the two officials.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from bodies.labels import unit_label
from events.models import AllowanceLine
from reports.documents.base import DocumentError, kop_context
from reports.documents.daftar_hadir import clean_day
from reports.documents.spj import signatures, workbook
from reports.selectors import allowance_lines, paid_attendees
from reports.words import date_long_indonesian, rupiah, rupiah_in_words

Kind = AllowanceLine.Kind
COLUMN_TITLES = {Kind.TRANSPORT: "Uang Transport", Kind.POCKET_MONEY: "Uang Saku"}


def amount_for(lines: list[AllowanceLine], *, kind: str, body_kind: str) -> Decimal | None:
    """The line of `kind` for `body_kind`, else the one for everyone; None if neither."""
    chosen = None
    for line in lines:
        if line.kind == kind and line.body_kind == body_kind:
            return line.amount
        if line.kind == kind and not line.body_kind:
            chosen = line.amount
    return chosen


def data(*, event, paper: str, day: int | str | None = 1) -> dict:
    day_number = clean_day(event, day)
    date = event.days[day_number - 1]
    lines = [line for line in allowance_lines(event=event) if line.kind in COLUMN_TITLES]
    if not any(line.kind == Kind.TRANSPORT for line in lines):
        raise DocumentError(
            _(
                "The event has no transport amount yet: add it among the event's allowance "
                "lines in the admin."
            )
        )
    kinds = [kind for kind in COLUMN_TITLES if any(line.kind == kind for line in lines)]
    rows = []
    for registration in paid_attendees(event=event, day=date):
        amounts = [amount_for(lines, kind=k, body_kind=registration.unit.kind) for k in kinds]
        if all(amount is None for amount in amounts):
            continue
        amounts = [amount or Decimal(0) for amount in amounts]
        rows.append(
            {
                "no": len(rows) + 1,
                "name": registration.full_name,
                "unit": unit_label(registration.unit),
                "position": registration.position or registration.get_role_display(),
                "amounts": amounts,
                "total": sum(amounts, Decimal(0)),
            }
        )
    if not rows:
        raise DocumentError(
            _("Nobody verified was recorded present on day %(day)s, so nobody is paid.")
            % {"day": day_number}
        )
    column_totals = [
        sum((row["amounts"][i] for row in rows), Decimal(0)) for i in range(len(kinds))
    ]
    total = sum((row["total"] for row in rows), Decimal(0))
    title = "DAFTAR PENERIMAAN " + " DAN ".join(COLUMN_TITLES[k].upper() for k in kinds)
    titles = [title, event.title.upper()]
    if event.election_id:
        titles.append(event.election.name.upper())
    return {
        "paper": paper,
        "kop": kop_context(event.organiser),
        "event": event,
        "title": f"{title.title()} Hari ke-{day_number}",
        "titles": titles,
        "meta": [
            ("Hari, Tanggal", f"{date_long_indonesian(date)} (hari ke-{day_number})"),
            ("Tempat", ", ".join(p for p in (event.venue_name, event.venue_address) if p)),
        ],
        "columns": [COLUMN_TITLES[k] for k in kinds],
        "rows": [
            {
                **row,
                "amounts_text": [rupiah(a) for a in row["amounts"]],
                "total_text": rupiah(row["total"]),
            }
            for row in rows
        ],
        "column_totals": column_totals,
        "column_totals_text": [rupiah(a) for a in column_totals],
        "total": total,
        "total_text": rupiah(total),
        "total_words": rupiah_in_words(total),
        "signatures": signatures(event.organiser, signed_on=date),
        "day_number": day_number,
        "date": date,
    }


def xlsx(context: dict) -> bytes:
    """The same list for the bendahara: one row per participant, the total, the words."""
    columns = context["columns"]
    several = len(columns) > 1
    headers = ["No", "Nama", "Unsur/Unit", "Jabatan", *(columns if several else []), "Jumlah (Rp)"]
    rows = [
        [
            r["no"],
            r["name"],
            r["unit"],
            r["position"],
            *(r["amounts"] if several else []),
            r["total"],
        ]
        for r in context["rows"]
    ]
    total = ["", "Jumlah", "", "", *(context["column_totals"] if several else []), context["total"]]
    return workbook(
        title=[*context["titles"], context["meta"][0][1], context["meta"][1][1]],
        headers=headers,
        rows=rows,
        total=total,
        words=context["total_words"],
    )
