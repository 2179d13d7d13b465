"""The registration list as CSV and XLSX, with the columns a secretariat works with.

Column headings are Indonesian, as in the office's own spreadsheets. The NIK is
always masked here: an export leaves the portal and is passed around.

The CSV is written for Excel in the Indonesian locale, where the decimal mark is
"," and the list separator ";": separated by ";", with a UTF-8 BOM so that Excel
reads the names' accents right.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bodies.labels import unit_label
from events.models import Event
from events.spreadsheets import csv_text, text_cell

from .models import Registration
from .selectors import days_present, registration_district, registration_list

CSV_DELIMITER = ";"


@dataclass(frozen=True)
class Column:
    heading: str
    width: int  # in the XLSX
    value: Callable[[Registration], object]
    personal: bool = False  # only for who may see the full NIK


def _district(registration: Registration) -> str:
    district = registration_district(registration)
    return district.name if district else ""


# The registration's columns, after "No" and before one "Hadir hari N" per day (13 wide).
COLUMNS = [
    Column("Kode", 10, lambda r: r.code),
    Column("Nama", 32, lambda r: r.full_name),
    Column("NIK", 18, lambda r: r.masked_nik),
    # Beside the masked NIK the sex gives away the birth date hidden in digits 7-12.
    Column("L/P", 5, lambda r: r.sex, personal=True),
    Column("Unsur", 30, lambda r: r.get_role_display()),
    Column("Unit", 28, lambda r: unit_label(r.unit)),
    Column("Kecamatan", 18, _district),
    Column("Jabatan", 24, lambda r: r.position),
    Column("Instansi", 24, lambda r: r.institution),
    Column("Gol.", 6, lambda r: r.grade),
    Column("HP", 16, lambda r: r.phone),
    Column("E-mail", 26, lambda r: r.email),
    Column("Status", 22, lambda r: r.get_status_display()),
]
NUMBER_WIDTH, DAY_WIDTH = 5, 13


def columns(*, personal: bool = False) -> list[Column]:
    return [column for column in COLUMNS if personal or not column.personal]


def headers(event: Event, *, personal: bool = False) -> list[str]:
    """The headings: "No", the registration's columns (COLUMNS; the sex "L/P" only with
    `personal`), one per day for presence."""
    days = [f"Hadir hari {n}" for n in range(1, len(event.days) + 1)]
    return ["No", *(column.heading for column in columns(personal=personal)), *days]


def rows(event: Event, registrations, *, personal: bool = False) -> Iterator[list]:
    """One list per registration, made as they are read: an export of a national event
    (90,000 rows) never holds them all. Exports are the office's records, Indonesian
    whatever the staff member's interface language; the language is set inside the
    generator, since a decorator's would be gone before the first row is made."""
    days = event.days
    shown = columns(personal=personal)
    with translation.override("id"):
        for number, registration in enumerate(registrations, start=1):
            present = days_present(registration)
            yield [
                number,
                *(column.value(registration) for column in shown),
                *("Ya" if day in present else "Tidak" for day in days),
            ]


def phone_as_text(phone: str) -> str:
    """`+6281234567890` -> `0812 3456 7890`.

    A spreadsheet opening a CSV reads "+6281234567890" as the number 6,28123E+12;
    in the national form with spaces it stays text, and can still be dialled.
    """
    if not phone.startswith("+62"):
        return phone
    digits = "0" + phone[3:]
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def registrations_csv_lines(*, event: Event, filters=None, personal: bool = False) -> Iterator[str]:
    """The CSV a line at a time, for a streamed answer: memory stays flat however many
    registrations the event has (the registrations are read 2,000 at a time)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)

    def written() -> str:
        line = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return line

    headings = headers(event, personal=personal)
    phone = headings.index("HP")
    writer.writerow(headings)
    yield "\ufeff" + written()  # BOM: Excel then reads the file as UTF-8
    registrations = registration_list(event=event, filters=filters).iterator(chunk_size=2000)
    for row in rows(event, registrations, personal=personal):
        row[phone] = phone_as_text(row[phone])
        # Every field, not only those typed freely: a unit's or an office's name is
        # typed by someone too, and a guard on some columns is a guard forgotten later.
        writer.writerow([csv_text(value) for value in row])
        yield written()


def registrations_csv(*, event: Event, filters=None, personal: bool = False) -> str:
    """The whole CSV as one text (commands and tests; the staff page streams it)."""
    return "".join(registrations_csv_lines(event=event, filters=filters, personal=personal))


def registrations_xlsx(*, event: Event, filters=None, personal: bool = False) -> bytes:
    """The list as a workbook, written row by row (openpyxl's write-only mode): its
    memory and time grow with the rows, not with their square (a normal sheet's
    `max_row` scans every cell written so far: bench/README.md)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    headings = headers(event, personal=personal)
    # Widths and the frozen head are set before the first row: a write-only sheet
    # writes its head (column widths, panes) when rows start to arrive.
    widths = [NUMBER_WIDTH, *(column.width for column in columns(personal=personal))]
    widths += [DAY_WIDTH] * (len(headings) - len(widths))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    sheet.append([_text(sheet, name, font=bold) for name in headings])
    registrations = registration_list(event=event, filters=filters).iterator(chunk_size=2000)
    for row in rows(event, registrations, personal=personal):
        # text, never a formula, whatever it starts with
        sheet.append([_text(sheet, value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(sheet, value: str, *, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    text_cell(cell, value)
    if font is not None:
        cell.font = font
    return cell
