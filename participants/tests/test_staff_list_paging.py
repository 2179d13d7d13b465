"""The staff list's paging on a national event: the page's keys first (participants.paging),
the kecamatan filter without a join, the bodies' index in list order. Each page must be
the plain list sliced, in the same order, for the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Registration
from participants.selectors import RegistrationFilter, registration_list

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(world):
    """Two and a half pages (of 100) across every PPS and PPK; the cancelled ones share
    seat 1 of their unit, so only the pk tells them apart in the list's order."""
    units = [*world.pps, *world.ppk]
    for n in range(250):
        unit = units[n % len(units)]
        RegistrationFactory(
            quota_rule=world.pps_rule if unit.kind == "PPS" else world.ppk_rule,
            unit=unit,
            seat_number=1,
            status=Registration.Status.CANCELLED,
            full_name=f"Peserta {n:03d}",
        )
    return world


def test_each_page_is_the_plain_list_sliced_in_order(client, crowd, user_with):
    client.force_login(user_with("view_registration"))
    url = reverse("participants:staff-list", args=[crowd.event.slug])
    everyone = list(registration_list(event=crowd.event).values_list("pk", flat=True))
    assert len(everyone) == 250
    shown = []
    for number in (1, 2, 3):
        shown += [r.pk for r in client.get(url, {"halaman": number}).context["page"]]
    assert shown == everyone


def test_a_page_sorts_only_keys_then_joins_its_rows(client, crowd, user_with):
    client.force_login(user_with("view_registration"))
    url = reverse("participants:staff-list", args=[crowd.event.slug])
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"halaman": 2})
    page = [q["sql"] for q in queries if "bodies_village" in q["sql"]]
    # One query for the page's rows, its 100 keys chosen by a subquery: the sort of
    # 90,000 whole joined rows was what made page 500 of a national event 4 s.
    assert len(page) == 1
    assert " IN (SELECT " in page[0] and "LIMIT 100 OFFSET 100" in page[0]


@pytest.mark.parametrize(
    "query",
    [{}, {"halaman": 2}, {"halaman": 3, "unsur": "PPS", "status": "cancelled", "q": "Peserta"}],
)
def test_the_list_costs_ten_queries_on_any_page(
    client, crowd, user_with, django_assert_num_queries, query
):
    client.force_login(user_with("view_registration"))
    url = reverse("participants:staff-list", args=[crowd.event.slug])
    # session, user, permissions (user, groups), the user's KPU office, event,
    # regencies, count, the page's rows, their attendance
    with django_assert_num_queries(10):
        response = client.get(url, query)
    assert len(response.context["page"]) > 0


def test_a_kecamatan_lists_its_ppk_and_the_pps_of_its_villages(crowd):
    district = crowd.districts[0]
    rows = registration_list(event=crowd.event, filters=RegistrationFilter(district_id=district.pk))
    expected = [
        r.pk
        for r in registration_list(event=crowd.event)
        if (r.unit.district_id == district.pk)
        or (r.unit.village_id and r.unit.village.district_id == district.pk)
    ]
    assert expected and [r.pk for r in rows] == expected


def test_the_bodies_have_their_list_order_index():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "bodies_body")
    index = constraints["body_list_order_idx"]
    assert index["index"] and index["columns"] == ["kind", "satker_code", "name", "id"]
