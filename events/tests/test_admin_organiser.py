"""The event admin's organiser is picked from a searchable list, not typed as an id."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_organiser_is_an_autocomplete_not_a_raw_id(admin_client, tebo_event):
    url = reverse("admin:events_event_change", args=[tebo_event.pk])
    html = admin_client.get(url).content.decode()
    organiser = html[html.index('name="organiser"') - 300 : html.index('name="organiser"') + 300]
    assert "admin-autocomplete" in organiser
    assert "vForeignKeyRawIdAdminField" not in organiser


def test_the_organiser_list_finds_the_office_by_name(admin_client, tebo_event):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "organiser", "term": "Tebo"},
    )
    assert response.status_code == 200
    names = [result["text"] for result in response.json()["results"]]
    assert "KPU Kabupaten Tebo" in names
