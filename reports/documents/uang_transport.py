"""Daftar Penerimaan Uang Transport: what each verified participant present on one
day receives, for the SPJ.

The amounts are the event's allowance lines paid per participant per day
(transport, and uang saku when the event pays it): a line for the participant's
body kind, else the line for everyone. Participants whose body kind no line
covers (the organiser's own staff, typically) receive nothing and are not
listed. A line's amount is the cost standard of the event's year it names (the
office's own figure, else the national one) unless staff typed one with a reason.
Each row's Jumlah is the sum of its columns, the total the sum of the rows, written
in words; signed by the Pejabat Pembuat Komitmen and the Bendahara Pengeluaran.
The heads carry kode akun, sumber dana, dasar and nomor bukti; the "non tunai"
variant puts each participant's bank, account and holder where the signature
column is. Four queries: lines, cost standards, participants, the two officials.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from bodies.labels import unit_label
from events.models import AllowanceLine
from reports.documents.base import DocumentError
from reports.documents.daftar_hadir import clean_day
from reports.documents.spj import (
    CASH_COLUMN,
    NON_CASH_COLUMNS,
    Column,
    Formula,
    account_columns,
    list_context,
    typed_or_standard,
    workbook,
)
from reports.selectors import allowance_lines, cost_standards, paid_attendees
from reports.words import date_long_indonesian, rupiah

Kind = AllowanceLine.Kind
COLUMN_TITLES = {Kind.TRANSPORT: "Uang Transport", Kind.POCKET_MONEY: "Uang Saku"}


def line_amount(line: AllowanceLine, standards: dict) -> Decimal:
    """The amount staff typed (with its reason), else the cost standard it names."""
    return typed_or_standard(
        line.amount,
        standards=standards,
        item=line.standard,
        year=line.event.first_day.year,
        refusal=_(
            "The cost standards have no figure for “%(item)s” in %(year)s for this office: "
            "add it in the admin (Cost standards), or type the line's amount with its reason."
        ),
    )


def amount_for(lines: list[tuple[AllowanceLine, Decimal]], *, kind: str, body_kind: str):
    """The amount of `kind` for `body_kind`, else the one for everyone; None if neither."""
    chosen = None
    for line, amount in lines:
        if line.kind == kind and line.body_kind == body_kind:
            return amount
        if line.kind == kind and not line.body_kind:
            chosen = amount
    return chosen


def _priced_lines(event) -> list[tuple[AllowanceLine, Decimal]]:
    """The event's transport and uang saku lines, each with its amount; none of
    transport refuses the list."""
    lines = [line for line in allowance_lines(event=event) if line.kind in COLUMN_TITLES]
    if not any(line.kind == Kind.TRANSPORT for line in lines):
        raise DocumentError(
            _(
                "The event has no transport amount yet: add it among the event's allowance "
                "lines in the admin."
            )
        )
    standards = cost_standards(office=event.organiser, year=event.first_day.year)
    return [(line, line_amount(line, standards)) for line in lines]


def _payee_rows(
    *, event, date, lines: list[tuple[AllowanceLine, Decimal]], kinds: list[str]
) -> list[dict]:
    """One row per participant present that day whom some line pays."""
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
                **account_columns(registration),
            }
        )
    return rows


def data(*, event, paper: str, day: int | str | None = 1, non_cash: bool = False) -> dict:
    day_number = clean_day(event, day)
    date = event.days[day_number - 1]
    lines = _priced_lines(event)
    kinds = [kind for kind in COLUMN_TITLES if any(line.kind == kind for line, _a in lines)]
    rows = _payee_rows(event=event, date=date, lines=lines, kinds=kinds)
    if not rows:
        raise DocumentError(
            _("Nobody verified was recorded present on day %(day)s, so nobody is paid.")
            % {"day": day_number}
        )
    column_totals = [
        sum((row["amounts"][i] for row in rows), Decimal(0)) for i in range(len(kinds))
    ]
    total = sum((row["total"] for row in rows), Decimal(0))
    context = list_context(
        event=event,
        paper=paper,
        what=" DAN ".join(COLUMN_TITLES[k].upper() for k in kinds),
        when=("Hari, Tanggal", f"{date_long_indonesian(date)} (hari ke-{day_number})"),
        account_code=event.transport_account_code,
        non_cash=non_cash,
        paid=total,
        signed_on=date,
    )
    return {
        **context,
        "title": f"{context['titles'][0].title()} Hari ke-{day_number}",
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
        "day_number": day_number,
        "date": date,
    }


data_non_cash = partial(data, non_cash=True)


def xlsx(context: dict) -> bytes:
    """The same list for the bendahara: one row per participant, Jumlah the sum of
    its amounts (a formula when there are several), the column sums, the words."""
    several = len(context["columns"]) > 1
    amount_keys = [f"amount{i}" for i in range(len(context["columns"]))] if several else []
    columns = [
        Column("no", "No", "int", width=5),
        Column("name", "Nama", width=24),
        Column("unit", "Unsur/Unit", width=24),
        Column("position", "Jabatan", width=20),
        *(
            Column(key, f"{title} (Rp)", "money", width=12, total=True)
            for key, title in zip(amount_keys, context["columns"] if several else [], strict=True)
        ),
        Column("total", "Jumlah (Rp)", "money", width=12, total=True),
        *(NON_CASH_COLUMNS if context["non_cash"] else [CASH_COLUMN]),
    ]
    rows = []
    for r in context["rows"]:
        row = {
            key: r[key] for key in ("no", "name", "unit", "position", "bank", "account", "holder")
        }
        row["sign"] = f"{r['no']}. ..........."
        if several:
            row.update(zip(amount_keys, r["amounts"], strict=True))
            cells = "+".join(f"{{{key}}}" for key in amount_keys)
            row["total"] = Formula(f"={cells}", r["total"])
        else:
            row["total"] = r["total"]
        rows.append(row)
    return workbook(context, columns=columns, rows=rows)
