"""What a file is, from its bytes: the name a browser sends proves nothing.

PDF starts with `%PDF-`. PPTX, DOCX and XLSX are Office Open XML: a ZIP holding
`[Content_Types].xml` and the main part of its kind (`ppt/presentation.xml`,
`word/document.xml`, `xl/workbook.xml`) whose content type the manifest names.
"""

import zipfile
from dataclasses import dataclass

MAX_BYTES = 20 * 1024 * 1024  # 20 MB


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
    """The type of an open binary file, or None when it is none of the four."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            manifest = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    finally:
        fileobj.seek(0)
    for part, (kind, content_type) in OOXML_PARTS.items():
        if part in names and content_type in manifest:
            return kind
    return None
