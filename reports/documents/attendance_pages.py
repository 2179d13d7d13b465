"""The daftar hadir cut into pages before it is laid out.

A long list is laid out in parts on several cores. Left to itself, each part
would end on a half-empty page; instead the rows are put on pages here, each
page is its own table (with its header) and every page after the first starts
with a page break, so a part can be any run of whole pages and the list looks
the same whether it was rendered in one pass or in forty.

A row is as tall as its tallest cell: the number of lines of each text
(`text_fit.line_count`, with the shipped font's widths) times the line height,
or the signature place, whichever is taller. The figures below are the ones
of `templates/reports/daftar_hadir.html` and `static/reports/print.css`; a
test renders lists of every row height and checks that each page holds exactly
the rows put on it here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reports.documents.text_fit import SERIF_BOLD, line_count

PT_PER_MM = 72 / 25.4
# Page minus margins (top 2 cm, right 2 cm, bottom 2 cm, left 3 cm), in mm.
CONTENT_MM = {"A4": (160, 257), "F4": (165, 290)}

NAME_PT, SMALL_PT, LINE_HEIGHT = 10, 9, 1.35
CELL_PADDING_PT, CELL_SIDES_PT = 4, 6  # top + bottom, left + right
BORDER_PT = 0.6
SIGNATURE_ROW_PT = 8 * PT_PER_MM + 3.5  # the signature place and its padding
HEADER_PT = 19.5
# Kept free on every page: a row estimated a hair too short must not spill.
SLACK_PT = 2


@dataclass(frozen=True)
class Columns:
    """Column widths: the number column in mm; name, unit and position in % of the
    table; the signature column takes the rest."""

    number_mm: float
    name: int
    unit: int
    position: int


def columns_for(rows: int) -> Columns:
    """Four- and five-digit numbers need a wider number column; the signature column
    must still hold "10000. ............ hadir 08.16" on one line, so name and unit
    give way."""
    if rows < 1000:
        return Columns(number_mm=9, name=24, unit=25, position=21)
    return Columns(number_mm=10.5 if rows < 10_000 else 12.5, name=23, unit=24, position=21)


def _text_width(paper: str, percent: int) -> float:
    width_mm = CONTENT_MM[paper][0] * percent / 100
    return width_mm * PT_PER_MM - CELL_SIDES_PT - BORDER_PT


def row_height(row: dict, *, paper: str, columns: Columns) -> float:
    """Height of one row in points."""
    name_lines = line_count(row["name"], width=_text_width(paper, columns.name), size=NAME_PT)
    unit_lines = line_count(row["unit"], width=_text_width(paper, columns.unit), size=SMALL_PT)
    position_lines = line_count(
        row["position"], width=_text_width(paper, columns.position), size=SMALL_PT
    )
    tallest = max(name_lines * NAME_PT, unit_lines * SMALL_PT, position_lines * SMALL_PT)
    return max(SIGNATURE_ROW_PT, tallest * LINE_HEIGHT + CELL_PADDING_PT) + BORDER_PT


# What stands above and below the table, as print.css sets it (points unless named).
KOP_LOGO_MM, KOP_SIDE_MM = 21, 23  # .kop-logo img height; .kop-logo and .kop-spacer width
KOP_LINE_PT, KOP_LINE_HEIGHT, KOP_LETTER_SPACING = 15, 1.15, 0.3  # .kop-line1, .kop-line2
KOP_SMALL_PT, KOP_SMALL_LINE_HEIGHT = 10, 1.25  # .kop-address, .kop-contact
KOP_RULE_PT = 1.5 + 2.25 + 0.75 + 3 + 12  # .kop-rule: height, borders, margins
TITLE_PT, TITLE_MARGINS_PT = 13, 6 + 14  # .doc-title .title; .doc-title margins
META_PT, META_KEY_MM, META_COLON_PT, META_ROW_PADDING_PT, META_MARGIN_PT = 12, 32, 16, 1, 8
BODY_PT = 12  # html font-size: the closing sentence and the signature block
CLOSING_MARGINS_PT = 8 + 6  # .closing margin-top, p margin-bottom
SIGNATURE_MARGIN_PT, SIGNATURE_SPACE_MM, SIGNATURE_INDENT = 14, 20, 0.55  # .chair-signature


def heading_height(*, paper: str, kop: dict | None, titles: list[str], meta: list[str]) -> float:
    """What stands above the table on the first page: kop surat, titles, "Hari, Tanggal" ..."""
    width = CONTENT_MM[paper][0] * PT_PER_MM
    height = 0.0
    if kop:
        kop_width = width - 2 * KOP_SIDE_MM * PT_PER_MM
        text = 0.0
        for key in ("line1", "line2"):
            if kop.get(key):
                lines = line_count(
                    kop[key],
                    width=kop_width,
                    size=KOP_LINE_PT,
                    font=SERIF_BOLD,
                    spacing=KOP_LETTER_SPACING,
                )
                text += lines * KOP_LINE_PT * KOP_LINE_HEIGHT
        for key in ("address", "contact"):
            if kop.get(key):
                lines = line_count(kop[key], width=kop_width, size=KOP_SMALL_PT)
                text += lines * KOP_SMALL_PT * KOP_SMALL_LINE_HEIGHT
        height += max(KOP_LOGO_MM * PT_PER_MM, text) + KOP_RULE_PT
    height += TITLE_MARGINS_PT
    for title in titles:
        lines = line_count(title, width=width, size=TITLE_PT, font=SERIF_BOLD)
        height += lines * TITLE_PT * LINE_HEIGHT
    value_width = width - META_KEY_MM * PT_PER_MM - META_COLON_PT
    for value in meta:
        lines = line_count(value, width=value_width, size=META_PT)
        height += lines * (META_PT * LINE_HEIGHT + META_ROW_PADDING_PT)
    return height + META_MARGIN_PT


def closing_height(*, paper: str, sentence: str, signature: dict) -> float:
    """The closing sentence and the chair's signature block under the last row.

    `signature` is the block's context: place, date, title and the chair's
    name, which prints in bold.
    """
    width = CONTENT_MM[paper][0] * PT_PER_MM
    block = width * (1 - SIGNATURE_INDENT)
    line = BODY_PT * LINE_HEIGHT
    lines = line_count(sentence, width=width, size=BODY_PT)
    lines += line_count(f"{signature['place']}, {signature['date']}", width=block, size=BODY_PT)
    lines += line_count(f"{signature['title']},", width=block, size=BODY_PT)
    name = signature["name"] or "." * 36
    lines += line_count(name, width=block, size=BODY_PT, font=SERIF_BOLD)
    return CLOSING_MARGINS_PT + SIGNATURE_MARGIN_PT + lines * line + SIGNATURE_SPACE_MM * PT_PER_MM


def page_lengths(
    rows: Iterable[dict],
    *,
    paper: str,
    columns: Columns,
    first_page_used: float = 0.0,
    last_page_needs: float = 0.0,
) -> list[int]:
    """How many rows stand on each page: as many as fit under the table header.

    `rows` may be a generator: only the counts are kept, so a long list is put on
    pages without holding its rows. `first_page_used` is the height already taken
    on the first page (its heading); `last_page_needs` the room the closing needs
    after the last row. When it does not fit, the last row moves to a page of its
    own with the closing, so the signature never stands on a page without any row.
    """
    page_height = CONTENT_MM[paper][1] * PT_PER_MM - HEADER_PT - SLACK_PT
    lengths = [0]
    free = page_height - first_page_used
    for row in rows:
        needed = row_height(row, paper=paper, columns=columns)
        if needed > free and lengths[-1]:
            lengths.append(0)
            free = page_height
        lengths[-1] += 1
        free -= needed
    if free < last_page_needs and lengths[-1] > 1:
        lengths[-1] -= 1
        lengths.append(1)
    return lengths


def cut_into_pages(rows: list[dict], lengths: Iterable[int]) -> list[list[dict]]:
    """`rows` page by page, `lengths` rows a page."""
    pages, start = [], 0
    for length in lengths:
        pages.append(rows[start : start + length])
        start += length
    return pages


def paginate(rows: list[dict], **layout) -> list[list[dict]]:
    """The rows, page by page (`page_lengths` says how many on each and takes `layout`)."""
    return cut_into_pages(rows, page_lengths(rows, **layout))
