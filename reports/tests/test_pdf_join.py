"""Long documents joined part after part: every page kept, in order, numbered across."""

import io

import pytest
from pypdf import PdfReader

from reports import pdf as pdf_module
from reports import pdf_join
from reports.pdf import PdfFile, pdf_stream, render_parts_joined, render_pdf_chunked
from reports.tests.factories import pdf_pages_text

ROWS = [{"no": n, "name": f"Orang {n}", "unit": "U", "position": "P"} for n in range(1, 151)]


def three_parts(index, count):
    """Daftar hadir parts of 50 rows: two pages each, the last part's with the signatures."""
    rows = ROWS[index * 50 : index * 50 + 50]
    return {
        "paper": "A4",
        "event": {"title": "Uji"},
        "pages": [rows[:25], rows[25:]],
        "blank": True,
        "first": index == 0,
        "last": index == count - 1,
        "date_long": "Senin, 11 November 2024",
        "day_number": 1,
        "title": "Daftar Hadir Uji",
    }


def joined(**tuning):
    return render_pdf_chunked(
        template_name="reports/daftar_hadir.html",
        chunk_context=three_parts,
        chunks=3,
        paper="A4",
        **tuning,
    )


def assert_numbered_in_order(pdf: bytes, pages: int):
    reader = PdfReader(io.BytesIO(pdf), strict=True)  # a wrong offset or count raises
    assert len(reader.pages) == pages >= 6
    texts = pdf_pages_text(pdf)
    for number, text in enumerate(texts, start=1):
        assert text.count(f"Halaman {number} dari {pages}") == 1, (number, text[-80:])
    text = " ".join(" ".join(texts).split())
    positions = [text.index(f"Orang {n} ") for n in range(1, 151)]
    assert positions == sorted(positions)


def test_a_three_part_document_keeps_every_page_in_order_with_its_number():
    result = joined(workers=1)
    assert isinstance(result.pdf, bytes)
    assert_numbered_in_order(result.pdf, result.pages)


def test_a_long_document_stays_a_file_numbered_across_overlay_windows(monkeypatch):
    # A window of 4 overlay pages: numbering windows change in the middle of parts.
    monkeypatch.setattr(pdf_join, "STAMP_WINDOW", 4)
    monkeypatch.setattr(pdf_module, "IN_MEMORY_BYTES", 0)
    result = joined(workers=2)
    assert isinstance(result.pdf, PdfFile)
    path = result.pdf.path
    with pdf_stream(result.pdf) as stream:
        assert stream.read(5) == b"%PDF-"
    assert_numbered_in_order(bytes(result.pdf), result.pages)
    # The title of the first part is the document's.
    assert PdfReader(path).metadata.title == "Daftar Hadir Uji"
    del result
    assert not path.exists()


def test_parts_joined_without_numbers_keep_their_pages(tmp_path):
    html = "<html><body><p>Sertifikat {n}</p></body></html>"
    result = render_parts_joined((html.format(n=n) for n in range(1, 4)), count=3, workers=1)
    assert [" ".join(t.split()) for t in pdf_pages_text(result.pdf)] == [
        f"Sertifikat {n}" for n in range(1, 4)
    ]


def test_a_part_missing_pages_fails_the_join(tmp_path):
    part = tmp_path / "part.pdf"
    part.write_bytes(pdf_module.html_to_pdf("<p>Satu</p>").pdf)
    with pytest.raises(ValueError):
        pdf_join.join_pdf_files([part], out=io.BytesIO(), total=2, overlay=None)
