"""Line counts from the shipped font: where a line may break, and text wider than its cell."""

import math

import pytest

from reports.documents.text_fit import SERIF, SERIF_BOLD, line_count, text_width


def test_widths_come_from_the_font_and_grow_with_size_spacing_and_weight():
    assert text_width("", size=10) == 0
    assert text_width("MMMM", size=10) > text_width("iiii", size=10)
    assert text_width("Tebo", size=20) == pytest.approx(2 * text_width("Tebo", size=10))
    assert text_width("Tebo", size=10, spacing=0.3) == pytest.approx(
        text_width("Tebo", size=10) + 1.2
    )
    assert text_width("KECAMATAN", size=15, font=SERIF_BOLD) > text_width(
        "KECAMATAN", size=15, font=SERIF
    )


def test_a_character_the_font_lacks_counts_one_em():
    assert text_width("李", size=10) == pytest.approx(10)


def test_lines_break_at_spaces():
    words = "Anggota PPK Divisi Sosdiklih"
    assert line_count("", width=50, size=10) == 1
    assert line_count(words, width=text_width(words, size=10), size=10) == 1
    assert line_count(words, width=text_width(words, size=10) - 1, size=10) == 2
    one_word_per_line = max(text_width(w, size=10) for w in words.split()) + 0.5
    assert line_count(words, width=one_word_per_line, size=10) == 4


def test_lines_break_after_slashes_and_hyphens():
    text = "Penyelenggaraan/Perencanaan/Data"
    widest = max(text_width(p, size=9) for p in ("Penyelenggaraan/", "Perencanaan/", "Data"))
    assert line_count(text, width=widest + 0.5, size=9) == 3
    assert line_count("Kusumawardhani-Mangkunegoro", width=widest + 0.5, size=9) == 2


def test_a_piece_wider_than_the_cell_is_cut_anywhere():
    width = text_width("A" * 10, size=10) + 0.1
    assert line_count("A" * 80, width=width, size=10) == 8
    assert line_count("李" * 11, width=50, size=10) == math.ceil(11 / 5)
