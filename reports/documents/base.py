"""What every official document shares: its result, its errors, its kop surat."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from bodies.models import Body, Regency
from events.dates import date_indonesian
from reports.numbering import YEARS
from reports.pdf import STATIC_DIR
from reports.selectors import chair_name

PAPERS = ("A4", "F4")
# A draft's running number: dots to write it in by hand, as on any blank form.
BLANK_RUNNING = "......"
DEFAULT_LOGO = "img/logo-kpu.svg"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How much of a refused input a message repeats (a form field may carry megabytes).
ECHO_CHARS = 20


# Words of a region's name kept in capitals when a name written in capitals is
# put in title case: "DKI JAKARTA" -> "DKI Jakarta", "VII KOTO" -> "VII Koto".
KEEP_UPPER_RE = re.compile(r"^(?:DKI|DI|[IVXLC]+)$")
# An office replaces the emblem by dropping `static/reports/logos/<satker>.svg`
# (or .png) in place; otherwise every document uses the portal's logo.
OFFICE_LOGO_DIR = "reports/logos"


@dataclass
class Document:
    filename: str
    pdf: bytes  # the file's bytes: a PDF, or an .xlsx workbook when asked for one
    pages: int
    content_type: str = "application/pdf"


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
    the same message. Only the years a document can be numbered in are dates.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, datetime.date):
        day = value
    else:
        text = str(value).strip()
        try:
            # fromisoformat alone also reads 20241111 and 2024-W46-1.
            day = datetime.date.fromisoformat(text) if DATE_RE.match(text) else None
        except ValueError:
            day = None
        if day is None:
            shown = text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"
            raise DocumentError(
                _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": shown}
            )
    if day.year not in YEARS:
        raise DocumentError(
            _(
                "%(date)s cannot be a document's date: "
                "choose a day in the years %(first)s to %(last)s."
            )
            % {"date": day.isoformat(), "first": YEARS[0], "last": YEARS[-1]}
        )
    return day


def draft_number(*, office: Body, classification: str, doc_type: str, year: int) -> str:
    """ "....../PP.06-BA/1509/2024": the number of a draft, its running number left blank."""
    return f"{BLANK_RUNNING}/{classification}-{doc_type}/{office.satker_code}/{year}"


def _region_words(regency: Regency) -> str:
    kind = "Kota" if regency.kind == Regency.Kind.KOTA else "Kabupaten"
    name = regency.short_name
    return f"{kind} {name.title() if name.isupper() else name}"


def _name_case(name: str) -> str:
    """A region's name as a sentence writes it, whichever edition's spelling the row has."""
    if not name.isupper():
        return name
    return " ".join(w if KEEP_UPPER_RE.match(w) else w.capitalize() for w in name.split())


def _office_words(office: Body) -> tuple[str, str] | None:
    """(body, its area) as a sentence writes them; None for an office without its region.

    ("Komisi Pemilihan Umum", "Kabupaten Tebo"), ("Panitia Pemilihan Kecamatan",
    "VII Koto"), ("Panitia Pemungutan Suara", "Desa Aur Cino"): a PPK's area is
    the kecamatan's bare name, since its body already says "Kecamatan".
    """
    kpu = "Komisi Pemilihan Umum"
    kind = office.kind
    if kind == Body.Kind.KPU_RI:
        return kpu, "Republik Indonesia"
    if kind == Body.Kind.KPU_PROVINSI and office.province_id:
        return kpu, f"Provinsi {_name_case(office.province.name)}"
    if kind == Body.Kind.KPU_KABKOTA and office.regency_id:
        return kpu, _region_words(office.regency)
    if kind == Body.Kind.PPK and office.district_id:
        return "Panitia Pemilihan Kecamatan", _name_case(office.district.name)
    if kind == Body.Kind.PPS and office.village_id:
        village = office.village
        return (
            "Panitia Pemungutan Suara",
            f"{village.get_kind_display().title()} {_name_case(village.name)}",
        )
    return None


def office_heading(office: Body) -> tuple[str, str]:
    """The two bold lines of the kop: ("KOMISI PEMILIHAN UMUM", "KABUPATEN TEBO")."""
    words = _office_words(office)
    if words is None:
        return office.name.upper(), ""
    body, area = words
    return body.upper(), area.upper()


def office_name(office: Body) -> str:
    """ "Komisi Pemilihan Umum Kabupaten Tebo", as the sentences of a document say it."""
    words = _office_words(office)
    return office.name if words is None else " ".join(words)


def office_place(office: Body) -> str:
    """Where the office signs: "Muara Tebo" in "Muara Tebo, 12 November 2024".

    The office's own place of signing (the regency's capital, filled from shipped
    data and editable by staff), else its region's name.
    """
    if office.signing_place.strip():
        return office.signing_place.strip()
    if office.kind == Body.Kind.KPU_RI:
        return "Jakarta"
    for region in (office.village, office.district, office.regency, office.province):
        if region is not None:
            return _name_case(getattr(region, "short_name", "") or region.name)
    return office.name


def chair_signature(office: Body, *, signed_on: datetime.date, name: str | None = None) -> dict:
    """The context of `_chair_signature.html`: "Muara Tebo, 12 November 2024", "KETUA KOMISI
    PEMILIHAN UMUM KABUPATEN TEBO,", room to sign and stamp, the ketua's name.

    `name` when the caller already read it; otherwise one query for the active ketua.
    """
    return {
        "place": office_place(office),
        "date": date_indonesian(signed_on),
        "title": f"KETUA {office_name(office).upper()}",
        "name": chair_name(office) if name is None else name,
    }


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
