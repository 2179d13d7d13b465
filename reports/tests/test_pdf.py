"""render_pdf: local files only, shipped fonts, paper sizes, parts merged and numbered."""

import io
import os

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from reports import pdf as pdf_module
from reports.pdf import (
    local_fetcher,
    page_number_overlay,
    render_parts,
    render_pdf,
    render_pdf_chunked,
    static_base_url,
)
from reports.tests.factories import pdf_pages_text

KOP = {
    "line1": "KOMISI PEMILIHAN UMUM",
    "line2": "KABUPATEN TEBO",
    "address": "Jl. Contoh",
    "contact": "Telepon 0744",
    "logo": "img/logo-kpu.svg",
}


def fonts_of(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_it_renders_the_kop_with_the_shipped_fonts_embedded():
    pdf = render_pdf(template_name="reports/_layout.html", context={"kop": KOP, "paper": "A4"})
    assert pdf.startswith(b"%PDF")
    text = pdf_pages_text(pdf)[0]
    assert "KOMISI PEMILIHAN UMUM" in text and "KABUPATEN TEBO" in text
    assert "Halaman 1 dari 1" in text
    assert {"Doc-Serif", "Doc-Serif-Bold"} <= fonts_of(pdf)


@pytest.mark.parametrize(("paper", "size_mm"), [("A4", (210, 297)), ("F4", (215, 330))])
def test_it_sets_the_paper_size(paper, size_mm):
    pdf = render_pdf(template_name="reports/_layout.html", context={"kop": KOP, "paper": paper})
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == size_mm


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/x.css",
        "HTTP://example.com/x.css",
        "file:///etc/passwd",
        "FILE:///etc/hostname",
        "File:///etc/hostname",
        "fIlE://localhost/etc/hostname",
        "file:/etc/hostname",
    ],
)
def test_the_fetcher_refuses_the_network_and_files_outside_the_document_folders(url):
    with pytest.raises(ValueError):
        local_fetcher().fetch(url)


def test_the_fetcher_reads_the_static_files():
    response = local_fetcher().fetch(static_base_url() + "reports/print.css")
    assert response is not None


def test_the_fetcher_reads_the_static_files_whatever_the_schemes_case():
    url = "FILE:" + static_base_url().removeprefix("file:") + "reports/print.css"
    assert local_fetcher().fetch(url) is not None


def test_the_overlay_numbers_its_window_of_the_total():
    pages = pdf_pages_text(page_number_overlay(first=41, count=3, total=90, paper="A4"))
    assert [" ".join(p.split()) for p in pages] == [f"Halaman {i} dari 90" for i in (41, 42, 43)]


def test_parts_are_merged_in_order_and_numbered_across(settings):
    rows = [{"no": n, "name": f"Orang {n}", "unit": "U", "position": "P"} for n in range(1, 121)]
    parts = [rows[i : i + 30] for i in range(0, 120, 30)]

    def context(index, count):
        return {
            "paper": "A4",
            "kop": KOP if index == 0 else None,
            "event": {"title": "Uji"},
            "pages": [parts[index]],
            "blank": True,
            "first": index == 0,
            "last": index == count - 1,
            "date_long": "Senin, 11 November 2024",
            "day_number": 1,
        }

    result = render_pdf_chunked(
        template_name="reports/daftar_hadir.html",
        chunk_context=context,
        chunks=4,
        paper="A4",
        workers=2,
    )
    pages = pdf_pages_text(result.pdf)
    assert len(pages) == result.pages > 4
    for index, page in enumerate(pages, start=1):
        assert page.count(f"Halaman {index} dari {result.pages}") == 1
    text = " ".join(" ".join(pages).split())
    positions = [text.index(f"Orang {n} ") for n in range(1, 121)]
    assert positions == sorted(positions)


def test_progress_is_reported_as_parts_finish():
    rows = [{"no": n, "name": f"Orang {n}", "unit": "U", "position": "P"} for n in range(1, 31)]
    calls = []

    def context(index, count):
        return {"paper": "A4", "pages": [rows[index * 10 : index * 10 + 10]], "blank": True}

    render_pdf_chunked(
        template_name="reports/daftar_hadir.html",
        chunk_context=context,
        chunks=3,
        paper="A4",
        workers=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_the_html_of_a_long_document_is_made_as_the_workers_need_it(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module, "IN_FLIGHT_PER_WORKER", 1)
    made, ahead = [], []
    html = render_to_string("reports/_layout.html", {"kop": KOP, "paper": "A4"})

    def htmls():
        for _ in range(6):
            made.append(1)
            yield html

    def progress(done, total):
        ahead.append(len(made) - done)

    parts = render_parts(htmls(), folder=tmp_path, count=6, workers=2, progress=progress)

    assert len(parts) == 6 and len(made) == 6
    assert all(path.read_bytes().startswith(b"%PDF") and pages == 1 for path, pages in parts)
    # Two in the workers' hands (one each) at most, never the whole document.
    assert max(ahead) <= 2


def test_the_worker_count_follows_the_setting_and_never_exceeds_the_cores(settings):
    from reports.pdf import worker_count

    settings.BIMTEK_PDF_WORKERS = 1
    assert worker_count() == 1
    settings.BIMTEK_PDF_WORKERS = 64
    assert worker_count() == len(os.sched_getaffinity(0))
    settings.BIMTEK_PDF_WORKERS = None
    assert worker_count() == len(os.sched_getaffinity(0))
