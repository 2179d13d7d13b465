"""Every staff page of an event links to the others, as far as the user may open them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from events.staff_links import staff_links

pytestmark = pytest.mark.django_db


def grant(user, *codenames):
    for codename in codenames:
        app, code = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=code)
        )
    # has_perm caches the permissions it read; a fresh object reads them again.
    return type(user).objects.get(pk=user.pk)


def test_a_superuser_gets_every_staff_page_of_the_event(tebo_event, admin_user):
    links = staff_links(event=tebo_event, user=admin_user)
    assert [link.name for link in links] == [
        "events:quota-overview",
        "participants:staff-list",
        "participants:check-in-today",
        "learning:results",
        "reports:print",
    ]
    assert links[1].url == reverse("participants:staff-list", args=[tebo_event.slug])


def test_staff_get_only_the_pages_their_permissions_open(tebo_event, staff_user):
    assert staff_links(event=tebo_event, user=staff_user) == []
    user = grant(staff_user, "participants.check_in")
    assert [link.name for link in staff_links(event=tebo_event, user=user)] == [
        "participants:check-in-today"
    ]


def test_a_ppks_operator_gets_only_the_registrations_of_the_event(tebo_event, staff_of):
    """Its role opens no page of the whole event; the link follows the page's gate."""
    from bodies.models import Body
    from bodies.roles import OPERATOR_PPK

    ppk = Body.objects.filter(kind=Body.Kind.PPK, regency=tebo_event.organiser.regency).first()
    user = staff_of(ppk, username="operator-ppk")
    user.groups.add(Group.objects.get(name=OPERATOR_PPK))
    assert [link.name for link in staff_links(event=tebo_event, user=user)] == [
        "participants:staff-list"
    ]


def test_the_check_in_desk_links_to_the_other_staff_pages(tebo_event, admin_client):
    page = admin_client.get(
        reverse("participants:check-in-today", args=[tebo_event.slug]), follow=True
    )
    html = page.content.decode()
    assert reverse("events:quota-overview", args=[tebo_event.slug]) in html
    assert reverse("reports:print", args=[tebo_event.slug]) in html


def test_the_admin_event_page_offers_the_staff_pages(tebo_event, admin_client):
    page = admin_client.get(reverse("admin:events_event_change", args=[tebo_event.pk]))
    assert reverse("participants:staff-list", args=[tebo_event.slug]) in page.content.decode()


def test_the_public_event_page_shows_no_staff_links_to_visitors(tebo_event, client):
    page = client.get(reverse("events:detail", args=[tebo_event.slug]))
    assert reverse("participants:staff-list", args=[tebo_event.slug]) not in page.content.decode()
