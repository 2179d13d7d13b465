"""What the SPJ lists (uang transport, honorarium) share: money arithmetic, the
two secretariat officials who sign, the frame of a list's context (`list_context`)
and the spreadsheet the bendahara gets.

Money is `Decimal` in whole rupiah throughout; a tax is rounded half up to the
rupiah on each row, and every total is the sum of its printed rows, so the
figures on paper always add up.
"""

from __future__ import annotations

import datetime
import io
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bodies.models import Body, SecretariatOfficial
from events.dates import date_indonesian
from events.models import CostStandard
from events.spreadsheets import text_cell
from reports.documents.base import DocumentError, kop_context, office_place
from reports.selectors import secretariat_officials
from reports.words import rupiah_in_words

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


def typed_or_standard(
    typed: Decimal | None, *, standards: dict[str, CostStandard], item: str, year: int, refusal: str
) -> Decimal:
    """The amount staff typed (with its reason), else the figure of `item` among the
    cost standards of the event's year (`reports.selectors.cost_standards`). Neither:
    `refusal`, told the item's name (%(item)s) and the year (%(year)s)."""
    if typed is not None:
        return typed
    figure = standards.get(item)
    if figure is None:
        raise DocumentError(refusal % {"item": CostStandard.Item(item).label, "year": year})
    return figure.amount


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


# The heads every payment list carries, in this order (a bendahara's and an auditor's).
HEAD_KEYS = ("Kode Akun/MAK", "Sumber Dana", "Dasar", "Nomor Bukti")
DOTS = ".............................."


def heads(event, *, account_code: str) -> list[tuple[str, str]]:
    """Kode akun, sumber dana, dasar, nomor bukti: what the office recorded on the
    event, dots where it did not (the nomor bukti is the bendahara's, written in)."""
    values = (account_code, event.funding_source, event.payment_basis, "")
    return [(key, value.strip() or DOTS) for key, value in zip(HEAD_KEYS, values, strict=True)]


def list_context(
    *,
    event,
    paper: str,
    what: str,
    when: tuple[str, str],
    account_code: str,
    non_cash: bool,
    paid: Decimal,
    signed_on: datetime.date,
) -> dict:
    """What the context of every payment list holds (reports/_spj_list.html, `workbook`):
    the lines heading it ("DAFTAR PENERIMAAN <what>", or "DAFTAR NOMINATIF PEMBAYARAN
    NON TUNAI <what>" for a transfer to each recipient's account; the event; the
    election), the heads (`when`, the venue, then `heads`), whether it is "non tunai",
    the amount `paid` in words and the two signers. Each list adds its rows and totals."""
    kind = "DAFTAR NOMINATIF PEMBAYARAN NON TUNAI" if non_cash else "DAFTAR PENERIMAAN"
    titles = [f"{kind} {what}", event.title.upper()]
    if event.election_id:
        titles.append(event.election.name.upper())
    return {
        "paper": paper,
        "kop": kop_context(event.organiser),
        "event": event,
        "titles": titles,
        "meta": [
            when,
            ("Tempat", ", ".join(p for p in (event.venue_name, event.venue_address) if p)),
            *heads(event, account_code=account_code),
        ],
        "non_cash": non_cash,
        "total_words": rupiah_in_words(paid),
        "signatures": signatures(event.organiser, signed_on=signed_on),
    }


def account_columns(person) -> dict:
    """Bank, account number and holder, whole: only the payment list shows them."""
    return {
        "bank": person.bank_name,
        "account": person.account_number,
        "holder": person.account_holder,
    }


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # "text", "money" (#,##0), "number" (hours), "int"
    width: float = 12
    total: bool = False  # summed in the total row (a SUM formula)


@dataclass(frozen=True)
class Formula:
    """A cell computed from others of its row: `{key}` stands for the row's cell of
    that column, e.g. "=ROUND({hours}*{rate},0)"."""

    template: str
    value: Decimal | None = None  # what it computes, as the PDF prints it (for the width)


NUMBER_FORMATS = {"money": "#,##0", "int": "0", "number": "#,##0.##"}
PAPER_SIZES = {"A4": 9, "F4": 14}  # openpyxl's A4 and Folio (8.5 x 13 in, 216 x 330 mm)
CASH_COLUMN = Column("sign", "Tanda Tangan", width=18)
NON_CASH_COLUMNS = [
    Column("bank", "Bank", width=14),
    Column("account", "Nomor Rekening", width=20),
    Column("holder", "Nama Pemilik Rekening", width=26),
]


