"""Daftar hadir peserta: the attendance list of one day, blank or filled in.

The blank list is what participants sign on paper; the filled one marks who
checked in through the portal (time of check-in, or "tidak hadir"). A list
longer than `chunk_size` rows is rendered in parts on every core and merged;
row numbers and "Halaman X dari Y" run on across the parts.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from reports.documents.base import (
    Document,
    DocumentError,
    clean_paper,
    kop_context,
    office_short_slug,
)
from reports.pdf import render_pdf_chunked, render_pdf_with_pages, worker_count
from reports.selectors import attendance_rows, event_days
from reports.words import count_in_words, date_long_id

TEMPLATE = "reports/daftar_hadir.html"
# At most this many rows per part: a WeasyPrint pass's memory grows with its
# part. Lists of PARALLEL_FROM rows or more are split over the cores; shorter
# ones are faster in one pass here, because a forked worker spends about 0.4 s
# of its own on WeasyPrint's first-use set-up (measured: 177 rows take 2.7 s in
# one pass, 4.1 s in two parts on two workers).
CHUNK_SIZE = 250
PARALLEL_FROM = 400


def clean_day(event, day) -> int:
    days = event_days(event)
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


def part_size(rows: int, *, chunk_size: int, workers: int | None = None) -> int:
    """Rows per part: one part for a short list, else at least one part per core."""
    workers = workers or worker_count()
    if rows <= chunk_size and (rows < PARALLEL_FROM or workers < 2):
        return max(rows, 1)
    parts = max(workers, math.ceil(rows / chunk_size))
    return math.ceil(rows / parts)


def filename(event, *, day: int, blank: bool) -> str:
    date = event_days(event)[day - 1]
    kind = "-kosong" if blank else ""
    return f"daftar-hadir-hari-{day}{kind}-{office_short_slug(event.organiser)}-{date:%Y-%m-%d}.pdf"


def document_context(*, event, day, blank: bool, paper: str | None) -> dict:
    """The whole list's template context; `rows` holds every row."""
    day_number = clean_day(event, day)
    paper = clean_paper(paper)
    date = event_days(event)[day_number - 1]
    rows = attendance_rows(event=event, day=None if blank else date)
    present = sum(1 for row in rows if row["present"])
    return {
        "paper": paper,
        "kop": kop_context(event.organiser),
        "event": event,
        "title": f"Daftar Hadir Hari ke-{day_number}",
        "day_number": day_number,
        "date_long": date_long_id(date),
        "blank": blank,
        "registered_words": count_in_words(len(rows)),
        "present_words": count_in_words(present),
        "rows": rows,
        "first": True,
        "last": True,
    }


def build(
    *,
    event,
    day: int | str | None = 1,
    blank: bool = False,
    paper: str | None = None,
    chunk_size: int | None = None,
    workers: int | None = None,
    progress=None,
    **_options,
) -> Document:
    """`progress(parts done, parts)` is called as the parts of a long list finish."""
    context = document_context(event=event, day=day, blank=blank, paper=paper)
    rows, paper, day_number = context["rows"], context["paper"], context["day_number"]
    size = part_size(len(rows), chunk_size=chunk_size or CHUNK_SIZE, workers=workers)
    if size >= len(rows):
        rendered = render_pdf_with_pages(template_name=TEMPLATE, context=context)
    else:
        parts = [rows[i : i + size] for i in range(0, len(rows), size)]

        def chunk_context(index: int, count: int) -> dict:
            return {
                **context,
                "rows": parts[index],
                "first": index == 0,
                "last": index == count - 1,
                "kop": context["kop"] if index == 0 else None,
            }

        rendered = render_pdf_chunked(
            template_name=TEMPLATE,
            chunk_context=chunk_context,
            chunks=len(parts),
            paper=paper,
            workers=workers,
            progress=progress,
        )
    return Document(
        filename=filename(event, day=day_number, blank=blank),
        pdf=rendered.pdf,
        pages=rendered.pages,
    )
