"""Daftar hadir peserta: the attendance list of one day, blank or filled in.

The blank list is what participants sign on paper: every active registration,
then spare rows for walk-ins and substitutes. The filled one lists the verified
registrations only and marks in its "Ket." column who checked in through the
portal; its signature cells stay empty, to be signed (a check-in time or "tidak
hadir" there left no room to sign, and no place for someone who came without
checking in). The rows
are put on pages before layout (`attendance_pages`); a list of PARALLEL_FROM
rows or more is laid out in parts of whole pages on every core and merged, and
row numbers and "Halaman X dari Y" run on across the parts. It closes with the
counts in words and the ketua's signature, dated the list's day.
"""

from __future__ import annotations

import logging
import math

from django.utils.translation import gettext as _

from reports.documents.attendance_pages import (
    closing_height,
    columns_for,
    heading_height,
    paginate,
)
from reports.documents.base import DocumentError, chair_signature, clean_paper, kop_context
from reports.pdf import RenderedPdf, render_pdf_chunked, render_pdf_with_pages, worker_count
from reports.selectors import attendance_rows, event_area
from reports.words import count_in_words, date_long_indonesian

logger = logging.getLogger(__name__)

TEMPLATE = "reports/daftar_hadir.html"
# A part of a long list holds about this many rows (whole pages): a WeasyPrint
# pass's memory grows with its part. Lists of PARALLEL_FROM rows or more are
# split over the cores; shorter ones are faster in one pass, because each
# worker process first spends about half a second importing and setting up
# WeasyPrint.
CHUNK_SIZE = 200
PARALLEL_FROM = 400
# Empty rows at the end of a blank list, for people the desk did not expect
# (a substitute sent by a PPS, a walk-in): a tenth of the list, at least 10.
SPARE_SHARE, SPARE_MIN = 0.1, 10


def spare_rows(*, after: int) -> list[dict]:
    count = max(SPARE_MIN, math.ceil(after * SPARE_SHARE))
    return [
        {"no": after + n, "name": "", "unit": "", "position": "", "present": False, "time": ""}
        for n in range(1, count + 1)
    ]


def clean_day(event, day) -> int:
    days = event.days
    try:
        number = 1 if day in (None, "") else int(day)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= len(days):
        raise DocumentError(
            _("Day %(day)s does not exist: this event lasts %(days)s day(s).")
            % {"day": day, "days": len(days)}
        )
    return number


def pages_per_part(
    pages: list[list[dict]], *, chunk_size: int, parallel_from: int, workers: int | None = None
) -> int:
    """Whole pages per part: one part for a short list, else at least one part per core."""
    rows = sum(len(page) for page in pages)
    workers = workers or worker_count()
    if rows < parallel_from or (workers < 2 and rows <= chunk_size):
        return len(pages)
    parts = max(workers, math.ceil(rows / chunk_size))
    return max(1, math.ceil(len(pages) / parts))


def clean_area(event, area):
    """The regency or kecamatan a list is cut to (its Kemendagri code), or None for all."""
    code = str(area or "").strip()
    if not code:
        return None
    found = event_area(event=event, code=code)
    if found is None:
        raise DocumentError(
            _("%(code)s is not a regency or kecamatan where this event's participants come from.")
            % {"code": code}
        )
    return found


def _titles_and_meta(*, event, date, day_number: int, area) -> tuple[list[str], list[str]]:
    """The lines heading the list: its title, the event, the election; then the day,
    the place and the region it is limited to."""
    titles = ["DAFTAR HADIR PESERTA", event.title.upper()]
    if event.election_id:
        titles.append(event.election.name.upper())
    venue = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    meta = [f"{date_long_indonesian(date)} (hari ke-{day_number})", venue]
    if area:
        meta.append(area.label)
    return titles, meta


def _closing(*, blank: bool, listed: int, present: int) -> str:
    """The sentence under the list: how many are listed (and, filled in, present)."""
    registered_words, present_words = count_in_words(listed), count_in_words(present)
    if blank:
        return (
            f"Jumlah peserta terdaftar: {registered_words}. Baris {listed + 1} dan "
            "seterusnya untuk peserta pengganti atau yang belum terdaftar."
        )
    return (
        f"Jumlah peserta terverifikasi: {registered_words}. Jumlah peserta hadir: {present_words}."
    )


