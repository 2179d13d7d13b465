"""What the SPJ lists (uang transport, honorarium) share: money arithmetic, the
two secretariat officials who sign, and the spreadsheet the bendahara gets.

Money is `Decimal` in whole rupiah throughout; a tax is rounded half up to the
rupiah on each row, and every total is the sum of its printed rows, so the
figures on paper always add up.
"""

from __future__ import annotations

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

from bodies.models import Body, SecretariatOfficial
from events.dates import date_indonesian
from reports.documents.base import office_place
from reports.selectors import secretariat_officials

RUPIAH = Decimal("1")
HUNDRED = Decimal("100")
Role = SecretariatOfficial.Role
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def whole_rupiah(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(RUPIAH, rounding=ROUND_HALF_UP)


def tax_on(gross: Decimal, rate: Decimal) -> Decimal:
    """The tax withheld from `gross` at `rate` percent, to the rupiah (half up)."""
    return whole_rupiah(Decimal(gross) * Decimal(rate) / HUNDRED)


def percent_text(rate: Decimal) -> str:
    """`Decimal("5.00")` -> "5", `Decimal("2.50")` -> "2,5"."""
    text = f"{Decimal(rate).normalize():f}"
    return text.replace(".", ",")


def signatures(office: Body, *, signed_on: datetime.date) -> dict:
    """The context of `_spj_signatures.html`: place and date, then the Pejabat Pembuat
    Komitmen (who agrees to pay) and the Bendahara Pengeluaran (who paid), with their
    NIP; dots to write a name in where the office has recorded none. One query."""
    officials = secretariat_officials(office=office)

    def person(role: str) -> dict:
        official = officials.get(role)
        return {
            "name": official.name if official else "",
            "nip": official.nip if official else "",
        }

    return {
        "place": office_place(office),
        "date": date_indonesian(signed_on),
        "commitment_officer": person(Role.COMMITMENT_OFFICER),
        "treasurer": person(Role.TREASURER),
    }


def workbook(
    *, title: list[str], headers: list[str], rows: list[list], total: list, words: str
) -> bytes:
    """A one-sheet workbook: title lines, the table with its total row, "Terbilang".

    Amounts are written as numbers (format #,##0) so the bendahara can sum and
    check them; the total row holds the printed totals, not formulas, so the
    file says exactly what the paper says.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Daftar"
    for line in title:
        sheet.append([line])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in [*rows, total]:
        sheet.append(
            [int(v) if isinstance(v, Decimal) and v == v.to_integral() else v for v in row]
        )
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, int | float | Decimal) and cell.column > 1:
                cell.number_format = "#,##0"
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([])
    sheet.append([f"Terbilang: {words}"])
    widths = {"A": 6, "B": 32, "C": 34, "D": 22}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
