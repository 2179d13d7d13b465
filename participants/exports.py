"""The registration list as CSV and XLSX, with the columns a secretariat works with.

Column headings are Indonesian, as in the office's own spreadsheets. The NIK is
always masked here: an export leaves the portal and is passed around.

The CSV is written for Excel in the Indonesian locale, where the decimal mark is
"," and the list separator ";": separated by ";", with a UTF-8 BOM so that Excel
reads the names' accents right.
"""

import csv
import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bodies.labels import unit_label
from events.models import Event

from .selectors import days_present, registration_district, registration_list

# What a spreadsheet may run as a formula when a cell starts with it (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Columns a person typed freely. The phone is not among them: the service stores it
# as +62..., and the CSV writes it as people write it (see phone_as_text).
FREE_TEXT_COLUMNS = frozenset({"Nama", "Jabatan", "Instansi", "E-mail"})
CSV_DELIMITER = ";"


def headers(event: Event) -> list[str]:
    days = [f"Hadir hari {n}" for n in range(1, len(event.days) + 1)]
    return [
        "No",
        "Kode",
        "Nama",
        "NIK",
        "L/P",
        "Unsur",
        "Unit",
        "Kecamatan",
        "Jabatan",
        "Instansi",
        "HP",
        "E-mail",
        "Status",
        *days,
    ]


# Exports are the office's records, Indonesian whatever the staff member's interface language.
@translation.override("id")
def rows(event: Event, registrations) -> list[list]:
    days = event.days
    out = []
    for number, registration in enumerate(registrations, start=1):
        present = days_present(registration)
        district = registration_district(registration)
        out.append(
            [
                number,
                registration.code,
                registration.full_name,
                registration.masked_nik,
                registration.sex,
                registration.get_role_display(),
                unit_label(registration.unit),
                district.name if district else "",
                registration.position,
                registration.institution,
                registration.phone,
                registration.email,
                registration.get_status_display(),
                *("Ya" if day in present else "Tidak" for day in days),
            ]
        )
    return out


def safe_text(value):
    """Keep a spreadsheet from running text as a formula ("=HYPERLINK(...)" in a position)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def phone_as_text(phone: str) -> str:
    """`+6281234567890` -> `0812 3456 7890`.

    A spreadsheet opening a CSV reads "+6281234567890" as the number 6,28123E+12;
    in the national form with spaces it stays text, and can still be dialled.
    """
    if not phone.startswith("+62"):
        return safe_text(phone)
    digits = "0" + phone[3:]
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def registrations_csv(*, event: Event, filters=None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    columns = headers(event)
    free = [name in FREE_TEXT_COLUMNS for name in columns]
    phone = columns.index("HP")
    writer.writerow(columns)
    for row in rows(event, registration_list(event=event, filters=filters)):
        row[phone] = phone_as_text(row[phone])
        writer.writerow([safe_text(v) if f else v for v, f in zip(row, free, strict=True)])
    return "\ufeff" + buffer.getvalue()  # BOM: Excel then reads the file as UTF-8


def registrations_xlsx(*, event: Event, filters=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Peserta"
    sheet.append(headers(event))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(event, registration_list(event=event, filters=filters)):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text, never a formula
    widths = [5, 10, 32, 18, 5, 30, 28, 18, 24, 24, 16, 26, 22] + [13] * (len(headers(event)) - 13)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
