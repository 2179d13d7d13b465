"""Every document downloaded is in the personal-data access log (issue 9, UU PDP)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participants.models import AccessLog
from reports.tests.r2_world import build_world


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def test_a_downloaded_document_is_logged_with_who_and_which_event(client, world, django_user_model):
    user = django_user_model.objects.create_user(username="pencetak", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(user)
    response = client.post(
        reverse("reports:print-document", args=["bimtek-uji", "rekapitulasi"]),
        {"rekapitulasi-paper": "A4"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    entry = AccessLog.objects.get()
    assert (entry.user, entry.username, entry.action, entry.event.slug, entry.detail) == (
        user,
        "pencetak",
        AccessLog.Action.DOCUMENT,
        "bimtek-uji",
        "rekapitulasi",
    )


def test_a_refused_document_is_not_logged(client, world, django_user_model):
    user = django_user_model.objects.create_user(username="pencetak", password="x", is_staff=True)
    client.force_login(user)  # no view_event
    client.post(reverse("reports:print-document", args=["bimtek-uji", "rekapitulasi"]))
    assert not AccessLog.objects.exists()
