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

What the rendering process holds stays flat as the list grows: the rows are
streamed once to count them onto pages (`ListPlan`: registration ids and rows
per page, not the rows), and each part reads its own rows when its HTML is made.
"""

from __future__ import annotations

import datetime
import logging
import math
from array import array
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.documents.attendance_pages import (
    closing_height,
    columns_for,
    cut_into_pages,
    heading_height,
    page_lengths,
)
from reports.documents.base import DocumentError, chair_signature, clean_paper, kop_context
from reports.pdf import RenderedPdf, render_pdf_chunked, render_pdf_with_pages, worker_count
from reports.selectors import (
    attendance_rows_by_id,
    attendance_rows_streamed,
    attendance_totals,
    event_area,
)
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


def spare_count(listed: int) -> int:
    return max(SPARE_MIN, math.ceil(listed * SPARE_SHARE))


def spare_row(number: int) -> dict:
    return {"no": number, "name": "", "unit": "", "position": "", "present": False, "time": ""}


def spare_rows(*, after: int) -> list[dict]:
    return [spare_row(after + n) for n in range(1, spare_count(after) + 1)]


@dataclass(frozen=True)
class ListPlan:
    """Which rows stand on which page, without the rows: a part of a long list reads
    its own rows when it is laid out, so the rendering process never holds them all.

    `ids` are the listed registrations in print order (8 bytes each: 80,000 rows
    take 640 kB), `lengths` the rows of each page; spare rows of a blank list
    follow the `ids`. `day` is the day whose check-in times are shown (None on a
    blank list).
    """

    ids: array
    lengths: list[int]
    day: datetime.date | None

    def pages(self, first: int, stop: int) -> list[list[dict]]:
        """Pages first to stop - 1 (0-based) with their rows: two queries for the listed
        ones among them (one on a blank list), none for spare rows."""
        start = sum(self.lengths[:first])
        end = start + sum(self.lengths[first:stop])
        listed = len(self.ids)
        rows = attendance_rows_by_id(
            ids=self.ids[start : min(end, listed)], day=self.day, first_number=start + 1
        )
        rows += [spare_row(number) for number in range(max(start, listed) + 1, end + 1)]
        return cut_into_pages(rows, self.lengths[first:stop])


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
    lengths: list[int], *, chunk_size: int, parallel_from: int, workers: int | None = None
) -> int:
    """Whole pages per part (`lengths`: rows on each page): one part for a short list,
    else at least one part per core."""
    rows = sum(lengths)
    workers = workers or worker_count()
    if rows < parallel_from or (workers < 2 and rows <= chunk_size):
        return len(lengths)
    parts = max(workers, math.ceil(rows / chunk_size))
    return max(1, math.ceil(len(lengths) / parts))


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
    """The whole list's template context but its rows: `plan` (a `ListPlan`) says
    which rows stand on which page, and `with_pages` or a part reads them.

    Three queries: the counts, the registrations streamed once to put them on
    pages, the chair; one more for a list of one regency or kecamatan (`area`,
    its code).
    """
    day_number = clean_day(event, day)
    paper = clean_paper(paper)
    area = clean_area(event, area)
    date = event.days[day_number - 1]
    shown_day = None if blank else date
    listing = {"event": event, "verified_only": not blank, "area": area.units if area else None}
    listed, present = attendance_totals(day=shown_day, **listing)
    kop = kop_context(event.organiser)
    titles, meta = _titles_and_meta(event=event, date=date, day_number=day_number, area=area)
    heading = heading_height(paper=paper, kop=kop, titles=titles, meta=meta)
    closing = _closing(blank=blank, listed=listed, present=present)
    signature = chair_signature(event.organiser, signed_on=date)
    closing_room = closing_height(paper=paper, sentence=closing, signature=signature)
    # The widths the rows are measured with depend on how many there are: counted first.
    columns = columns_for(listed + (spare_count(listed) if blank else 0))
    ids = array("q")

    def planned_rows():
        for registration_id, row in attendance_rows_streamed(**listing):
            ids.append(registration_id)
            yield row
        if blank:
            yield from spare_rows(after=len(ids))

    lengths = page_lengths(
        planned_rows(),
        paper=paper,
        columns=columns,
        first_page_used=heading,
        last_page_needs=closing_room,
    )
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
        "plan": ListPlan(ids=ids, lengths=lengths, day=shown_day),
        "signature": signature,
        "first": True,
        "last": True,
        "date": date,  # in the file name, with "-kosong" for a blank list
        "kind": "-kosong" if blank else "",
        "area": f"-wilayah-{area.code}" if area else "",
    }


def with_pages(context: dict) -> dict:
    """The whole list with every row, page by page (`pages`), for one pass."""
    plan = context["plan"]
    return {**context, "pages": plan.pages(0, len(plan.lengths))}


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
    event, plan = context["event"], context["plan"]
    paper, day_number, planned = context["paper"], context["day_number"], plan.lengths
    size = pages_per_part(
        planned,
        chunk_size=chunk_size or CHUNK_SIZE,
        parallel_from=PARALLEL_FROM if parallel_from is None else parallel_from,
        workers=workers,
    )
    if size >= len(planned):
        whole = with_pages(context)
        rendered = render_pdf_with_pages(template_name=TEMPLATE, context=whole)
        if rendered.pages != len(planned):
            _plan_missed(event, day_number, planned=len(planned), printed=rendered.pages)
            rendered = render_pdf_with_pages(template_name=TEMPLATE, context=flowing(whole))
    else:
        count = math.ceil(len(planned) / size)

        def chunk_context(index: int, count: int) -> dict:
            # Read here, part by part: the rows of a part are let go once its HTML is made.
            return {
                **context,
                "pages": plan.pages(index * size, (index + 1) * size),
                "first": index == 0,
                "last": index == count - 1,
                "kop": context["kop"] if index == 0 else None,
            }

        def relayout(index: int, printed: int) -> dict | None:
            pages = len(planned[index * size : (index + 1) * size])
            if printed == pages:
                return None
            _plan_missed(event, day_number, planned=pages, printed=printed)
            return flowing(chunk_context(index, count))

        rendered = render_pdf_chunked(
            template_name=TEMPLATE,
            chunk_context=chunk_context,
            chunks=count,
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
