"""The official documents the portal makes: one `DocumentSpec` each, in `DOCUMENTS`.

Adding a document is one spec, one template and one data builder:

1. A data builder in `reports/documents/<name>.py`::

       def data(*, event, paper: str, numbering: NumberRequest | None = None, **options) -> dict:

   It reads what it prints through selectors (pin its query count in a test),
   checks everything that can refuse the document (raise `DocumentError` with
   an Indonesian message), and only then, if the document is numbered, calls
   `numbering.resolve(year=...)` once: that may take a number from the
   register. It returns the template's context; `kop_context`,
   `chair_signature` and the words of `reports.words` are in `base`.
   Each option it takes arrives as a keyword: `paper` (always "A4" or "F4",
   cleaned) when the spec offers more than one paper, `numbering` when it is
   numbered, and the spec's `options`, uncleaned (use `base.clean_date`,
   `daftar_hadir.clean_day`).

2. A template `templates/reports/<name>.html` extending `reports/_layout.html`
   (kop surat, paper size, "Halaman X dari Y"); `reports/_draft_mark.html`
   marks a draft.

3. A `DocumentSpec` in `SPECS` below: slug, Indonesian title, template, the data
   builder's dotted path, the file name pattern, its options, and as needed the
   number's type code (`DocumentNumber.DocType`) and proposed classification,
   the papers it comes on, a background rule, an XLSX writer, date defaults.
   See `reports.documents.spec.DocumentSpec` for every field.

The print page (one card per spec, its form from `reports.forms`), render_document
(its flags checked against the spec), the background worker and the number
register's titles all read the spec; nothing else needs a change.

Options a document may take are those of `spec.OPTIONS` (day, blank, date,
signed_on, registration, per_kecamatan, area); a new kind of option needs
a field in `reports.forms.DocumentOptionsForm` and a flag in render_document.
A numbered document's number is chosen as a `reports.numbering.NumberMode`
(REPRINT, DRAFT, NEW, MANUAL) on the page or the command line and reaches
`document_number_resolve` unchanged, through `NumberRequest.resolve`. An XLSX
writer (`spec.xlsx`) takes the data builder's context and returns the
workbook's bytes (`spj.workbook` writes one sheet with a total row).

Example, the surat undangan::

    DocumentSpec(
        slug="undangan",
        title="Surat Undangan",
        template="reports/undangan.html",
        data="reports.documents.undangan.data",
        filename="surat-undangan-{office}-{event.slug}{per}.pdf",
        options=("signed_on", "per_kecamatan"),
        number_type=DocType.UND,
        date_defaults={"signed_on": Facts.PRINTED},
    )
"""

from __future__ import annotations

import dataclasses

from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from reports.documents.base import (
    Document,
    DocumentError,
    clean_paper,
    office_short_slug,
)
from reports.documents.dates import Facts
from reports.documents.spec import (
    CLASSIFICATION_PLENARY,
    NUMBER_OPTIONS,
    DocumentSpec,
    NumberRequest,
)
from reports.models import DocumentNumber
from reports.numbering import NumberMode, document_numbers_current

DocType = DocumentNumber.DocType
M = "reports.documents."

_UANG_TRANSPORT = DocumentSpec(
    slug="uang-transport",
    title="Daftar Penerimaan Uang Transport",
    template="reports/uang_transport.html",
    data=M + "uang_transport.data",
    filename="uang-transport-hari-{day_number}-{office}-{date:%Y-%m-%d}.pdf",
    options=("day",),
    xlsx=M + "uang_transport.xlsx",
)
_HONORARIUM = DocumentSpec(
    slug="honorarium",
    title="Daftar Penerimaan Honorarium Narasumber",
    template="reports/honorarium.html",
    data=M + "honorarium.data",
    filename="honorarium-narasumber-{office}-{event.slug}.pdf",
    options=("signed_on",),
    xlsx=M + "honorarium.xlsx",
    date_defaults={"signed_on": Facts.EVENT_HELD},
)


