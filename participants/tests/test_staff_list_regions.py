"""The staff list's region filters: a regency before its kecamatan (#22, item 4)."""

import pytest
from django.urls import reverse

from bodies.models import Body, District, Regency
from events.tests.factories import EventFactory, QuotaRuleFactory

from .factories import RegistrationFactory, generated_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(client, user_with):
    """A KPU RI event over 2 provinces x 2 regencies x 2 kecamatan, one PPS registrant in
    each of two kecamatan of different regencies."""
    generated_country()
    event = EventFactory(organiser=Body.objects.get(kind=Body.Kind.KPU_RI))
    rule = QuotaRuleFactory(event=event, body_kind="PPS", seats=1)
    for code, name in (("90.01.01", "Ani Kecamatan Satu"), ("91.02.02", "Budi Provinsi Dua")):
        unit = Body.objects.filter(kind="PPS", district__code=code).first()
        RegistrationFactory(quota_rule=rule, unit=unit, full_name=name)
    client.force_login(user_with("view_registration"))
    return event


def list_page(client, event, **query):
    return client.get(reverse("participants:staff-list", args=[event.slug]), query)


def names(response) -> list[str]:
    return sorted(r.full_name for r in response.context["page"].object_list)


def test_a_multi_regency_event_offers_regencies_and_no_kecamatan_until_one_is_chosen(
    client, national
):
    response = list_page(client, national)

    html = response.content.decode()
    assert len(response.context["regencies"]) == 4
    assert response.context["districts"] == []
    assert 'name="kabupaten"' in html and 'name="kecamatan"' not in html
    assert names(response) == ["Ani Kecamatan Satu", "Budi Provinsi Dua"]


def test_a_chosen_regency_lists_its_people_and_offers_only_its_kecamatan(client, national):
    regency = Regency.objects.get(code="90.01")

    response = list_page(client, national, kabupaten=regency.pk)

    assert names(response) == ["Ani Kecamatan Satu"]
    assert {d.regency_id for d in response.context["districts"]} == {regency.pk}
    assert len(response.context["districts"]) == 2
    district = District.objects.get(code="90.01.02")
    response = list_page(client, national, kabupaten=regency.pk, kecamatan=district.pk)
    assert names(response) == []


def test_a_kecamatan_of_another_regency_or_a_made_up_one_is_ignored(client, national):
    regency = Regency.objects.get(code="90.01")
    elsewhere = District.objects.get(code="91.02.02")

    response = list_page(client, national, kabupaten=regency.pk, kecamatan=elsewhere.pk)

    assert response.context["chosen"]["kecamatan"] is None
    assert names(response) == ["Ani Kecamatan Satu"]
    # (A NUL is answered 400 before any view: bimtek_portal's middleware.)
    for odd in ("9" * 30, "-1", "x" * 300, "'\"<>%", str(10**12)):
        response = list_page(client, national, kabupaten=odd, kecamatan=odd)
        assert response.status_code == 200
        assert names(response) == ["Ani Kecamatan Satu", "Budi Provinsi Dua"]


def test_a_one_regency_event_keeps_its_kecamatan_filter_without_a_regency(client, world, user_with):
    client.force_login(user_with("view_registration"))

    response = list_page(client, world.event)

    html = response.content.decode()
    assert 'name="kabupaten"' not in html
    assert [d.name for d in response.context["districts"]] == ["Rimbo", "Tengah Ilir"]


def test_the_list_of_a_national_event_costs_the_same_with_more_regencies(
    client, national, django_assert_num_queries
):
    list_page(client, national)
    # session, user, permissions (user, groups), office, event, regencies, count, rows,
    # attendance
    with django_assert_num_queries(10):
        list_page(client, national)
    generated_country(provinces=1, regencies=3, first=92)
    with django_assert_num_queries(10):
        response = list_page(client, national)
    assert len(response.context["regencies"]) == 7
