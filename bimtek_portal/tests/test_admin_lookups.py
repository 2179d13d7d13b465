"""Issue #9 finding 1: an admin list filters only by the filters it offers.

Django's `lookup_allowed` accepted any lookup on the model's own fields, so a desk
account read a NIK digit by digit: `?nik__startswith=1509` listed the person or not.
"""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from bodies.admin_security import OfferedFiltersOnly
from participants.models import Registration
from participants.tests.factories import RegistrationFactory, build_world
from reports.tests.factories import DocumentNumberFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"auth", "bodies", "events", "participants", "reports", "django_tasks_database"}


def our_admins():
    return sorted(
        (
            (model, model_admin)
            for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in OUR_APPS
        ),
        key=lambda pair: pair[0]._meta.label,
    )


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def populated(db, admin_user):
    """One row of each list, so every filter has a choice to offer."""
    world = build_world()
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    DocumentNumberFactory(office=world.kpu)
    return world


def test_every_admin_of_ours_uses_the_mixin():
    assert our_admins()
    for model, model_admin in our_admins():
        assert isinstance(model_admin, OfferedFiltersOnly), model._meta.label


@pytest.mark.parametrize(
    "model, model_admin", our_admins(), ids=lambda value: getattr(value, "__name__", "")
)
def test_a_lookup_the_admin_does_not_offer_is_refused(
    admin_client, admin_user, populated, model, model_admin
):
    request = RequestFactory().get("/")
    request.user = admin_user
    offered = model_admin.offered_lookups(request)
    field = next(
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in offered and f.attname not in offered
    )

    response = admin_client.get(changelist(model), {f"{field}__isnull": "0"})

    assert response.status_code == 400, field


@pytest.mark.parametrize(
    "model, model_admin", our_admins(), ids=lambda value: getattr(value, "__name__", "")
)
def test_every_filter_link_the_admin_shows_still_works(admin_client, populated, model, model_admin):
    url = changelist(model)
    page = admin_client.get(url)
    assert page.status_code == 200
    links = {unescape(href) for href in re.findall(r'href="(\?[^"]*)"', page.content.decode())}
    for link in links:
        assert admin_client.get(url + link).status_code == 200, link


@pytest.fixture
def person(populated):
    return Registration.objects.get()


@pytest.mark.parametrize(
    "query",
    [
        lambda p: {"nik": p.nik},
        lambda p: {"nik__startswith": p.nik[:7]},
        lambda p: {"nik__exact": p.nik},
        lambda p: {"birth_date": p.birth_date.isoformat()},
        lambda p: {"birth_date__year": str(p.birth_date.year)},
        lambda p: {"sex": p.sex},
        lambda p: {"phone__startswith": p.phone[:6]},
    ],
)
def test_a_desk_account_cannot_probe_personal_fields_in_the_registration_list(
    client, staff_of, person, query
):
    desk = staff_of(person.event.organiser, "participants.view_registration")
    client.force_login(desk)
    url = changelist(Registration)

    matching = client.get(url, query(person))

    assert matching.status_code == 400
    assert person.full_name not in matching.content.decode()


def test_the_desk_cannot_search_by_nik_but_may_by_name(client, staff_of, person):
    client.force_login(staff_of(person.event.organiser, "participants.view_registration"))
    url = changelist(Registration)

    by_nik = client.get(url, {"q": person.nik})
    by_name = client.get(url, {"q": person.full_name})

    assert person.full_name not in by_nik.content.decode()
    assert person.full_name in by_name.content.decode()


def test_who_may_see_the_full_nik_may_look_it_up(client, staff_of, person):
    client.force_login(
        staff_of(
            person.event.organiser,
            "participants.view_registration",
            "participants.view_full_nik",
        )
    )
    url = changelist(Registration)

    assert person.full_name in client.get(url, {"nik": person.nik}).content.decode()
    assert person.full_name in client.get(url, {"q": person.nik}).content.decode()


def test_a_lookup_through_a_relation_to_the_nik_is_refused(client, staff_of, person):
    client.force_login(staff_of(person.event.organiser, "participants.view_registrationlog"))

    response = client.get(
        reverse("admin:participants_registrationlog_changelist"),
        {"registration__nik__startswith": person.nik[:6]},
    )

    assert response.status_code == 400
