"""What the portal knows about one official document, in one place (`DocumentSpec`),
and the request for its number that a numbered document's data builder resolves.

The registry of specs is `reports.documents.DOCUMENTS`; its docstring says how
to add a document.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.utils.module_loading import import_string

from reports.documents.base import PAPERS, DocumentError, draft_number
from reports.documents.dates import Facts, document_default_date
from reports.numbering import NumberingError, NumberMode, document_number_resolve

CLASSIFICATION_BIMTEK = "PP.06"  # sosialisasi, bimbingan teknis
CLASSIFICATION_PLENARY = "PL.02"  # rapat pleno
# The options a data builder may take, whichever document: each has one field on the
# print page (reports/forms.py) and one flag on render_document.
OPTIONS = ("day", "blank", "date", "signed_on", "registration", "per_kecamatan", "area")
# What a numbered document takes besides: build_document turns them into a `NumberRequest`.
NUMBER_OPTIONS = ("number_mode", "number", "classification")
FORMATS = ("pdf", "xlsx")


@dataclass(frozen=True)
class DocumentSpec:
    """One official document: everything the print page, render_document, the
    background worker and the number register need to know about it.

    Callables are named by dotted path, so importing the registry imports no
    document module (WeasyPrint, segno and openpyxl load only when asked for).
    """

    slug: str  # "berita-acara": the URL, the command's argument, the register's `document`
    title: str  # how the portal names it to a person (Indonesian: an official document)
    template: str  # "reports/berita_acara.html"
    # (*, event, **options) -> dict: the template's context. It checks everything that
    # can refuse the document first, then resolves `numbering` (numbered documents).
    data: str
    # The file name, formatted with the context plus `office` ("kpu-tebo") and `event`:
    # "rekapitulasi-peserta-{office}-{event.first_day:%Y-%m-%d}.pdf".
    filename: str
    options: tuple[str, ...] = ()  # of OPTIONS; "paper" is added when `papers` offers a choice
    number_type: str = ""  # DocumentNumber.DocType ("BA", "Und", "LP"); "" = not numbered
    classification: str = CLASSIFICATION_BIMTEK  # the archive code proposed; staff may change it
    # (event) -> str: a number the event itself records for this document (the plenary's
    # berita acara): it is printed with that number and offered no other.
    recorded_number: str = ""
    papers: tuple[str, ...] = PAPERS
    # (*, event, options) -> bool: whether, for an event that is not large, it is rendered
    # by the worker rather than in the request; "" = never. Every document of a large
    # event is (`reports.tasks.event_is_large`).
    background: str = ""
    progress: bool = False  # its renderer reports progress(done, total): shown on the job page
    # (context, *, progress=None, **tuning) -> reports.pdf.RenderedPdf, for a document laid
    # out in parts; "" = the template in one WeasyPrint pass.
    render: str = ""
    # (context) -> bytes of an .xlsx workbook of the same rows; "" = PDF only.
    xlsx: str = ""
    # {option: dates.Facts}: whose completion dates the document when the option is left
    # empty (`reports.documents.dates`, one rule for every document; the print page's
    # date picker shows the day).
    date_defaults: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.options) - set(OPTIONS)
        if unknown:
            raise ValueError(f"{self.slug}: unknown options {sorted(unknown)}; see OPTIONS")
        facts = {option: Facts(value) for option, value in self.date_defaults.items()}
        object.__setattr__(self, "date_defaults", MappingProxyType(facts))

    @property
    def numbered(self) -> bool:
        return bool(self.number_type)

    @property
    def formats(self) -> tuple[str, ...]:
        return ("pdf", "xlsx") if self.xlsx else ("pdf",)

    @property
    def takes(self) -> tuple[str, ...]:
        """Every option name the document takes, as build_document receives them."""
        paper = ("paper",) if len(self.papers) > 1 else ()
        number = NUMBER_OPTIONS if self.numbered else ()
        fmt = ("format",) if self.xlsx else ()
        return (*paper, *self.options, *number, *fmt)

    def default_date(self, option: str, event) -> datetime.date | None:
        facts = self.date_defaults.get(option)
        return document_default_date(event=event, facts=facts) if facts else None

    def event_number(self, event) -> str:
        """The number `event` records for this document itself, or ""."""
        if not self.recorded_number:
            return ""
        return (import_string(self.recorded_number)(event) or "").strip()


@dataclass
class NumberRequest:
    """How a numbered document asked to be numbered, handed to its data builder.

    The builder calls `resolve(year=...)` once, after every check that could
    refuse the document, since it may take a number from the register.
    """

    spec: DocumentSpec
    event: object
    mode: NumberMode = NumberMode.REPRINT
    number: str = ""
    classification: str = ""
    actor: object = None
    resolved: tuple[str, bool] | None = None

    def resolve(self, *, year: int) -> tuple[str, bool]:
        """(number, draft): the number printed, and whether it is a draft (running
        number left blank, "KONSEP" across every page)."""
        classification = (self.classification or self.spec.classification).strip().upper()
        try:
            number = document_number_resolve(
                event=self.event,
                document=self.spec.slug,
                doc_type=self.spec.number_type,
                classification=classification,
                year=year,
                mode=self.mode,
                number=self.number,
                actor=self.actor,
            )
        except NumberingError as error:
            raise DocumentError(str(error)) from None
        if number is not None:
            self.resolved = (number, False)
        else:
            blank = draft_number(
                office=self.event.organiser,
                classification=classification,
                doc_type=self.spec.number_type,
                year=year,
            )
            self.resolved = (blank, True)
        return self.resolved
