"""One PDF out of many, written part after part, with "Halaman X dari Y" stamped on.

A long document (the whole country's daftar hadir: 76,500 rows, 1,600 pages)
is laid out in parts, each its own PDF file. pypdf's PdfWriter held every page
of every part, its merge_page decoded every content stream and wrote it back
uncompressed (ten times the parts' size), into a BytesIO copied out whole: the
memory grew with the rows (1,049 MB for the country). Here each part is read,
stamped and written out alone; all that stays in memory is an offset per
object written and a number per page.

The page numbers are stamped per part: each page gets a small form XObject
(the page of an overlay document that carries only its number, laid out by
WeasyPrint with the documents' own @page rules) drawn after its own content.
The page's content streams are copied as they are, never decoded.

This module knows nothing of Django: the overlay is handed in as a function.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

# Overlay pages laid out at once: one WeasyPrint pass per window instead of one per
# part (a pass costs about as much for 1 page as for 50), and never the whole document's.
STAMP_WINDOW = 200
STAMP_NAME = NameObject("/BimtekHalaman")

# (first page number, pages) -> PDF bytes of that many pages numbered from `first`.
Overlay = Callable[[int, int], bytes]


class StreamingPdfWriter:
    """Writes pages of other PDFs to `out` as they come, renumbering their objects.

    Objects are found from each page (everything it refers to, but not its old
    /Parent) and written once per source document; `forget(reader)` drops what
    is known of a source once none of its objects can be met again.
    """

    def __init__(self, out: BinaryIO):
        self.out = out
        self.offsets: list[int | None] = [None]  # by object number; 0 is the free head
        self.pages: list[int] = []
        self.info: DictionaryObject | None = None
        self._numbers: dict[int, dict[tuple[int, int], int]] = {}  # id(reader) -> its objects
        self._sources: dict[int, object] = {}  # kept alive while numbered: ids stay unique
        self._pending: list[tuple[int, PdfObject]] = []
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.root = self._new_number()

    def add_pages(self, pages: list[PageObject]) -> None:
        # Numbered before any is written: a link on one page may name another. Not
        # queued: a page is written from its PageObject (stamped, flattened), not from
        # the reader's copy the reference leads to.
        numbers = [self._number_of(page.indirect_reference, write=False) for page in pages]
        for number, page in zip(numbers, pages, strict=True):
            self._begin(number)
            self.out.write(b"<<\n/Parent %d 0 R\n" % self.root)
            for key, value in page.items():
                if key != "/Parent":
                    key.write_to_stream(self.out)
                    self.out.write(b" ")
                    self._write_value(value)
                    self.out.write(b"\n")
            self.out.write(b">>\nendobj\n")
            self.pages.append(number)
        self._drain()

    def add_object(self, value: PdfObject) -> IndirectObject:
        """A new object of our own (a stream must be indirect); written with the next page."""
        number = self._new_number()
        self._pending.append((number, value))
        return IndirectObject(number, 0, self)

    def forget(self, reader: object) -> None:
        self._drain()
        self._numbers.pop(id(reader), None)
        self._sources.pop(id(reader), None)

    def close(self) -> None:
        """The page tree, catalog, information, cross-reference table and trailer."""
        self._drain()
        self._begin(self.root)
        kids = b" ".join(b"%d 0 R" % number for number in self.pages)
        self.out.write(
            b"<< /Type /Pages /Count %d /Kids [%s] >>\nendobj\n" % (len(self.pages), kids)
        )
        info = self.add_object(self.info) if self.info is not None else None
        catalog = self._new_number()
        self._drain()
        self._begin(catalog)
        self.out.write(b"<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % self.root)
        xref = self.out.tell()
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for offset in self.offsets[1:]:
            self.out.write(b"%010d 00000 n \n" % offset)
        self.out.write(b"trailer\n<< /Size %d /Root %d 0 R" % (len(self.offsets), catalog))
        if info is not None:
            self.out.write(b" /Info %d 0 R" % info.idnum)
        self.out.write(b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)

    # --- Objects

    def _new_number(self) -> int:
        self.offsets.append(None)
        return len(self.offsets) - 1

    def _number_of(self, reference: IndirectObject, *, write: bool = True) -> int:
        if reference.pdf is self:
            return reference.idnum
        source = reference.pdf
        known = self._numbers.setdefault(id(source), {})
        self._sources[id(source)] = source
        key = (reference.idnum, reference.generation)
        if key not in known:
            known[key] = self._new_number()
            if write:
                self._pending.append((known[key], reference))
        return known[key]

    def _begin(self, number: int) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(b"%d 0 obj\n" % number)

    def _drain(self) -> None:
        while self._pending:
            number, value = self._pending.pop()
            self._begin(number)
            self._write_value(value.get_object() if isinstance(value, IndirectObject) else value)
            self.out.write(b"\nendobj\n")

    def _write_value(self, value: PdfObject) -> None:
        out = self.out
        if isinstance(value, IndirectObject):
            out.write(b"%d 0 R" % self._number_of(value))
        elif isinstance(value, DictionaryObject):
            # A stream's _data is its bytes as stored (still encoded when read from a file),
            # which is what StreamObject.write_to_stream itself writes.
            data = value._data if isinstance(value, StreamObject) else None
            out.write(b"<<\n")
            for key, item in value.items():
                if data is not None and key == "/Length":
                    continue
                key.write_to_stream(out)
                out.write(b" ")
                self._write_value(item)
                out.write(b"\n")
            if data is not None:
                out.write(b"/Length %d\n>>\nstream\n" % len(data))
                out.write(data)
                out.write(b"\nendstream")
            else:
                out.write(b">>")
        elif isinstance(value, ArrayObject):
            out.write(b"[")
            for item in value:
                out.write(b" ")
                self._write_value(item)
            out.write(b" ]")
        else:
            value.write_to_stream(out)


class PageNumbers:
    """The overlay pages "Halaman 1 dari N" to "Halaman N dari N", laid out a window at a time."""

    def __init__(self, *, total: int, overlay: Overlay, writer: StreamingPdfWriter):
        self.total, self.overlay, self.writer = total, overlay, writer
        self._pages = self._all()
        # The stream drawn after each page's content; the same for every page (the
        # stamp's name is), so it is written once.
        self._draw = writer.add_object(_stream(b"\nQ\nq " + STAMP_NAME.encode() + b" Do Q\n"))
        self._save = writer.add_object(_stream(b"q\n"))

    def _all(self) -> Iterator[PageObject]:
        for first in range(1, self.total + 1, STAMP_WINDOW):
            reader = PdfReader(
                io.BytesIO(self.overlay(first, min(STAMP_WINDOW, self.total - first + 1)))
            )
            yield from reader.pages
            # Every page of this window is stamped; forget writes what they drew from it.
            self.writer.forget(reader)

    def stamp(self, page: PageObject) -> None:
        """Draws the next page number over `page` (changed in place, before it is written)."""
        overlay = next(self._pages, None)
        if overlay is None:
            raise ValueError(f"more pages than the {self.total} to number")
        form = DecodedStreamObject()
        form.set_data(overlay.get_contents().get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(overlay.mediabox),
                NameObject("/Resources"): overlay.raw_get("/Resources"),
            }
        )
        resources = DictionaryObject(page["/Resources"].get_object())
        xobjects = resources.get("/XObject")
        xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
        xobjects[STAMP_NAME] = self.writer.add_object(form.flate_encode())
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.raw_get("/Contents")  # the reference: a stream is never direct
        original = list(contents) if isinstance(contents, ArrayObject) else [contents]
        # q ... Q: whatever state the page's own content leaves, the stamp starts clean.
        page[NameObject("/Contents")] = ArrayObject([self._save, *original, self._draw])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def join_pdf_files(
    parts: Iterable[Path],
    *,
    out: BinaryIO,
    total: int | None = None,
    overlay: Overlay | None = None,
) -> int:
    """Writes the parts' pages in order to `out`; returns the number of pages.

    With `total` and `overlay`, page k is stamped with the overlay's page
    "Halaman k dari total". The information dictionary (title, author) is the
    first part's. Each part file is read alone and deleted once written.
    """
    writer = StreamingPdfWriter(out)
    numbers = PageNumbers(total=total, overlay=overlay, writer=writer) if overlay else None
    for path in parts:
        reader = PdfReader(path)
        if writer.info is None and reader.trailer.get("/Info") is not None:
            writer.info = DictionaryObject(reader.trailer["/Info"].get_object())
        pages = list(reader.pages)
        if numbers is not None:
            for page in pages:
                numbers.stamp(page)
        writer.add_pages(pages)
        writer.forget(reader)
        del pages, reader
        path.unlink()
    if total is not None and len(writer.pages) != total:
        raise ValueError(f"{len(writer.pages)} pages joined, {total} expected")
    writer.close()
    return len(writer.pages)