def document_context(*, event, day, blank: bool, paper: str | None, area=None) -> dict:
    """The whole list's template context; `pages` holds every row, page by page.

    Three queries: registrations with their units, the day's attendance, the chair;
    one more for a list of one regency or kecamatan (`area`, its code).
    """
    day_number = clean_day(event, day)
    paper = clean_paper(paper)
    area = clean_area(event, area)
    date = event.days[day_number - 1]
    rows = attendance_rows(
        event=event,
        day=None if blank else date,
        verified_only=not blank,
        area=area.units if area else None,
    )
    listed = len(rows)
    present = sum(1 for row in rows if row["present"])
    if blank:
        rows = rows + spare_rows(after=listed)
    kop = kop_context(event.organiser)
    titles, meta = _titles_and_meta(event=event, date=date, day_number=day_number, area=area)
    heading = heading_height(paper=paper, kop=kop, titles=titles, meta=meta)
    closing = _closing(blank=blank, listed=listed, present=present)
    signature = chair_signature(event.organiser, signed_on=date)
    closing_room = closing_height(paper=paper, sentence=closing, signature=signature)
    columns = columns_for(len(rows))
    return {
        "paper": paper,
        "kop": kop,
        "event": event,
        "title": f"Daftar Hadir Hari ke-{day_number}",
        "titles": titles,
        "meta": meta,
        "day_number": day_number,
        "blank": blank,
        "closing": closing,
        "columns": columns,
        "pages": paginate(
            rows,
            paper=paper,
            columns=columns,
            first_page_used=heading,
            last_page_needs=closing_room,
        ),
        "signature": signature,
        "first": True,
        "last": True,
        "date": date,  # in the file name, with "-kosong" for a blank list
        "kind": "-kosong" if blank else "",
        "area": f"-wilayah-{area.code}" if area else "",
    }


def flowing(context: dict) -> dict:
    """The same list as one table that breaks its pages where the layout wants."""
    return {**context, "pages": [[row for page in context["pages"] for row in page]]}


def data(
    *, event, paper: str, day: int | str | None = 1, blank: bool = False, area: str | None = None
) -> dict:
    return document_context(event=event, day=day, blank=blank, paper=paper, area=area)


def render(
    context: dict,
    *,
    chunk_size: int | None = None,
    parallel_from: int | None = None,
    workers: int | None = None,
    progress=None,
) -> RenderedPdf:
    """`progress(parts done, parts)` is called as the parts of a long list finish.

    Should a part print on more or fewer pages than planned (a fallback font
    taller or wider than the shipped one, say), it is laid out again as one
    flowing table: its last page may then be short, but no row is cut off.
    """
    event = context["event"]
    pages, paper, day_number = context["pages"], context["paper"], context["day_number"]
    size = pages_per_part(
        pages,
        chunk_size=chunk_size or CHUNK_SIZE,
        parallel_from=PARALLEL_FROM if parallel_from is None else parallel_from,
        workers=workers,
    )
    if size >= len(pages):
        rendered = render_pdf_with_pages(template_name=TEMPLATE, context=context)
        if rendered.pages != len(pages):
            _plan_missed(event, day_number, planned=len(pages), printed=rendered.pages)
            rendered = render_pdf_with_pages(template_name=TEMPLATE, context=flowing(context))
    else:
        parts = [pages[i : i + size] for i in range(0, len(pages), size)]

        def chunk_context(index: int, count: int) -> dict:
            return {
                **context,
                "pages": parts[index],
                "first": index == 0,
                "last": index == count - 1,
                "kop": context["kop"] if index == 0 else None,
            }

        def relayout(index: int, printed: int) -> dict | None:
            if printed == len(parts[index]):
                return None
            _plan_missed(event, day_number, planned=len(parts[index]), printed=printed)
            return flowing(chunk_context(index, len(parts)))

        rendered = render_pdf_chunked(
            template_name=TEMPLATE,
            chunk_context=chunk_context,
            chunks=len(parts),
            paper=paper,
            workers=workers,
            progress=progress,
            relayout=relayout,
        )
    return rendered


def _plan_missed(event, day: int, *, planned: int, printed: int) -> None:
    logger.warning(
        "Daftar hadir %s day %s: %s pages planned, %s printed; laid out again as one table",
        event.slug,
        day,
        planned,
        printed,
    )
