"""How many lines a text takes in a table cell, from the shipped font's own widths.

The daftar hadir is cut into pages before WeasyPrint lays it out (see
`attendance_pages`), so that a list rendered in parts on several cores breaks
its pages exactly where a single pass would. That needs each row's height,
which is the number of lines of its tallest cell: this module counts them the
way the layout wraps, word by word, with the advance widths read from the
TrueType file the PDF embeds. Kerning only narrows a line, and breaks are only
taken at spaces here (Pango may also break after a hyphen or slash), so the
count is never lower than what gets printed.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fontTools.ttLib import TTFont

from reports.pdf import STATIC_DIR

FONTS = STATIC_DIR / "reports" / "fonts"
SERIF = FONTS / "LiberationSerif-Regular.ttf"
SERIF_BOLD = FONTS / "LiberationSerif-Bold.ttf"


@functools.cache
def _metrics(path: Path) -> tuple[dict[int, int], int, int]:
    """(advance width per code point, advance of an unknown character, units per em)."""
    font = TTFont(path, lazy=True)
    widths = font["hmtx"].metrics
    advances = {code: widths[glyph][0] for code, glyph in font.getBestCmap().items()}
    # A character the font lacks falls back to another font: count it as wide as "M".
    return advances, advances[ord("M")], font["head"].unitsPerEm


def text_width(text: str, *, size: float, font: Path = SERIF) -> float:
    """Width of `text` set on one line, in points, at `size` points."""
    advances, wide, units = _metrics(font)
    return sum(advances.get(ord(char), wide) for char in text) * size / units


def line_count(text: str, *, width: float, size: float, font: Path = SERIF) -> int:
    """Lines `text` takes in a box `width` points wide, wrapped at spaces."""
    words = text.split()
    if not words:
        return 1
    space = text_width(" ", size=size, font=font)
    lines, used = 1, 0.0
    for word in words:
        needed = text_width(word, size=size, font=font)
        if used and used + space + needed > width:
            lines, used = lines + 1, needed
        else:
            used += (space if used else 0.0) + needed
    return lines
