"""A long daftar hadir read part by part holds the rows the whole list held.

The rendering process keeps no rows of a long list: `document_context` keeps the
page plan (`ListPlan`) and each part reads its own rows as its HTML is made.
These tests build the same list the old way (every row read at once, then cut
into pages) and part by part, and compare the pages.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import Registration
from reports.documents import daftar_hadir
from reports.documents.attendance_pages import (
    closing_height,
    columns_for,
    heading_height,
    paginate,
)
from reports.selectors import attendance_rows, event_area, event_for_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(tebo_event_400):
    return event_for_documents(slug=tebo_event_400.slug)


def pages_read_whole(context: dict, *, event, blank: bool, area) -> list[list[dict]]:
    """The list as it was built before it was read part by part: every row in memory."""
    date = event.days[context["day_number"] - 1]
    rows = attendance_rows(
        event=event, day=None if blank else date, verified_only=not blank, area=area
    )
    if blank:
        rows += daftar_hadir.spare_rows(after=len(rows))
    paper = context["paper"]
    assert context["columns"] == columns_for(len(rows))
    return paginate(
        rows,
        paper=paper,
        columns=context["columns"],
        first_page_used=heading_height(
            paper=paper, kop=context["kop"], titles=context["titles"], meta=context["meta"]
        ),
        last_page_needs=closing_height(
            paper=paper, sentence=context["closing"], signature=context["signature"]
        ),
    )


def pages_read_in_parts(context: dict, monkeypatch, *, per_part: int, chunk_size: int = 40):
    """What `render` hands the layout of each part, read as the parts are made."""
    parts: list[list[list[dict]]] = []

    def lay_out(*, chunk_context, chunks, **_options):
        for index in range(chunks):
            with CaptureQueriesContext(connection) as queries:
                part = chunk_context(index, chunks)
            # A part of spare rows only (the end of a blank list) reads nothing.
            listed = any(row["name"] for page in part["pages"] for row in page)
            assert len(queries) == (per_part if listed else 0)
            assert (part["first"], part["last"]) == (index == 0, index == chunks - 1)
            parts.append(part["pages"])

    monkeypatch.setattr(daftar_hadir, "render_pdf_chunked", lay_out)
    daftar_hadir.render(context, chunk_size=chunk_size, parallel_from=0, workers=2)
    assert len(parts) >= 2
    return [page for part in parts for page in part]


@pytest.mark.parametrize("blank", [False, True])
def test_a_list_read_part_by_part_has_the_pages_of_the_list_read_whole(event, blank, monkeypatch):
    context = daftar_hadir.document_context(event=event, day=2, blank=blank, paper="A4")
    whole = pages_read_whole(context, event=event, blank=blank, area=None)
    # Registrations and the day's check-ins of the part; a blank list shows no check-in.
    in_parts = pages_read_in_parts(context, monkeypatch, per_part=1 if blank else 2)

    assert in_parts == whole
    assert len(whole) > 3  # more parts than workers
    rows = [row for page in whole for row in page]
    assert [row["no"] for row in rows] == list(range(1, len(rows) + 1))
    if blank:
        assert len(rows) == 400 + 40 and rows[-1]["name"] == ""
    else:
        assert len(rows) == 200 and any(row["present"] for row in rows)


def test_a_list_of_one_kecamatan_read_part_by_part(event, monkeypatch):
    code = (
        Registration.objects.filter(event=event, unit__kind="PPS")
        .values_list("unit__district__code", flat=True)
        .first()
    )
    context = daftar_hadir.document_context(event=event, day=1, blank=False, paper="F4", area=code)
    area = event_area(event=event, code=code).units
    whole = pages_read_whole(context, event=event, blank=False, area=area)
    in_parts = pages_read_in_parts(context, monkeypatch, per_part=2, chunk_size=5)

    assert in_parts == whole
    assert 0 < sum(len(page) for page in whole) < 200


def test_the_plan_holds_no_rows(event, django_assert_num_queries):
    # The counts, the registrations streamed onto pages, the chair who signs.
    with django_assert_num_queries(3):
        context = daftar_hadir.document_context(event=event, day=1, blank=False, paper="A4")
    plan = context["plan"]
    assert "pages" not in context
    assert sum(plan.lengths) == len(plan.ids) == 200
    assert plan.ids.itemsize == 8  # an array of ids, not 200 row dicts
