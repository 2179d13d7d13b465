"""Daftar hadir: who is listed, how presence shows, and bad options."""

import io
import itertools
import re

import pdfplumber
import pytest

from participants.models import Registration
from reports.documents import DocumentError, build_document
from reports.tests.factories import pdf_pages_text, pdf_text

pytestmark = pytest.mark.django_db


def all_verified(event):
    """fill_event leaves every other registration pending; the filled list lists the
    verified ones only, so these tests verify everyone first."""
    Registration.objects.filter(event=event).update(status=Registration.Status.VERIFIED)
    return event


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


def test_the_blank_list_has_spare_rows_for_walk_ins_and_substitutes(tebo_event_full):
    text = pdf_text(build_document("daftar-hadir", event=tebo_event_full, blank=True).pdf)
    # A tenth of 177, rounded up: 18 empty numbered rows after the last name.
    assert "178. ......" in text and "195. ......" in text and "196. ......" not in text
    assert "Baris 178 dan seterusnya untuk peserta pengganti atau yang belum terdaftar" in text


def test_the_filled_list_marks_who_came_beside_an_empty_place_to_sign(tebo_event_full):
    all_verified(tebo_event_full)
    document = build_document("daftar-hadir", event=tebo_event_full, day=1)
    text = pdf_text(document.pdf)
    # No check-in time nor "tidak hadir" where the person signs.
    assert "tidak hadir" not in text and "hadir 07." not in text
    assert "177. ......" in text and "Ket." in text
    # fill_event keeps every 11th person away on day 1: 16 of 177.
    assert len(re.findall(r"\bhadir\b", text)) == 161 + 1  # the Ket. marks, the closing
    assert "Jumlah peserta hadir: 161 (seratus enam puluh satu) orang" in text
    assert document.filename == "daftar-hadir-hari-1-kpu-tebo-2024-11-11.pdf"


def test_the_filled_list_names_verified_registrations_only(tebo_event_full):
    all_verified(tebo_event_full)
    pending = Registration.objects.filter(event=tebo_event_full).order_by("id")[2]
    pending.status = Registration.Status.PENDING
    pending.save(update_fields=["status"])
    filled = pdf_text(build_document("daftar-hadir", event=tebo_event_full, day=1).pdf)
    blank = pdf_text(build_document("daftar-hadir", event=tebo_event_full, blank=True).pdf)
    assert pending.full_name not in filled and "176. ......" in filled
    assert "Jumlah peserta terverifikasi: 176 (seratus tujuh puluh enam) orang" in filled
    assert pending.full_name in blank


def test_the_second_day_lists_that_days_attendance(tebo_event_full):
    all_verified(tebo_event_full)
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
        "daftar-hadir",
        event=tebo_event_full,
        blank=True,
        chunk_size=40,
        parallel_from=0,
        workers=2,
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


def test_building_the_list_takes_five_queries(tebo_event_full, django_assert_num_queries):
    from reports.selectors import event_for_documents

    event = event_for_documents(slug=tebo_event_full.slug)
    # The counts, the registrations streamed onto pages, the chair who signs; then the
    # one pass reads its rows: registrations with their units, the day's attendance.
    with django_assert_num_queries(5):
        build_document("daftar-hadir", event=event, day=2)


def test_the_list_closes_with_the_chairs_signature_on_the_day(tebo_event_full):
    from bodies.models import Member

    all_verified(tebo_event_full)
    Member.objects.filter(body=tebo_event_full.organiser, role=Member.Role.KETUA).update(
        name="Ketua <Contoh> & Rekan"
    )
    document = build_document("daftar-hadir", event=tebo_event_full, day=2)
    last_page = " ".join(pdf_pages_text(document.pdf)[-1].split())
    assert "Muara Tebo, 12 November 2024" in last_page
    assert "KETUA KOMISI PEMILIHAN UMUM KABUPATEN TEBO," in last_page
    assert "Ketua <Contoh> & Rekan" in last_page
    # The signature never stands alone on a page: the last row stands above it.
    assert "Peserta Contoh 00177" in last_page


