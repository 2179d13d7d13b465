"""Daftar hadir: who is listed, how presence shows, and bad options."""

import pytest

from participants.models import Registration
from reports.documents import DocumentError, build_document
from reports.tests.factories import pdf_pages_text, pdf_text

pytestmark = pytest.mark.django_db


def test_the_blank_list_names_every_active_participant_with_a_place_to_sign(tebo_event_full):
    document = build_document("daftar-hadir", event=tebo_event_full, day=1, blank=True)
    text = pdf_text(document.pdf)
    assert document.filename == "daftar-hadir-hari-1-kosong-kpu-tebo-2024-11-11.pdf"
    assert "DAFTAR HADIR PESERTA" in text
    assert "BIMBINGAN TEKNIS PENINGKATAN PARTISIPASI MASYARAKAT" in text
    assert "Senin, 11 November 2024" in text
    assert "GN Hotel Tebo" in text
    assert "Siti <b>Aminah</b> & Co" in text
    assert "Peserta Contoh 00177" in text
    assert "177. ......" in text
    assert "tidak hadir" not in text and "hadir 07" not in text
    assert "Jumlah peserta terdaftar: 177 (seratus tujuh puluh tujuh) orang" in text


def test_the_filled_list_marks_who_came_and_who_did_not(tebo_event_full):
    document = build_document("daftar-hadir", event=tebo_event_full, day=1)
    text = pdf_text(document.pdf)
    # fill_event keeps every 11th person away on day 1: 16 of 177.
    assert text.count("tidak hadir") == 16
    assert text.count("hadir 07.") == 161
    assert "Jumlah peserta hadir: 161 (seratus enam puluh satu) orang" in text
    assert document.filename == "daftar-hadir-hari-1-kpu-tebo-2024-11-11.pdf"


def test_the_second_day_lists_that_days_attendance(tebo_event_full):
    text = pdf_text(build_document("daftar-hadir", event=tebo_event_full, day="2").pdf)
    assert "Selasa, 12 November 2024" in text
    assert "Jumlah peserta hadir: 152 (seratus lima puluh dua) orang" in text


def test_it_leaves_out_cancelled_and_rejected_registrations(tebo_event_full):
    gone = Registration.objects.filter(event=tebo_event_full).order_by("id")[1]
    gone.status = Registration.Status.CANCELLED
    gone.save(update_fields=["status"])
    text = pdf_text(build_document("daftar-hadir", event=tebo_event_full, blank=True).pdf)
    assert gone.full_name not in text
    assert "176 (seratus tujuh puluh enam) orang" in text


def test_rows_are_numbered_without_gaps_and_pages_count_on_across_parts(tebo_event_full):
    """Split in parts of 40 rows on two workers: numbers and pages still run on."""
    document = build_document(
        "daftar-hadir", event=tebo_event_full, blank=True, chunk_size=40, workers=2
    )
    pages = pdf_pages_text(document.pdf)
    assert len(pages) == document.pages
    for index, page in enumerate(pages, start=1):
        assert f"Halaman {index} dari {len(pages)}" in page
    text = " ".join(" ".join(pages).split())
    positions = [text.index(f" {n}. ......") for n in range(1, 178)]
    assert positions == sorted(positions)
    assert text.count("DAFTAR HADIR PESERTA") == 1


def test_it_prints_on_folio_paper_when_asked(tebo_event_full):
    from io import BytesIO

    from pypdf import PdfReader

    document = build_document("daftar-hadir", event=tebo_event_full, blank=True, paper="f4")
    box = PdfReader(BytesIO(document.pdf)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        215,
        330,
    )


@pytest.mark.parametrize("day", [0, 3, "x", -1])
def test_it_refuses_a_day_the_event_does_not_have(tebo_event, day):
    with pytest.raises(DocumentError, match="tidak ada"):
        build_document("daftar-hadir", event=tebo_event, day=day)


def test_it_refuses_an_unknown_paper_size(tebo_event):
    with pytest.raises(DocumentError, match="A4 atau F4"):
        build_document("daftar-hadir", event=tebo_event, paper="Letter")


def test_building_the_list_takes_two_queries(tebo_event_full, django_assert_num_queries):
    from reports.selectors import event_for_documents

    event = event_for_documents(slug=tebo_event_full.slug)
    with django_assert_num_queries(2):  # registrations with their units, the day's attendance
        build_document("daftar-hadir", event=event, day=2)
