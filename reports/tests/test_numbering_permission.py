"""Issue #9 finding 7 (numbering): taking a number writes into the office's register.

With only `events.view_event` an account could print with "Take the next number" and
use up the office's running numbers. Now that needs `reports.allocate_number` (on the
page, in the view and in the service); drafts and reprints still need only view.
"""

import pytest
from django.urls import reverse

from reports.models import DocumentNumber
from reports.numbering import (
    NumberingError,
    NumberMode,
    document_number_allocate,
    document_number_resolve,
)

pytestmark = pytest.mark.django_db

DOCUMENT = "laporan-partisipasi"
FIELDS = {
    f"{DOCUMENT}-paper": "A4",
    f"{DOCUMENT}-classification": "PP.06",
    f"{DOCUMENT}-signed_on": "2024-12-02",
}


@pytest.fixture
def viewer(staff_of, kpu_ri):
    return staff_of(kpu_ri, "events.view_event", username="viewer")


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def print_document(client, **fields):
    return client.post(
        reverse("reports:print-document", args=["bimtek-uji", DOCUMENT]), {**FIELDS, **fields}
    )


def test_the_print_page_offers_no_new_number_without_the_permission(viewer_client, world):
    form = next(
        d["form"]
        for d in viewer_client.get(reverse("reports:print", args=["bimtek-uji"])).context[
            "documents"
        ]
        if d["name"] == DOCUMENT
    )

    assert [value for value, _label in form.fields["number_mode"].choices] == ["none"]


@pytest.mark.parametrize(
    "mode", [{"number_mode": "new"}, {"number_mode": "manual", "number": "7/PP.06-LP/{}/2024"}]
)
def test_printing_with_a_new_number_is_refused_without_the_permission(viewer_client, world, mode):
    fields = {f"{DOCUMENT}-{k}": v.format(world.kpu.satker_code) for k, v in mode.items()}

    response = print_document(viewer_client, **fields)

    assert response.status_code == 302
    assert not DocumentNumber.objects.exists()


def test_a_draft_and_a_reprint_need_only_view(viewer_client, world):
    taken = document_number_allocate(
        office=world.kpu,
        classification="PP.06",
        doc_type="LP",
        year=2024,
        event=world.event,
        document=DOCUMENT,
    )

    draft = print_document(viewer_client, **{f"{DOCUMENT}-number_mode": "none"})
    reprint = print_document(viewer_client, **{f"{DOCUMENT}-number_mode": "reuse"})

    assert draft.status_code == reprint.status_code == 200
    assert list(DocumentNumber.objects.all()) == [taken]


def test_with_the_permission_a_number_is_taken(client, world, staff_of, kpu_ri):
    client.force_login(staff_of(kpu_ri, "events.view_event", "reports.allocate_number"))

    response = print_document(client, **{f"{DOCUMENT}-number_mode": "new"})

    assert response.status_code == 200
    assert DocumentNumber.objects.get().number == f"1/PP.06-LP/{world.kpu.satker_code}/2024"


def test_the_service_refuses_a_number_to_an_actor_without_the_permission(world, viewer):
    options = {"event": world.event, "document": DOCUMENT, "doc_type": "LP", "year": 2024}
    options["classification"] = "PP.06"

    with pytest.raises(NumberingError):
        document_number_resolve(**options, mode=NumberMode.NEW, actor=viewer)
    with pytest.raises(NumberingError):
        document_number_resolve(
            **options, number=f"5/PP.06-LP/{world.kpu.satker_code}/2024", actor=viewer
        )
    assert not DocumentNumber.objects.exists()
    # The portal itself (a command, a job started by a checked view) has no actor.
    assert document_number_resolve(**options, mode=NumberMode.NEW, actor=None)
