"""Rekapitulasi peserta as printed."""

import re

import pytest

from reports.documents import build_document
from reports.selectors import event_for_documents
from reports.tests.factories import fill_event, pdf_text

pytestmark = pytest.mark.django_db


def test_it_prints_the_totals_per_kind_and_overall(tebo_event_full):
    document = build_document("rekapitulasi", event=tebo_event_full)
    text = pdf_text(document.pdf)
    assert document.filename == "rekapitulasi-peserta-kpu-tebo-2024-11-11.pdf"
    assert "REKAPITULASI PESERTA" in text
    assert "177 (seratus tujuh puluh tujuh) orang" in text
    assert re.search(r"KPU \(1 unit\) 24 24 12 22 21", text)
    assert re.search(r"PPK \(12 unit\) 24 24", text)
    assert re.search(r"PPS \(129 unit\) 129 129", text)
    # Per kind: the grand total (seats, registered, verified, day 1, day 2); per kecamatan:
    # the PPK and PPS only, the KPU's 24 seats (12 verified, 22 and 21 present) left out.
    assert len(re.findall(r"Jumlah 177 177 88 161 152", text)) == 1
    assert re.search(r"Jumlah PPK dan PPS 153 153 76 139 131", text)
    assert "Semua unit telah mengirim peserta." in text


def test_it_lists_each_kecamatan_with_its_desa_and_kelurahan(tebo_event_full):
    text = pdf_text(build_document("rekapitulasi", event=tebo_event_full).pdf)
    assert "Kecamatan Tebo Tengah" in text
    assert "PPK Kec. Tebo Tengah" in text
    assert "PPS Kelurahan Muara Tebo" in text
    assert text.count("PPS Desa ") + text.count("PPS Kelurahan ") == 129


def test_the_per_kecamatan_table_starts_with_a_kecamatan_not_the_kpu(tebo_event_full):
    text = pdf_text(build_document("rekapitulasi", event=tebo_event_full).pdf)
    section_b = text.split("B. Rekapitulasi per kecamatan dan desa/kelurahan", 1)[1]
    first_row = section_b.split("Hadir", 1)[-1].split("Kecamatan", 1)[0]
    assert "KPU" not in first_row
    assert "KPU Kabupaten Tebo" not in section_b


def test_it_names_the_units_that_sent_nobody(tebo_event):
    fill_event(tebo_event, limit=170)
    event = event_for_documents(slug=tebo_event.slug)
    text = pdf_text(build_document("rekapitulasi", event=event).pdf)
    assert "C. Unit yang belum mengirim peserta (7)" in text


def test_building_the_recap_takes_six_queries(tebo_event_full, django_assert_num_queries):
    event = event_for_documents(slug=tebo_event_full.slug)
    # units covered (whether to sum up by region); rules, units, seats taken, status and
    # presence; the chair who signs
    with django_assert_num_queries(6):
        build_document("rekapitulasi", event=event)


def test_the_recap_is_signed_by_the_chair_on_the_last_day_once_the_event_is_over(
    tebo_event_full,
):
    from reports.tests.factories import pdf_pages_text

    last_page = " ".join(
        pdf_pages_text(build_document("rekapitulasi", event=tebo_event_full).pdf)[-1].split()
    )
    assert "Muara Tebo, 12 November 2024" in last_page
    assert "KETUA KOMISI PEMILIHAN UMUM KABUPATEN TEBO," in last_page
