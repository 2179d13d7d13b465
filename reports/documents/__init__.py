"""The official documents the portal makes, by name.

Each builder is `build(*, event, **options) -> Document`; they are imported
only when asked for, so a document with heavy imports costs nothing to others.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from reports.documents.base import Document, DocumentError

DOCUMENTS: dict[str, str] = {
    "berita-acara": "reports.documents.berita_acara.build",
    "berita-acara-pleno": "reports.documents.berita_acara.build_pleno",
    "daftar-hadir": "reports.documents.daftar_hadir.build",
    "rekapitulasi": "reports.documents.rekapitulasi.build",
    "sertifikat": "reports.documents.sertifikat.build",
    "laporan-partisipasi": "reports.documents.laporan_partisipasi.build",
}

# How the portal names each document to a person (official documents are Indonesian only).
DOCUMENT_TITLES: dict[str, str] = {
    "berita-acara": "Berita Acara Pelaksanaan Bimtek",
    "berita-acara-pleno": "Berita Acara Rapat Pleno",
    "daftar-hadir": "Daftar Hadir Peserta",
    "rekapitulasi": "Rekapitulasi Peserta",
    "sertifikat": "Sertifikat Peserta",
    "laporan-partisipasi": "Laporan Partisipasi",
}


class UnknownDocument(DocumentError):
    pass


# Official documents are Indonesian, whatever language the staff member's interface speaks:
# role names and statuses come from translated choices.
@translation.override("id")
def build_document(name: str, *, event, **options) -> Document:
    try:
        path = DOCUMENTS[name]
    except KeyError:
        raise UnknownDocument(
            _("Unknown document “%(name)s”: choose one of %(known)s.")
            % {"name": name, "known": ", ".join(DOCUMENTS)}
        ) from None
    return import_string(path)(event=event, **options)


__all__ = ["DOCUMENTS", "DOCUMENT_TITLES", "Document", "DocumentError", "build_document"]
