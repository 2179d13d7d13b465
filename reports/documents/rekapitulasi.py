"""Rekapitulasi peserta: seats, registered, verified and present per day.

Per body kind (KPU, PPK, PPS), then per kecamatan with its PPK and its
desa/kelurahan underneath, with the units nobody has registered for. A large
event's (`reports.region_recap`) is per province and regency instead, and
counts the units nobody has registered for in each.
"""

from __future__ import annotations

from django.utils import timezone

from reports.documents.base import chair_signature, clean_paper, kop_context
from reports.region_recap import region_recap, summarised_by_region
from reports.selectors import Counts, recap
from reports.words import count_in_words, date_long_indonesian, date_range_indonesian

TEMPLATE = "reports/rekapitulasi.html"


def document_context(*, event, paper: str | None) -> dict:
    """Six queries: whether to sum up by region, the recap's four (three summed up) and the
    chair who signs."""
    paper = clean_paper(paper)
    summarised = summarised_by_region(event=event)
    data = region_recap(event=event) if summarised else recap(event=event)
    # Signed on the day it is printed, or on the last day once the event is over: the
    # recap an office files with its berita acara.
    signed_on = min(timezone.localdate(), event.last_day)
    # Section B is the kecamatan and their PPK and PPS only: the KPU's own line stands in
    # section A, so B's total is theirs, not the event's.
    districts_total = Counts(present=[0] * len(data.days))
    for head, _units in [] if summarised else data.districts:
        districts_total.add(head.counts)
    return {
        "paper": paper,
        "kop": kop_context(event.organiser),
        "event": event,
        "title": "Rekapitulasi Peserta",
        "recap": data,
        "districts_total": districts_total,
        "days": [date_long_indonesian(day) for day in data.days],
        "dates": date_range_indonesian(event.first_day, event.last_day),
        "total_words": count_in_words(data.total.seats),
        "registered_words": count_in_words(data.total.registered),
        "signature": chair_signature(event.organiser, signed_on=signed_on),
    }


def data(*, event, paper: str) -> dict:
    return document_context(event=event, paper=paper)
