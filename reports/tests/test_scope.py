"""The secretariat prints only the documents of events inside its own office's area."""

import pytest
from django.urls import reverse

from reports.models import DocumentNumber

pytestmark = pytest.mark.django_db


@pytest.fixture
def tebo_printer(client, staff_of, tebo_event):
    client.force_login(staff_of(tebo_event.organiser, "events.view_event"))
    return client


def test_another_offices_print_page_is_not_found(tebo_printer, tebo_event, other_regency_event):
    assert tebo_printer.get(reverse("reports:print", args=[tebo_event.slug])).status_code == 200
    url = reverse("reports:print", args=[other_regency_event.slug])
    assert tebo_printer.get(url).status_code == 404


def test_another_offices_document_cannot_be_printed(tebo_printer, other_regency_event):
    url = reverse("reports:print-document", args=[other_regency_event.slug, "rekapitulasi"])
    response = tebo_printer.post(url, {"rekapitulasi-paper": "A4"})
    assert response.status_code == 404


def test_an_account_without_office_is_told_why(client, staff_of, tebo_event):
    client.force_login(staff_of(None, "events.view_event"))
    response = client.get(reverse("reports:print", args=[tebo_event.slug]))
    assert response.status_code == 403
    assert "belum terhubung ke kantor KPU" in response.content.decode()


def test_the_number_register_lists_only_the_offices_of_the_accounts_area(
    client, staff_of, tebo_event, other_regency_event
):
    for event in (tebo_event, other_regency_event):
        DocumentNumber.objects.create(
            office=event.organiser,
            doc_type="BA",
            classification="PP.06",
            year=2024,
            running_number=7,
            number=f"7/PP.06-BA/{event.organiser.satker_code}/2024",
            document="berita-acara",
            event=event,
        )
    client.force_login(staff_of(tebo_event.organiser, "reports.view_documentnumber"))
    html = client.get(reverse("admin:reports_documentnumber_changelist")).content.decode()
    assert f"/{tebo_event.organiser.satker_code}/2024" in html
    assert f"/{other_regency_event.organiser.satker_code}/2024" not in html
