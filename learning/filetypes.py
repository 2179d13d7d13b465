"""What a file is, from its bytes: the name a browser sends proves nothing.

PDF starts with `%PDF-`. PPTX, DOCX and XLSX are Office Open XML: a ZIP holding
`[Content_Types].xml` and the main part of its kind (`ppt/presentation.xml`,
`word/document.xml`, `xl/workbook.xml`) whose content type the manifest names.

A ZIP is judged from its central directory, without inflating it (issue #17 finding 7:
a 408 KB "DOCX" whose manifest inflated to 800 MB took a worker from 101 MB to
921 MB): the entry count, the sizes the entries declare and their compression ratio.
Then only the first MANIFEST_BYTES of the manifest are inflated, whatever its entry
declares (zipfile stops an entry at its declared size).
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.checks import Error

MAX_BYTES = 20 * 1024 * 1024  # 20 MB
# What the rest of the event's admin page may add to the request around one material.
FORM_ROOM_BYTES = 1024 * 1024

# What an Office file may inflate to. A 20 MB deck of photos stays near 20 MB (images
# are stored as they are); its XML packs 5-20 times. Deflate cannot pack more than
# about 1,000 times: a ratio past MAX_RATIO is a bomb, not a document.
MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 5000
MANIFEST_BYTES = 200_000


class InflatesTooMuch(ValueError):
    """A ZIP whose entries would inflate past MAX_INFLATED_BYTES (or MAX_RATIO, or
    with more than MAX_ENTRIES entries): refused whatever it holds."""

    def __init__(self, inflated: int):
        super().__init__(f"declares {inflated} bytes once unpacked")
        self.inflated = inflated


@dataclass(frozen=True)
class FileType:
    code: str  # "pdf", also the extension given to downloads
    mime: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
)
PPTX = FileType(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint",
)
XLSX = FileType(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
TYPES = {t.code: t for t in (PDF, DOCX, PPTX, XLSX)}

# The main part of each OOXML kind, and the content type its manifest gives it
# (".main+xml"; a macro-enabled or template variant has another one and is refused).
OOXML_PARTS = {
    "word/document.xml": (DOCX, "wordprocessingml.document.main+xml"),
    "ppt/presentation.xml": (PPTX, "presentationml.presentation.main+xml"),
    "xl/workbook.xml": (XLSX, "spreadsheetml.sheet.main+xml"),
}


def detect(fileobj) -> FileType | None:
    """The type of an open binary file, or None when it is none of the four.

    Raises InflatesTooMuch for a ZIP that would unpack past the limits."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(fileobj) as archive:
            _check_unpacked_size(archive.infolist())
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as entry:
                manifest = entry.read(MANIFEST_BYTES).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        fileobj.seek(0)
    for part, (kind, content_type) in OOXML_PARTS.items():
        if part in names and content_type in manifest:
            return kind
    return None


def _check_unpacked_size(entries: list[zipfile.ZipInfo]) -> None:
    """Refuse from the central directory alone: nothing is inflated here."""
    inflated = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES or inflated > MAX_INFLATED_BYTES:
        raise InflatesTooMuch(inflated)
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * entry.compress_size:
            raise InflatesTooMuch(inflated)


def request_limit_fits_a_material(app_configs=None, **kwargs):
    """System check: a request may carry one material of MAX_BYTES. Below that a material
    the form accepts would be refused with the 413 page (issue #17 finding 9: "up to
    20 MB" was refused above 10 MB)."""
    limit = settings.BIMTEK_MAX_REQUEST_BYTES
    if limit >= MAX_BYTES + FORM_ROOM_BYTES:
        return []
    return [
        Error(
            f"BIMTEK_MAX_REQUEST_MB ({limit / 1024 / 1024:g}) is below a material's limit "
            f"({MAX_BYTES // 1024 // 1024} MB) and the room its form needs.",
            hint="Set BIMTEK_MAX_REQUEST_MB to 21 or more (default 25).",
            id="learning.E001",
        )
    ]
