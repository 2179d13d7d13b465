"""How many lines a text takes in a table cell, from the shipped font's own widths.

The daftar hadir is cut into pages before WeasyPrint lays it out (see
`attendance_pages`), so that a list rendered in parts on several cores breaks
its pages exactly where a single pass would. That needs each row's height,
which is the number of lines of its tallest cell: this module counts them the
way Pango wraps, with the advance widths read from the TrueType file the PDF
embeds. A line may break after a space, after "-" or "/", at a zero-width
space and around a CJK character; a piece still wider than the cell is cut
anywhere (the cells say `overflow-wrap: anywhere`). Characters the font
lacks are printed from a fallback font: they count as one em, as wide as the
widest common glyphs. Kerning only narrows a line. What this cannot foresee
(a taller fallback font, say) the daftar hadir catches after layout: a part
whose page count differs from the plan is laid out again as a flowing table.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from fontTools.ttLib import TTFont

from reports.pdf import STATIC_DIR

FONTS = STATIC_DIR / "reports" / "fonts"
SERIF = FONTS / "LiberationSerif-Regular.ttf"
SERIF_BOLD = FONTS / "LiberationSerif-Bold.ttf"

# Pieces a line may end after: a run up to and including "-", "/" or a zero-width
# space, or one CJK character (ideographs, kana, hangul, full-width forms).
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_PIECES = re.compile(rf"[{_CJK}]|[^{_CJK}\-/\u200b]*[-/\u200b]|[^{_CJK}\-/\u200b]+")


@functools.cache
def _metrics(path: Path) -> tuple[dict[int, int], int]:
    """(advance width per code point, units per em) of a TrueType file."""
    font = TTFont(path, lazy=True)
    widths = font["hmtx"].metrics
    advances = {code: widths[glyph][0] for code, glyph in font.getBestCmap().items()}
    return advances, font["head"].unitsPerEm


def text_width(text: str, *, size: float, font: Path = SERIF, spacing: float = 0.0) -> float:
    """Width of `text` set on one line, in points, at `size` points.

    `spacing` is the CSS letter-spacing in points, added after every character.
    """
    advances, units = _metrics(font)
    return sum(advances.get(ord(char), units) for char in text) * size / units + spacing * len(text)


def line_count(
    text: str, *, width: float, size: float, font: Path = SERIF, spacing: float = 0.0
) -> int:
    """Lines `text` takes in a box `width` points wide."""

    def measure(part: str) -> float:
        return text_width(part, size=size, font=font, spacing=spacing)

    space = measure(" ")
    lines, used = 1, 0.0
    for index, word in enumerate(text.split()):
        gap = space if index and used else 0.0
        for piece in _PIECES.findall(word):
            needed = measure(piece)
            if used and used + gap + needed > width:
                lines, used, gap = lines + 1, 0.0, 0.0
            if needed > width:
                # Cut anywhere: character by character.
                for char in piece:
                    char_width = measure(char)
                    if used and used + char_width > width:
                        lines, used = lines + 1, 0.0
                    used += char_width
            else:
                used += gap + needed
            gap = 0.0
    return lines
