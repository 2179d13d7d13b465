"""The quota overview of a national or provincial event, level by level (#22, item 2)."""

import pytest
from django.urls import reverse

from bodies.models import Body, District, Regency
from events.tests.factories import EventFactory, QuotaRuleFactory

from .factories import RegistrationFactory, generated_country

pytestmark = pytest.mark.django_db
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture
def national():
    """A KPU RI event: 1 seat per PPK and per PPS of 2 provinces x 2 regencies x 2 kecamatan
    x 3 desa (8 PPK, 24 PPS), two people registered in the first kecamatan."""
    provinces = list(generated_country())
    event = EventFactory(organiser=Body.objects.get(kind=Body.Kind.KPU_RI), slug="bimtek-ri")
    ppk_rule = QuotaRuleFactory(event=event, body_kind="PPK", seats=1, order=1)
    pps_rule = QuotaRuleFactory(event=event, body_kind="PPS", seats=1, order=2)
    first = District.objects.get(code="90.01.01")
    ppk = Body.objects.get(kind="PPK", district=first)
    pps = Body.objects.filter(kind="PPS", district=first).order_by("village__code").first()
    RegistrationFactory(quota_rule=ppk_rule, unit=ppk)
    RegistrationFactory(quota_rule=pps_rule, unit=pps, status="verified")
    RegistrationFactory(quota_rule=pps_rule, unit=pps, seat_number=1, status="cancelled")
    return event, provinces, first


def region_url(event, level, region):
    return reverse("events:quota-region", args=[event.slug, level, region.pk])


def test_a_national_events_top_page_lists_provinces_and_no_unit(admin_client, national):
    event, provinces, _first = national

    response = admin_client.get(reverse("events:quota-overview", args=[event.slug]), **ID)

    html = response.content.decode()
    page = response.context["page"]
    assert [row.region for row in page.rows] == provinces
    assert [(row.units, row.seats, row.taken, row.units_missing) for row in page.rows] == [
        (16, 16, 2, 14),
        (16, 16, 0, 16),
    ]
    assert (page.seats, page.taken, page.units) == (32, 2, 32)
    assert page.group is None
    units = Body.objects.filter(kind__in=["PPK", "PPS"])
    assert not [unit.name for unit in units if unit.name in html]  # no unit rows
    assert region_url(event, "provinsi", provinces[0]) in html


def test_a_page_drills_down_province_regency_kecamatan(admin_client, national):
    event, provinces, first = national

    province_page = admin_client.get(region_url(event, "provinsi", provinces[0]), **ID)
    regency = first.regency
    assert [row.region for row in province_page.context["page"].rows] == list(
        Regency.objects.filter(province=provinces[0]).order_by("code")
    )
    assert region_url(event, "kabupaten", regency) in province_page.content.decode()

    regency_page = admin_client.get(region_url(event, "kabupaten", regency), **ID)
    rows = regency_page.context["page"].rows
    assert [(row.region, row.taken) for row in rows] == [(first, 2), (rows[1].region, 0)]
    assert region_url(event, "kecamatan", first) in regency_page.content.decode()

    district_page = admin_client.get(region_url(event, "kecamatan", first), **ID)
    group = district_page.context["page"].group
    html = district_page.content.decode()
    assert [line.unit.kind for line in group.ppk_lines] == ["PPK"]
    assert [line.taken for line in group.pps_lines] == [1, 0, 0]
    assert all(line.unit.district == first for line in group.ppk_lines + group.pps_lines)
    assert html.count("<tr>") == 4  # its PPK and its three PPS, nothing else
    assert provinces[0].name in html and regency.name in html  # the way back up


def test_a_region_outside_the_events_area_is_not_found(admin_client, national, kpu_tebo):
    event, provinces, _first = national
    provincial = EventFactory(organiser=Body.objects.get(kind="KPU_PROV", province=provinces[0]))
    QuotaRuleFactory(event=provincial, body_kind="PPS", seats=1)
    other_regency = Regency.objects.filter(province=provinces[1]).first()
    other_district = District.objects.filter(regency__province=provinces[1]).first()

    assert admin_client.get(region_url(provincial, "kabupaten", other_regency)).status_code == 404
    assert admin_client.get(region_url(provincial, "kecamatan", other_district)).status_code == 404
    # A provincial event's top page is its province: no page above or beside it.
    assert admin_client.get(region_url(provincial, "provinsi", provinces[0])).status_code == 404
    tebo = kpu_tebo.regency
    assert admin_client.get(region_url(event, "kabupaten", tebo)).status_code == 200
    assert admin_client.get(region_url(event, "kecamatan", District(pk=10**12))).status_code == 404


def test_a_provincial_event_starts_at_its_regencies(admin_client, national):
    _event, provinces, first = national
    provincial = EventFactory(organiser=Body.objects.get(kind="KPU_PROV", province=provinces[0]))
    QuotaRuleFactory(event=provincial, body_kind="PPS", seats=2)

    response = admin_client.get(reverse("events:quota-overview", args=[provincial.slug]), **ID)

    rows = response.context["page"].rows
    assert [row.region.province for row in rows] == [provinces[0], provinces[0]]
    assert [(row.units, row.seats) for row in rows] == [(6, 12), (6, 12)]
    # Its kecamatan's page leads back through its regency, and every link up answers.
    page = admin_client.get(region_url(provincial, "kecamatan", first), **ID)
    trail = [url for _region, url in page.context["trail"]]
    assert trail == [region_url(provincial, "kabupaten", first.regency)]
    assert all(admin_client.get(url).status_code == 200 for url in trail)


def test_a_regency_event_keeps_its_whole_overview(admin_client, tebo_event):
    response = admin_client.get(reverse("events:quota-overview", args=[tebo_event.slug]), **ID)
    assert "overview" in response.context and "page" not in response.context


def test_the_overview_pages_cost_the_same_queries_whatever_the_number_of_units(
    admin_client, national, django_assert_num_queries
):
    event, provinces, first = national
    top_url = reverse("events:quota-overview", args=[event.slug])
    regency_url = region_url(event, "kabupaten", first.regency)
    admin_client.get(top_url)  # warm the session
    # session, user, event + organiser; summary: rules, units per kind, taken per rule;
    # level: rules, units per region, taken per region, the regions' names
    with django_assert_num_queries(10):
        admin_client.get(top_url)
    # session, user, event, the region; rules, units per region, taken, names
    with django_assert_num_queries(8):
        admin_client.get(regency_url)
    # session, user, event, the kecamatan; rules, its units, their seats taken
    with django_assert_num_queries(7):
        admin_client.get(region_url(event, "kecamatan", first))
    generated_country(
        provinces=1, regencies=3, districts=3, villages=4, first=92
    )  # more of everything
    with django_assert_num_queries(10):
        admin_client.get(top_url)


def test_staff_without_permission_a_ppk_operator_or_another_office_cannot_open_a_region(
    client, national, staff_of, kpu_tebo
):
    event, provinces, first = national
    without = staff_of(Body.objects.get(kind="KPU_RI"), username="no-permission")
    client.force_login(without)
    assert client.get(region_url(event, "kecamatan", first)).status_code == 403
    other = staff_of(kpu_tebo, "events.view_event", username="tebo")
    client.force_login(other)
    assert client.get(region_url(event, "kecamatan", first)).status_code == 404
    ppk = Body.objects.get(kind="PPK", district=first)
    operator = staff_of(ppk, "events.view_event", username="operator")
    client.force_login(operator)
    assert client.get(region_url(event, "kecamatan", first)).status_code == 403