def _non_cash(spec: DocumentSpec, *, what: str, filename: str) -> DocumentSpec:
    """The "non tunai" variant of a payment list: the same list, template, options and
    spreadsheet, with each recipient's bank, account number and holder in place of the
    signature column, for a transfer. Its data builder is the list's `data_non_cash`."""
    return dataclasses.replace(
        spec,
        slug=f"{spec.slug}-non-tunai",
        title=f"Daftar Nominatif Pembayaran Non Tunai {what}",
        data=f"{spec.data}_non_cash",
        filename=filename,
    )


SPECS = (
    DocumentSpec(
        slug="berita-acara",
        title="Berita Acara Pelaksanaan Bimtek",
        template="reports/berita_acara.html",
        data=M + "berita_acara.data",
        filename="berita-acara-bimtek-{office}-{day:%Y-%m-%d}.pdf",
        options=("date",),
        number_type=DocType.BA,
        date_defaults={"date": Facts.EVENT_HELD},
    ),
    DocumentSpec(
        slug="berita-acara-pleno",
        title="Berita Acara Rapat Pleno",
        template="reports/berita_acara_pleno.html",
        data=M + "berita_acara.data_pleno",
        filename="berita-acara-pleno-{office}-{event.plenary_date:%Y-%m-%d}.pdf",
        number_type=DocType.BA,
        classification=CLASSIFICATION_PLENARY,
        recorded_number=M + "berita_acara.plenary_number",
    ),
    DocumentSpec(
        slug="daftar-hadir",
        title="Daftar Hadir Peserta",
        template="reports/daftar_hadir.html",
        data=M + "daftar_hadir.data",
        filename="daftar-hadir-hari-{day_number}{kind}-{office}{area}-{date:%Y-%m-%d}.pdf",
        options=("day", "blank", "area"),
        progress=True,
        render=M + "daftar_hadir.render",
    ),
    DocumentSpec(
        slug="rekapitulasi",
        title="Rekapitulasi Peserta",
        template="reports/rekapitulasi.html",
        data=M + "rekapitulasi.data",
        filename="rekapitulasi-peserta-{office}-{event.first_day:%Y-%m-%d}.pdf",
    ),
    DocumentSpec(
        slug="sertifikat",
        title="Sertifikat Peserta",
        template="reports/sertifikat.html",
        data=M + "sertifikat.data",
        filename="sertifikat-{event.slug}{person}.pdf",
        options=("registration",),
        papers=("A4",),  # landscape, laid out for A4 only
        background=M + "sertifikat.all_certificates",
        progress=True,
        render=M + "sertifikat.render",
    ),
    DocumentSpec(
        slug="laporan-partisipasi",
        title="Laporan Partisipasi",
        template="reports/laporan_partisipasi.html",
        data=M + "laporan_partisipasi.data",
        filename="laporan-partisipasi-{office}-{event.slug}.pdf",
        options=("signed_on",),
        number_type=DocType.LP,
        date_defaults={"signed_on": Facts.TURNOUT_KNOWN},
    ),
    DocumentSpec(
        slug="laporan-evaluasi",
        title="Laporan Evaluasi",
        template="reports/laporan_evaluasi.html",
        data=M + "laporan_evaluasi.data",
        filename="laporan-evaluasi-{office}-{event.slug}.pdf",
        options=("signed_on",),
        date_defaults={"signed_on": Facts.EVENT_HELD},
    ),
    DocumentSpec(
        slug="undangan",
        title="Surat Undangan",
        template="reports/undangan.html",
        data=M + "undangan.data",
        filename="surat-undangan-{office}-{event.slug}{per}.pdf",
        options=("signed_on", "per_kecamatan"),
        number_type=DocType.UND,
        date_defaults={"signed_on": Facts.PRINTED},
    ),
    _UANG_TRANSPORT,
    _HONORARIUM,
    _non_cash(
        _UANG_TRANSPORT,
        what="Uang Transport",
        filename="uang-transport-non-tunai-hari-{day_number}-{office}-{date:%Y-%m-%d}.pdf",
    ),
    _non_cash(
        _HONORARIUM,
        what="Honorarium Narasumber",
        filename="honorarium-narasumber-non-tunai-{office}-{event.slug}.pdf",
    ),
)
DOCUMENTS: dict[str, DocumentSpec] = {spec.slug: spec for spec in SPECS}
# Options of the renderers of long documents (tests and the benchmark tune them).
TUNING = ("chunk_size", "parallel_from", "workers")


class UnknownDocument(DocumentError):
    pass