def workbook(context: dict, *, columns: list[Column], rows: list[dict]) -> bytes:
    """The payment list of `context` (a `list_context`) as a bendahara works in it: the
    kop, the titles and the heads, one row per recipient with every computed cell a
    formula (gross = hours x rate, tax, net) and the total row summing them,
    "Terbilang", the signature block.
    Money in `#,##0`, columns as wide as their largest amount, the table's head
    frozen and repeated on every printed page, landscape on the chosen paper.
    Every text is a text cell whatever it starts with (events/spreadsheets.py):
    only `Formula` cells are formulas.
    """
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Daftar"
    head_row = _write_heading(sheet, context, columns=len(columns)) + 2
    total_row = _write_table(sheet, head_row=head_row, columns=columns, rows=rows)
    text_cell(sheet.cell(row=total_row + 2, column=1), f"Terbilang: {context['total_words']}")
    _signature_block(
        sheet, start=total_row + 4, signatures=context["signatures"], columns=len(columns)
    )
    _size_columns_and_rows(sheet, head_row=head_row, columns=columns, rows=rows)
    _set_up_pages(sheet, head_row=head_row, paper=context["paper"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_heading(sheet, context: dict, *, columns: int) -> int:
    """The kop and the titles centred across the table, then the heads; the last row used."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    last = get_column_letter(columns)
    row_no = 0

    def line(text: str, *, font=None, centred=False) -> None:
        nonlocal row_no
        row_no += 1
        cell = sheet.cell(row=row_no, column=1)
        text_cell(cell, text)
        if font:
            cell.font = font
        if centred:
            sheet.merge_cells(f"A{row_no}:{last}{row_no}")
            cell.alignment = Alignment(horizontal="center")

    kop = context["kop"]
    for text in (kop["line1"], kop["line2"], kop["address"], kop["contact"]):
        if text:
            line(text, font=bold if text in (kop["line1"], kop["line2"]) else None, centred=True)
    row_no += 1
    for title in context["titles"]:
        line(title, font=bold, centred=True)
    row_no += 1
    for key, value in context["meta"]:
        row_no += 1
        text_cell(sheet.cell(row=row_no, column=2), key)
        text_cell(sheet.cell(row=row_no, column=3), f": {value}")
    return row_no


def _write_table(sheet, *, head_row: int, columns: list[Column], rows: list[dict]) -> int:
    """The table's head, one row per recipient and the total row; the total's row number."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    letters = {column.key: get_column_letter(i) for i, column in enumerate(columns, start=1)}
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=head_row, column=i)
        text_cell(cell, column.title)
        cell.font, cell.border = bold, box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first = head_row + 1
    for row_no, values in enumerate(rows, start=first):
        refs = {key: f"{letter}{row_no}" for key, letter in letters.items()}
        for i, column in enumerate(columns, start=1):
            cell = sheet.cell(row=row_no, column=i)
            value = values.get(column.key, "")
            if isinstance(value, Formula):
                cell.value = value.template.format(**refs)
            elif isinstance(value, str):
                text_cell(cell, value)
            else:
                cell.value = int(value) if column.kind in ("money", "int") else float(value)
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
            cell.border = box
            cell.alignment = Alignment(vertical="top", wrap_text=column.kind == "text")
    total_row = first + len(rows)
    text_cell(sheet.cell(row=total_row, column=2), "Jumlah")
    for i, column in enumerate(columns, start=1):
        cell = sheet.cell(row=total_row, column=i)
        if column.total:
            letter = letters[column.key]
            cell.value = f"=SUM({letter}{first}:{letter}{total_row - 1})"
            cell.number_format = NUMBER_FORMATS[column.kind]
        cell.font, cell.border = bold, box
    return total_row


def _size_columns_and_rows(sheet, *, head_row: int, columns: list[Column], rows: list[dict]):
    """Columns as wide as their content; wrapped text needs its rows tall enough, since a
    spreadsheet does not grow them on opening."""
    from openpyxl.utils import get_column_letter

    widths = [_width(column, rows) for column in columns]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.row_dimensions[head_row].height = 30
    for offset, values in enumerate(rows, start=head_row + 1):
        lines = max(
            (
                math.ceil(len(str(values.get(column.key, ""))) / max(width - 1, 1))
                for column, width in zip(columns, widths, strict=True)
                if column.kind == "text"
            ),
            default=1,
        )
        sheet.row_dimensions[offset].height = max(15, 13 * lines)


def _set_up_pages(sheet, *, head_row: int, paper: str) -> None:
    """The head frozen and printed on every page, landscape, one page wide."""
    sheet.freeze_panes = f"A{head_row + 1}"
    sheet.print_title_rows = f"{head_row}:{head_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = PAPER_SIZES.get(paper, 9)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _width(column: Column, rows: list[dict]) -> float:
    """Wide enough for the column's largest amount (with its thousands dots) or
    longest line of text, within reason; never Excel's `####`."""
    if column.kind == "money":
        values = [row.get(column.key) for row in rows]
        values = [v.value if isinstance(v, Formula) else v for v in values]
        amounts = [v for v in values if isinstance(v, Decimal | int)]
        # The total can be as large as the sum of every row of the column.
        largest = sum(amounts) if column.total else max(amounts, default=0)
        return max(column.width, len(f"{int(largest):,}") + 4)
    if column.kind == "text":
        longest = max((len(str(row.get(column.key, ""))) for row in rows), default=0)
        return min(max(column.width, longest * 0.9), 45)
    return column.width


def _signature_block(sheet, *, start: int, signatures: dict, columns: int) -> None:
    """The two signers as on paper: PPK on the left, the bendahara on the right."""
    left, right = 2, max(columns - 2, 4)
    place = f"{signatures['place']}, {signatures['date']}"
    officer, treasurer = signatures["commitment_officer"], signatures["treasurer"]
    lines = [
        ("", place),
        ("Setuju dibayar,", "Lunas dibayar,"),
        ("Pejabat Pembuat Komitmen", "Bendahara Pengeluaran"),
        ("", ""),
        ("", ""),
        ("", ""),
        (officer["name"] or DOTS, treasurer["name"] or DOTS),
        (f"NIP. {officer['nip'] or DOTS}", f"NIP. {treasurer['nip'] or DOTS}"),
    ]
    for offset, (a, b) in enumerate(lines):
        if a:
            text_cell(sheet.cell(row=start + offset, column=left), a)
        if b:
            text_cell(sheet.cell(row=start + offset, column=right), b)
