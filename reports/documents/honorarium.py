"""Daftar Penerimaan Honorarium Narasumber: each speaker's hours, rate, gross, tax, net.

Per speaker, as the SBM and the tax rules pay them:
- the units are the speaker's sessions in the agenda in 60-minute hours (start to
  end; a session without an end time counts none), or the number of sessions for a
  moderator, who is paid per session;
- the rate is the cost standard of the event's year for the speaker's level (the
  office's own figure, else the national one), unless staff typed an override with
  its reason;
- a speaker from the organising office is listed, flagged and paid nothing unless
  staff recorded why the honorarium applies (the SBM pays speakers from outside);
- the tax follows the speaker's profile (events/tax.py), with the rule on the row.
Gross = units x rate to the rupiah, tax by the rule to the rupiah, net = gross - tax,
per row; the totals are the sums of the rows. Dated the day given (`signed_on`), else
the event's last day. The "non tunai" variant puts each speaker's bank, account and
holder where the signature column is. Four queries: cost standards, speakers, their
sessions, officials.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from events.dates import session_minutes
from events.models import CostStandard, Speaker
from events.tax import rule_for, tax_for, tax_formula
from reports.documents.base import DocumentError, clean_date
from reports.documents.dates import Facts, document_default_date
from reports.documents.spj import (
    CASH_COLUMN,
    NON_CASH_COLUMNS,
    Column,
    Formula,
    account_columns,
    list_context,
    percent_text,
    typed_or_standard,
    whole_rupiah,
    workbook,
)
from reports.selectors import cost_standards, speaker_sessions
from reports.words import date_range_indonesian, rupiah

MINUTES_PER_HOUR = Decimal(60)
UNPAID_NOTE = "Internal (penyelenggara): tidak dibayar"


def session_hours(items) -> Decimal:
    minutes = sum(
        session_minutes(item.start_time, item.end_time) for item in items if item.end_time
    )
    return Decimal(minutes) / MINUTES_PER_HOUR


def hours_text(hours: Decimal) -> str:
    """`Decimal(2)` -> "2", `Decimal("1.5")` -> "1,5"."""
    return f"{hours.quantize(Decimal('0.01')).normalize():f}".replace(".", ",")


def speaker_rate(speaker: Speaker, standards: dict[str, CostStandard], *, year: int) -> Decimal:
    """The speaker's rate: the override staff typed (with its reason), else the cost
    standard of the year for the speaker's level."""
    return typed_or_standard(
        speaker.rate_override,
        standards=standards,
        item=speaker.level,
        year=year,
        refusal=_(
            "The cost standards have no figure for “%(item)s” in %(year)s: add it in the "
            "admin (Cost standards), or type the speaker's rate with its reason."
        ),
    )


def speaker_row(speaker: Speaker, items, *, rate: Decimal) -> dict | None:
    """One speaker's line, or None when the agenda gives them no time."""
    moderator = speaker.level == Speaker.Level.MODERATOR
    timed = [item for item in items if item.end_time]
    units = Decimal(len(timed)) if moderator else session_hours(timed)
    if not units:
        return None
    if speaker.tax_status == Speaker.TaxStatus.ASN and not speaker.grade:
        raise DocumentError(
            _("%(name)s is a civil servant without a golongan: the tax depends on it.")
            % {"name": speaker.name}
        )
    unpaid = speaker.is_internal and not speaker.internal_pay_reason.strip()
    paid_rate = Decimal(0) if unpaid else rate
    rule = rule_for(tax_status=speaker.tax_status, grade=speaker.grade, has_npwp=speaker.has_npwp)
    gross = whole_rupiah(units * paid_rate)
    tax = tax_for(rule, gross)
    notes = [speaker.background]
    if speaker.is_internal:
        notes.append(
            UNPAID_NOTE if unpaid else f"Internal, dibayar: {speaker.internal_pay_reason.strip()}"
        )
    if speaker.rate_override is not None:
        notes.append(f"Tarif khusus: {speaker.rate_override_reason.strip()}")
    return {
        "name": speaker.name,
        "background": speaker.background,
        "note": "; ".join(n for n in notes if n),
        "internal": speaker.is_internal,
        "unpaid": unpaid,
        "unit": "sesi" if moderator else "jam",
        "hours": units,
        "hours_text": hours_text(units) + (" sesi" if moderator else ""),
        "rate": paid_rate,
        "rate_text": rupiah(paid_rate),
        "rule": rule,
        "tax_rule_text": rule.label,
        "tax_rate_text": percent_text(rule.rate),
        "gross": gross,
        "tax": tax,
        "net": gross - tax,
        **account_columns(speaker),
    }


def data(*, event, paper: str, signed_on=None, non_cash: bool = False) -> dict:
    signed_on = clean_date(signed_on, document_default_date(event=event, facts=Facts.EVENT_HELD))
    year = event.first_day.year
    standards = cost_standards(office=event.organiser, year=year)
    rows = []
    for speaker, items in speaker_sessions(event=event):
        if not any(item.end_time for item in items):
            continue
        row = speaker_row(speaker, items, rate=speaker_rate(speaker, standards, year=year))
        if row:
            rows.append({"no": len(rows) + 1, **row})
    if not rows:
        raise DocumentError(
            _("No speaker has a session with a start and end time in the agenda yet.")
        )
    totals = {key: sum((row[key] for row in rows), Decimal(0)) for key in ("gross", "tax", "net")}
    context = list_context(
        event=event,
        paper=paper,
        what="HONORARIUM NARASUMBER",
        when=("Tanggal", date_range_indonesian(event.first_day, event.last_day)),
        account_code=event.honorarium_account_code,
        non_cash=non_cash,
        paid=totals["net"],
        signed_on=signed_on,
    )
    return {
        **context,
        "title": context["titles"][0].title(),
        "rows": [
            {**row, **{f"{key}_text": rupiah(row[key]) for key in ("gross", "tax", "net")}}
            for row in rows
        ],
        "totals": totals,
        "totals_text": {key: rupiah(value) for key, value in totals.items()},
        "signed_on": signed_on,
    }


data_non_cash = partial(data, non_cash=True)


def xlsx(context: dict) -> bytes:
    """The same list with its arithmetic as formulas: gross = units x rate, the tax by
    the row's rule, net = gross - tax, the column sums."""
    columns = [
        Column("no", "No", "int", width=5),
        Column("name", "Nama", width=24),
        Column("note", "Keterangan", width=40),
        Column("tax_rule_text", "Status Pajak", width=34),
        Column("hours", "Jam/Sesi", "number", width=8),
        Column("rate", "Tarif (Rp)", "money", width=12),
        Column("gross", "Bruto (Rp)", "money", width=13, total=True),
        Column("tax", "PPh (Rp)", "money", width=12, total=True),
        Column("net", "Diterima (Rp)", "money", width=13, total=True),
        *(NON_CASH_COLUMNS if context["non_cash"] else [CASH_COLUMN]),
    ]
    rows = [
        {
            **{key: r[key] for key in ("no", "name", "note", "tax_rule_text", "hours", "rate")},
            "gross": Formula("=ROUND({hours}*{rate},0)", r["gross"]),
            "tax": Formula(tax_formula(r["rule"], gross_cell="{gross}"), r["tax"]),
            "net": Formula("={gross}-{tax}", r["net"]),
            **{key: r[key] for key in ("bank", "account", "holder")},
            "sign": f"{r['no']}. ..........",
        }
        for r in context["rows"]
    ]
    return workbook(context, columns=columns, rows=rows)
