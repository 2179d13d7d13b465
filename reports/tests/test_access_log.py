"""Every document downloaded is in the personal-data access log (issue 9, UU PDP)."""

from django.urls import reverse

from participants.models import AccessLog


def test_a_downloaded_document_is_logged_with_who_and_which_event(client, world, staff_of, kpu_ri):
    user = staff_of(kpu_ri, "events.view_event", username="pencetak")
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


def test_a_refused_document_is_not_logged(client, world, staff_of, kpu_ri):
    client.force_login(staff_of(kpu_ri, username="pencetak"))  # no view_event
    client.post(reverse("reports:print-document", args=["bimtek-uji", "rekapitulasi"]))
    assert not AccessLog.objects.exists()
