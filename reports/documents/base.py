"""What every official document shares: its result, its errors, its kop surat."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from bodies.models import Body, Regency
from reports.pdf import STATIC_DIR

PAPERS = ("A4", "F4")
# A draft's running number: dots to write it in by hand, as on any blank form.
BLANK_RUNNING = "......"
DEFAULT_LOGO = "img/logo-kpu.svg"
# An office replaces the emblem by dropping `static/reports/logos/<satker>.svg`
# (or .png) in place; otherwise every document uses the portal's logo.
OFFICE_LOGO_DIR = "reports/logos"


@dataclass
class Document:
    filename: str
    pdf: bytes
    pages: int


class DocumentError(Exception):
    """A document cannot be made as asked; the message is for the user (Indonesian)."""


def clean_paper(paper: str | None) -> str:
    paper = (paper or "A4").strip().upper()
    if paper in ("FOLIO", "F4"):
        return "F4"
    if paper not in PAPERS:
        raise DocumentError(
            _("Unknown paper size “%(paper)s”: choose A4 or F4.") % {"paper": paper}
        )
    return paper


def clean_date(value, default: datetime.date | None = None) -> datetime.date | None:
    """A document's date, given as a date or as YYYY-MM-DD; `default` when none is given.

    The one parser of every date option: the builders, the print page's form
    and `render_document` all go through it, so they refuse the same input with
    the same message.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DocumentError(
            _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value}
        ) from None


def draft_number(*, office: Body, classification: str, doc_type: str, year: int) -> str:
    """ "....../PP.06-BA/1509/2024": the number of a draft, its running number left blank."""
    return f"{BLANK_RUNNING}/{classification}-{doc_type}/{office.satker_code}/{year}"


def _region_words(regency: Regency) -> str:
    kind = "Kota" if regency.kind == Regency.Kind.KOTA else "Kabupaten"
    name = regency.short_name
    return f"{kind} {name.title() if name.isupper() else name}"


def _title(name: str) -> str:
    return name.title() if name.isupper() else name


def office_heading(office: Body) -> tuple[str, str]:
    """The two bold lines of the kop: ("KOMISI PEMILIHAN UMUM", "KABUPATEN TEBO")."""
    kind = office.kind
    if kind == Body.Kind.KPU_KABKOTA and office.regency_id:
        return "KOMISI PEMILIHAN UMUM", _region_words(office.regency).upper()
    if kind == Body.Kind.KPU_PROVINSI and office.province_id:
        return "KOMISI PEMILIHAN UMUM", f"PROVINSI {office.province.name.upper()}"
    if kind == Body.Kind.KPU_RI:
        return "KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"
    if kind == Body.Kind.PPK and office.district_id:
        return "PANITIA PEMILIHAN KECAMATAN", f"KECAMATAN {office.district.name.upper()}"
    if kind == Body.Kind.PPS and office.village_id:
        return "PANITIA PEMUNGUTAN SUARA", office.village.name.upper()
    return office.name.upper(), ""


def office_name(office: Body) -> str:
    """ "Komisi Pemilihan Umum Kabupaten Tebo", as the sentences of a document say it."""
    line1, line2 = office_heading(office)
    words = " ".join(part for part in (line1, line2) if part)
    return " ".join(w if w in ("RI", "PPK", "PPS") else w.capitalize() for w in words.split())


def office_place(office: Body) -> str:
    """Where the office signs: "Tebo" in "Tebo, 11 November 2024"."""
    if office.kind == Body.Kind.KPU_RI:
        return "Jakarta"
    for region in (office.village, office.district, office.regency, office.province):
        if region is not None:
            name = getattr(region, "short_name", "") or region.name
            return _title(name)
    return office.name


def office_short_slug(office: Body) -> str:
    """ "kpu-tebo": the office in file names."""
    if office.regency_id and office.kind == Body.Kind.KPU_KABKOTA:
        return "kpu-" + slugify(office.regency.short_name)
    return slugify(office.name)


def office_logo(office: Body) -> str:
    for ext in ("svg", "png"):
        candidate = f"{OFFICE_LOGO_DIR}/{office.satker_code}.{ext}"
        if office.satker_code and (STATIC_DIR / candidate).is_file():
            return candidate
    return DEFAULT_LOGO


def kop_context(office: Body) -> dict:
    line1, line2 = office_heading(office)
    contact = []
    if office.phone:
        contact.append(f"Telepon {office.phone}")
    if office.email:
        contact.append(f"Pos-el {office.email}")
    if office.website:
        contact.append(f"Laman {office.website}")
    return {
        "line1": line1,
        "line2": line2,
        "address": " ".join(office.address.split()),
        "contact": "  ".join(contact),
        "logo": office_logo(office),
    }