def rows_per_page(pdf: bytes) -> list[list[int]]:
    """Row numbers printed on each page (those of its signature places)."""
    return [[int(n) for n in re.findall(r"(\d+)\. \.{4}", page)] for page in pdf_pages_text(pdf)]


def test_a_list_in_parts_breaks_its_pages_where_one_pass_does(tebo_event_full):
    """No half-empty page where one part ends: parts are runs of whole pages."""
    one_pass = build_document("daftar-hadir", event=tebo_event_full, blank=True)
    in_parts = build_document(
        "daftar-hadir",
        event=tebo_event_full,
        blank=True,
        chunk_size=40,
        parallel_from=0,
        workers=2,
    )
    assert rows_per_page(in_parts.pdf) == rows_per_page(one_pass.pdf)
    assert in_parts.pages == one_pass.pages


NAMES = [
    "Siti",
    "Drs. H. Muhammad Abdurrahman Wahid Saputra, S.H., M.H.",
    "WIWIK WULANDARI MAWADDAH WARAHMAH",
    "Raden Ayu Kusumawardhani-Mangkunegoro",
    "Prof. Dr. Ir. Hj. Raden Ayu Kusumawardhani Mangkunegoro, M.Sc., Ph.D.",
    "A" * 80,
    "Darmawan Gunawan, S.Ag.",
]
POSITIONS = [
    "Staf",
    "Anggota PPK Divisi Sosdiklih, Parmas dan SDM",
    "Anggota PPS Divisi Teknis Penyelenggaraan/Perencanaan/Data dan Informasi",
    "Anggota PPK Divisi Teknis Penyelenggaraan, Perencanaan, Data dan Informasi",
    "Sekretaris PPS",
]
UNITS = ["KPU Kabupaten Tebo", "PPS Desa Sungai Keruh, Kec. Tebo Tengah", "PPK Kec. VII Koto Ilir"]
KOP = {
    "line1": "PANITIA PEMILIHAN KECAMATAN",
    "line2": "KECAMATAN LIMBUR LUBUK MENGKUANG",  # wraps beside the logo
    "address": "Jalan Lintas Tebo - Bungo KM 3, Kelurahan Sungai Bengkal, Kecamatan Tebo Ilir, "
    "Kabupaten Tebo, Provinsi Jambi 37571",
    "contact": "Telepon (0744) 21000  Pos-el kab.tebo@kpu.go.id  Laman kab-tebo.kpu.go.id",
    "logo": "img/logo-kpu.svg",
}
SIGNATURE = {
    "place": "Tebo",
    "date": "11 November 2024",
    "title": "KETUA KOMISI PEMILIHAN UMUM KABUPATEN TEBO",
    "name": NAMES[4],  # three lines in bold
}


def attendance_context(rows: list[dict], *, paper: str, last: bool) -> dict:
    """A whole daftar hadir context, cut into pages as build() cuts it."""
    from reports.documents.attendance_pages import (
        closing_height,
        columns_for,
        heading_height,
        paginate,
    )

    columns = columns_for(rows[-1]["no"])
    titles = ["DAFTAR HADIR PESERTA", "BIMBINGAN TEKNIS " * 6, "PEMILIHAN BUPATI 2024"]
    meta = ["Senin, 11 November 2024 (hari ke-1)", "GN Hotel Tebo, " + "Jalan Panjang " * 8]
    closing = "Jumlah peserta terdaftar: 120 (seratus dua puluh) orang."
    return {
        "paper": paper,
        "kop": KOP,
        "titles": titles,
        "meta": meta,
        "columns": columns,
        "closing": closing,
        "signature": SIGNATURE,
        "blank": False,
        "first": True,
        "last": last,
        "pages": paginate(
            rows,
            paper=paper,
            columns=columns,
            first_page_used=heading_height(paper=paper, kop=KOP, titles=titles, meta=meta),
            last_page_needs=(
                closing_height(paper=paper, sentence=closing, signature=SIGNATURE) if last else 0
            ),
        ),
    }


