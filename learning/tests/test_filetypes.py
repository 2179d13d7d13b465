import io
import os
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning import filetypes
from learning.forms import MaterialForm
from learning.tests.factories import MINIMAL_PDF, ooxml_bytes


@pytest.mark.parametrize("kind", ["docx", "pptx", "xlsx"])
def test_office_files_are_known_by_their_zip_parts(kind):
    assert filetypes.detect(io.BytesIO(ooxml_bytes(kind))).code == kind


def test_a_pdf_is_known_by_its_header():
    assert filetypes.detect(io.BytesIO(MINIMAL_PDF)) is filetypes.PDF


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 an executable renamed to .pdf",
        b"<html><script>alert(1)</script></html>",
        ooxml_bytes("docx", manifest=False),  # a ZIP, but no [Content_Types].xml
        b"PK\x03\x04 but not really a zip",
        b"",
    ],
)
def test_anything_else_is_unknown_whatever_its_name(content):
    assert filetypes.detect(io.BytesIO(content)) is None


def _form(name: str, content: bytes, **data):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return MaterialForm(data={"title": "Paparan", "order": 1, **data}, files={"file": upload})


@pytest.mark.django_db
def test_the_form_refuses_a_file_named_pdf_that_is_not_one_with_an_indonesian_message():
    form = _form("paparan.pdf", b"MZ\x90\x00 not a pdf")

    assert not form.is_valid()
    assert "bukan dokumen PDF, PowerPoint (PPTX), Word (DOCX) atau Excel (XLSX)" in str(
        form.errors["file"]
    )


@pytest.mark.django_db
def test_the_form_refuses_a_file_over_20_mb(settings):
    form = _form("besar.pdf", MINIMAL_PDF + b"0" * (20 * 1024 * 1024))

    assert not form.is_valid()
    assert "paling besar 20 MB" in str(form.errors["file"])


@pytest.mark.django_db
def test_the_download_name_takes_the_extension_of_the_content_not_of_the_upload():
    form = _form("paparan sesi 1.pdf", ooxml_bytes("pptx"))

    assert form.is_valid(), form.errors
    assert form.instance.file_type == "pptx"
    assert form.instance.file_name == "paparan sesi 1.pptx"


def _bomb(megabytes: int) -> bytes:
    """A "DOCX" whose manifest inflates to `megabytes` MB of spaces (about 1/1000 packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("[Content_Types].xml", "w", force_zip64=True) as entry:
            entry.write(
                b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.'
                b'wordprocessingml.document.main+xml"/></Types>'
            )
            chunk = b" " * (1024 * 1024)
            for _n in range(megabytes):
                entry.write(chunk)
        archive.writestr("word/document.xml", "<xml/>")
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_without_being_inflated():
    bomb = _bomb(210)
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(filetypes.InflatesTooMuch):
            filetypes.detect(io.BytesIO(bomb))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024  # inflating the manifest took 210 MB


def test_a_small_entry_packed_past_the_ratio_is_refused():
    with pytest.raises(filetypes.InflatesTooMuch):
        filetypes.detect(io.BytesIO(_bomb(5)))


def test_too_many_entries_are_refused(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_ENTRIES", 3)
    buffer = io.BytesIO(ooxml_bytes("docx"))
    with zipfile.ZipFile(buffer, "a") as archive:
        for n in range(3):
            archive.writestr(f"word/media/{n}.xml", "<x/>")
    with pytest.raises(filetypes.InflatesTooMuch):
        filetypes.detect(io.BytesIO(buffer.getvalue()))


def test_an_ordinary_office_file_inflating_within_the_limits_is_accepted():
    buffer = io.BytesIO(ooxml_bytes("pptx"))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ppt/media/foto.jpg", os.urandom(2 * 1024 * 1024))
    assert filetypes.detect(io.BytesIO(buffer.getvalue())) is filetypes.PPTX


@pytest.mark.django_db
def test_the_form_refuses_a_zip_bomb_with_an_indonesian_message():
    form = _form("laporan.docx", _bomb(210))

    assert not form.is_valid()
    assert "akan mengembang menjadi 210,0 MB saat dibuka" in str(form.errors["file"])