def spec_for(slug: str) -> DocumentSpec:
    try:
        return DOCUMENTS[slug]
    except KeyError:
        raise UnknownDocument(
            _("Unknown document “%(name)s”: choose one of %(known)s.")
            % {"name": slug, "known": ", ".join(DOCUMENTS)}
        ) from None


def document_title(slug: str) -> str:
    spec = DOCUMENTS.get(slug)
    return spec.title if spec else slug


# Official documents are Indonesian, whatever language the staff member's interface speaks:
# role names and statuses come from translated choices.
@translation.override("id")
def build_document(
    slug: str,
    *,
    event,
    actor=None,
    number_mode: NumberMode | str = NumberMode.REPRINT,
    number: str | None = None,
    classification: str | None = None,
    progress=None,
    format: str = "pdf",  # the option's name on the page and the command
    **options,
) -> Document:
    """Makes document `slug` of `event` as its spec says.

    `options` are the spec's (anything else is refused, naming it); `paper`
    is cleaned here. A numbered document's data builder gets a
    `NumberRequest` of `number_mode`, `number` and `classification`; for any
    other document asking for a number is refused. `format="xlsx"` writes the
    spec's spreadsheet instead of the PDF.
    """
    spec = spec_for(slug)
    tuning = {key: options.pop(key) for key in TUNING if key in options}
    _clean_options(spec, event=event, format=format, options=options)
    if spec.numbered:
        options["numbering"] = NumberRequest(
            spec=spec,
            event=event,
            mode=NumberMode(number_mode),
            number=(number or "").strip(),
            classification=(classification or "").strip(),
            actor=actor,
        )
    elif number or classification or NumberMode(number_mode) != NumberMode.REPRINT:
        raise DocumentError(_("The %(document)s carries no number.") % {"document": spec.title})
    context = import_string(spec.data)(event=event, **options)
    if spec.numbered and options["numbering"].resolved is None:
        raise RuntimeError(f"{spec.data} did not resolve the document's number")
    filename = spec.filename.format(**{**context, "office": office_short_slug(event.organiser)})
    if format == "xlsx":
        workbook = import_string(spec.xlsx)(context)
        return Document(
            filename=filename.removesuffix(".pdf") + ".xlsx",
            pdf=workbook,
            pages=0,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if spec.render:
        rendered = import_string(spec.render)(context, progress=progress, **tuning)
    else:
        from reports.pdf import render_pdf_with_pages

        rendered = render_pdf_with_pages(template_name=spec.template, context=context)
    return Document(filename=filename, pdf=rendered.pdf, pages=rendered.pages)


def _clean_options(spec, *, event, format: str, options: dict) -> None:
    """Refuse an option or format the document does not take; clean the paper and
    fill the dates left empty (in place)."""
    unknown = [key for key in options if key not in spec.takes]
    if unknown:
        raise DocumentError(
            _("%(option)s does not apply to the %(document)s.")
            % {"option": unknown[0], "document": spec.title}
        )
    if format not in spec.formats:
        raise DocumentError(
            _("The %(document)s is made only as %(formats)s.")
            % {"document": spec.title, "formats": ", ".join(f.upper() for f in spec.formats)}
        )
    if "paper" in spec.takes:
        options["paper"] = clean_paper(options.get("paper"))
    for option in spec.date_defaults:  # a date left empty: the one rule (documents.dates)
        if option in spec.options and options.get(option) in (None, ""):
            options[option] = spec.default_date(option, event)


def current_numbers(event) -> dict[str, str]:
    """{slug: its number} of `event`'s numbered documents that have one, in one query.

    A document whose number the event records (the plenary's) carries that one.
    """
    numbered = [spec for spec in SPECS if spec.numbered]
    numbers = document_numbers_current(event=event, documents=[s.slug for s in numbered])
    for spec in numbered:
        recorded = spec.event_number(event)
        if recorded:
            numbers[spec.slug] = recorded
    return numbers


__all__ = [
    "DOCUMENTS",
    "NUMBER_OPTIONS",
    "SPECS",
    "Document",
    "DocumentError",
    "DocumentSpec",
    "NumberMode",
    "NumberRequest",
    "build_document",
    "current_numbers",
    "document_title",
    "spec_for",
]