def hostile_rows(first: int, count: int = 120) -> list[dict]:
    return [
        {
            "no": n,
            "name": NAMES[n % len(NAMES)],
            "unit": UNITS[n % len(UNITS)],
            "position": POSITIONS[n % len(POSITIONS)],
            "present": True,
            "time": "08.16",
        }
        for n in range(first, first + count)
    ]


@pytest.mark.parametrize(
    ("paper", "first", "count"),
    [("A4", 1, 120), ("F4", 1, 120), ("A4", 9_901, 120), ("F4", 9_901, 120), ("A4", 1, 39)],
)
def test_each_page_holds_exactly_the_rows_put_on_it(paper, first, count):
    """The page cut (attendance_pages) agrees with the layout: rows of 1 to 7 lines, names
    that break at hyphens, slashes or nowhere, a letterhead line that wraps, a closing
    signed by a name of three lines."""
    from reports.pdf import render_pdf_with_pages

    rows = hostile_rows(first, count)
    context = attendance_context(rows, paper=paper, last=True)
    pages = context["pages"]

    def render(pages: list[list[dict]]) -> bytes:
        return render_pdf_with_pages(
            template_name="reports/daftar_hadir.html", context={**context, "pages": pages}
        ).pdf

    pdf = render(pages)
    printed = rows_per_page(pdf)
    assert printed == [[row["no"] for row in page] for page in pages]
    # The closing and its signature stand on the last page, under its last row.
    assert "Jumlah peserta terdaftar" in pdf_pages_text(pdf)[-1]
    # Nothing runs out of its cell: five-digit numbers, "10000. ............ hadir 08.16",
    # 80 letters without a space.
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            # Text closer than 3 pt reads as one word: "10000Siti" if a number overflowed.
            for word in page.extract_words():
                assert not re.search(r"\d[A-Za-z]", word["text"]), word["text"]
            right_margin = page.width - 20 * 72 / 25.4
            body = [c for c in page.chars if c["bottom"] < page.height - 20 * 72 / 25.4]
            assert max(char["x1"] for char in body) <= right_margin + 0.5
    # The pages are full: left to flow as one table, the layout gets at most one row
    # further per page (the estimate only ever errs on the tall side).
    natural = list(itertools.accumulate(len(p) for p in rows_per_page(render([rows]))))
    ours = list(itertools.accumulate(len(page) for page in pages))
    for k, (mine, theirs) in enumerate(zip(ours[:-1], natural, strict=False), start=1):
        assert 0 <= theirs - mine <= k, (ours, natural)


def test_a_part_that_misses_its_plan_is_laid_out_again_as_one_table(
    tebo_event_full, monkeypatch, caplog
):
    """Rows taller than estimated would spill; the list falls back to a flowing table."""
    monkeypatch.setattr("reports.documents.attendance_pages.row_height", lambda row, **_: 5.0)
    for options in ({}, {"chunk_size": 40, "parallel_from": 0, "workers": 2}):
        document = build_document("daftar-hadir", event=tebo_event_full, blank=True, **options)
        numbers = [n for page in rows_per_page(document.pdf) for n in page]
        assert numbers == list(range(1, 178 + 18))  # and the spare rows
        assert "laid out again as one table" in caplog.text
        caplog.clear()


def test_the_list_is_indonesian_whatever_the_staff_members_interface_language(tebo_event_full):
    from django.utils import translation

    Registration.objects.filter(event=tebo_event_full, role="secretariat").update(position="")
    with translation.override("en"):
        text = pdf_text(build_document("daftar-hadir", event=tebo_event_full).pdf)
    assert "Staf sekretariat" in text
    assert "Secretariat staff" not in text
