"""The public form of an event across regencies (KPU RI's, a KPU Provinsi's): its units are
chosen step by step (province, regency, kecamatan, desa), so the page stays small whatever
the number of units. Budgets from issue #22: under 60 KB, the refused post too."""

import datetime as dt
import json
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from bimtek_portal.testing.dates import days_ahead
from bodies.models import Body, District, Province, Regency
from bodies.services import bodies_derive_for_regency
from events.models import ParticipantRole
from events.tests.factories import EventFactory, QuotaRuleFactory, add_villages
from participants.models import Registration
from participants.unit_picker import picks_step_by_step

from .factories import build_world
from .test_views_public import pps_form

pytestmark = pytest.mark.django_db

FORM_BUDGET_BYTES = 60_000
# Event (public_event), rules (the kinds and roles), the provinces with units of the event.
QUERIES_OF_THE_FORM = 3
# The form's three, the rate limit, the lists along the chosen path (regencies, kecamatan,
# desa), the unit, the registration service's reads and writes, then the refusal's message
# (other desa still open) and the lists again, built afresh.
QUERIES_OF_A_REFUSED_POST = 30
NIK = "1509011705880001"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def build_country(*, provinces=2, regencies=3, districts=10, villages=35):
    """Provinces 98, 99 (codes no real province has) of `regencies` regencies each, with
    their KPU offices, PPK and PPS derived as the import does: 2 x 3 x 10 x 35 = 2,100 desa."""
    country = SimpleNamespace(provinces=[], regencies=[], districts=[])
    for p in range(provinces):
        province = Province.objects.create(code=f"{98 + p}", name=f"Provinsi Uji {'AB'[p]}")
        country.provinces.append(province)
        for r in range(1, regencies + 1):
            regency = Regency.objects.create(
                code=f"{province.code}.{40 + r}",
                name=f"Kabupaten Uji {'AB'[p]}{r}",
                province=province,
                kind="kabupaten",
            )
            country.regencies.append(regency)
            for d in range(1, districts + 1):
                # The same kecamatan names in every regency, as 670 are in the country.
                district = District.objects.create(
                    code=f"{regency.code}.{d:02d}", name=f"Kecamatan {d}", regency=regency
                )
                country.districts.append(district)
                add_villages(district=district, count=villages)
            bodies_derive_for_regency(regency=regency)
    return country


def national_event(organiser, *, slug="bimtek-nasional"):
    soon = timezone.localdate() + dt.timedelta(days=30)
    event = EventFactory(organiser=organiser, slug=slug, first_day=soon, last_day=soon)
    QuotaRuleFactory(event=event, body_kind="PPK", role=ParticipantRole.SOSDIKLIH, order=1)
    QuotaRuleFactory(event=event, body_kind="PPS", role=ParticipantRole.SOSDIKLIH, order=2)
    return event


@pytest.fixture
def country(db):
    country = build_country()
    country.event = national_event(Body.objects.get(kind=Body.Kind.KPU_RI))
    return country


def url(event):
    return reverse("participants:register", args=[event.slug])


def places(event, **query):
    return reverse("participants:register-places", args=[event.slug]), query


def a_desa(country, *, regency=4, district=2, village=7):
    """A desa deep in the second province, its PPS, and the path to it."""
    district = District.objects.get(code=f"99.{40 + regency - 3}.{district:02d}")
    pps = (
        Body.objects.filter(kind=Body.Kind.PPS, district=district)
        .select_related("village", "district", "regency", "province")
        .order_by("village__code")[village]
    )
    return pps


def path_to(pps, **change):
    """The form as sent after choosing `pps`'s province, regency, kecamatan and desa."""
    places = {
        "province": pps.province_id,
        "regency": pps.regency_id,
        "district": pps.district_id,
        "village": pps.village_id,
    }
    return pps_form(**{**places, **change})


def options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    return re.findall(r'<option value="(\d+)"', select.group(0)) if select else None


class TestTheFormStaysSmall:
    def test_the_form_of_a_national_event_is_under_budget_in_few_queries(
        self, client, country, django_assert_num_queries
    ):
        assert Body.objects.filter(kind=Body.Kind.PPS).count() >= 1_000
        with django_assert_num_queries(QUERIES_OF_THE_FORM):
            response = client.get(url(country.event))
        html = response.content.decode()
        assert response.status_code == 200
        assert len(response.content) < FORM_BUDGET_BYTES
        # The provinces the event covers, and no regency, kecamatan or desa yet.
        assert options(html, "province") == [str(p.pk) for p in country.provinces]
        assert options(html, "regency") == options(html, "district") == []
        assert options(html, "village") == []
        assert 'data-places-url="/daftar/bimtek-nasional/wilayah/"' in html

    def test_a_refused_post_shows_the_same_small_form_with_the_chosen_path(
        self, client, country, django_assert_max_num_queries
    ):
        pps = a_desa(country)
        assert client.post(url(country.event), path_to(pps)).status_code == 302
        with django_assert_max_num_queries(QUERIES_OF_A_REFUSED_POST):
            response = client.post(
                url(country.event),
                path_to(pps, nik="1509015705900002", submission_key="key-2"),
            )
        html = response.content.decode()
        assert response.status_code == 200 and "sudah penuh" in html
        # What is still open, counted over every other desa of the country.
        assert "2099 kursi di 2099 unit" in html
        assert len(response.content) < FORM_BUDGET_BYTES
        # The lists along the person's path, their choices kept; the full desa marked.
        assert len(options(html, "regency")) == 3 and len(options(html, "district")) == 10
        assert len(options(html, "village")) == 35
        assert f'<option value="{pps.district_id}" selected>' in html
        assert re.search(rf'<option value="{pps.village_id}" selected disabled data-full>', html)
        assert Registration.objects.count() == 1

    def test_a_regency_event_keeps_its_whole_lists(self, client, db):
        world = build_world()
        days_ahead(world.event)
        assert not picks_step_by_step(world.event)
        html = client.get(url(world.event)).content.decode()
        assert 'name="province"' not in html and 'name="regency"' not in html
        assert '<optgroup label="Rimbo">' in html and 'data-places-url=""' in html


class TestRegistering:
    def test_a_pps_member_registers_with_the_whole_path(self, client, country):
        pps = a_desa(country)
        response = client.post(url(country.event), path_to(pps))
        assert response.status_code == 302
        assert Registration.objects.get().unit == pps

    def test_a_ppk_member_registers_with_its_kecamatan(self, client, country):
        ppk = Body.objects.filter(kind=Body.Kind.PPK, regency=country.regencies[1]).first()
        data = path_to(ppk, body_kind="PPK", village="")
        assert client.post(url(country.event), data).status_code == 302
        assert Registration.objects.get().unit == ppk

    @pytest.mark.parametrize("level", ["regency", "district", "village"])
    def test_a_place_outside_the_one_chosen_above_it_is_refused(self, client, country, level):
        pps = a_desa(country)
        elsewhere = a_desa(country, regency=5, district=3, village=1)
        data = path_to(pps, **{level: getattr(elsewhere, f"{level}_id")})
        response = client.post(url(country.event), data)
        assert response.status_code == 200
        assert "Mohon perbaiki isian" in response.content.decode()
        assert not Registration.objects.exists()

    def test_a_kpu_provinsi_event_starts_at_its_regencies(self, client, country):
        province = country.provinces[1]
        event = national_event(
            Body.objects.get(kind=Body.Kind.KPU_PROVINSI, province=province),
            slug="bimtek-provinsi",
        )
        html = client.get(url(event)).content.decode()
        assert 'name="province"' not in html
        assert options(html, "regency") == [
            str(r.pk) for r in country.regencies if r.province_id == province.pk
        ]
        pps = a_desa(country)
        data = path_to(pps)
        del data["province"]
        assert client.post(url(event), data).status_code == 302


class TestStepByStepWithoutJavaScript:
    def test_each_step_lists_the_places_of_the_choice_above_and_stores_nothing(
        self, client, country
    ):
        pps = a_desa(country)
        typed = {
            "body_kind": "PPS",
            "full_name": "Siti Aminah",
            "nik": NIK,
            "phone": "0812",
            "submission_key": "key-9",
            "step": "1",
        }
        html = client.post(url(country.event), {**typed, "province": pps.province_id})
        html = html.content.decode()
        assert options(html, "regency") == [
            str(r.pk) for r in country.regencies if r.province_id == pps.province_id
        ]
        assert options(html, "district") == []
        # What was typed comes back; no error is shown for what is still to fill in.
        assert 'value="Siti Aminah"' in html and 'value="key-9"' in html
        assert "Mohon perbaiki isian" not in html and "wajib" not in html
        html = client.post(
            url(country.event),
            {**typed, "province": pps.province_id, "regency": pps.regency_id},
        ).content.decode()
        assert len(options(html, "district")) == 10 and options(html, "village") == []
        html = client.post(
            url(country.event),
            {
                **typed,
                "province": pps.province_id,
                "regency": pps.regency_id,
                "district": pps.district_id,
            },
        ).content.decode()
        assert len(options(html, "village")) == 35
        assert str(pps.village_id) in options(html, "village")
        assert not Registration.objects.exists()
        # Then the form sent with its Register button registers.
        assert client.post(url(country.event), path_to(pps)).status_code == 302

    def test_the_step_button_is_in_the_form(self, client, country):
        html = client.get(url(country.event)).content.decode()
        assert '<button type="submit" name="step" value="1"' in html

    def test_a_step_does_not_take_the_honeypot_or_the_challenge(self, client, country):
        data = {"body_kind": "PPS", "website": "http://spam", "altcha": "x", "step": "1"}
        html = client.post(url(country.event), data).content.decode()
        assert "http://spam" not in html and not Registration.objects.exists()


class TestPlacesJson:
    def test_a_province_gives_its_regencies(self, client, country):
        path, query = places(country.event, province=country.provinces[0].pk)
        response = client.get(path, query)
        assert response.status_code == 200
        assert "max-age=300" in response["Cache-Control"]
        assert "public" in response["Cache-Control"]
        items = response.json()["items"]
        assert [item["label"] for item in items] == [
            "Kabupaten Uji A1",
            "Kabupaten Uji A2",
            "Kabupaten Uji A3",
        ]
        assert set(items[0]) == {"id", "label", "full"}

    def test_a_regency_gives_its_kecamatan(self, client, country):
        regency = country.regencies[2]
        items = client.get(*places(country.event, regency=regency.pk)).json()["items"]
        assert {item["id"] for item in items} == set(
            District.objects.filter(regency=regency).values_list("pk", flat=True)
        )

    def test_a_kecamatan_gives_its_desa_with_the_full_ones_marked(self, client, country):
        pps = a_desa(country)
        client.post(url(country.event), path_to(pps))
        response = client.get(*places(country.event, district=pps.district_id))
        items = response.json()["items"]
        assert len(items) == 35 and len(response.content) < 4_000
        full = [item for item in items if item["full"]]
        assert [item["id"] for item in full] == [pps.village_id]
        assert full[0]["label"].endswith("(penuh)")
        # Nothing per person: the same answer for anyone, whatever their NIK.
        assert NIK not in response.content.decode() and "Ahmad" not in response.content.decode()

    def test_only_units_of_the_event_are_listed(self, client, country):
        province = country.provinces[0]
        event = national_event(
            Body.objects.get(kind=Body.Kind.KPU_PROVINSI, province=province),
            slug="bimtek-provinsi",
        )
        elsewhere = country.regencies[-1]  # of the other province
        assert elsewhere.province_id != province.pk
        assert client.get(*places(event, regency=elsewhere.pk)).json() == {"items": []}
        assert client.get(*places(event, q="Kecamatan 3 1")).json()["items"]
        found = client.get(*places(event, q="Desa Kecamatan 3 1")).json()["items"]
        assert found and all(
            Regency.objects.get(pk=item["path"]["regency"]).province_id == province.pk
            for item in found
        )

    def test_a_desa_is_found_by_name_with_its_whole_path(self, client, country):
        pps = a_desa(country)
        items = client.get(*places(country.event, q=pps.village.name)).json()["items"]
        mine = [item for item in items if item["id"] == pps.village_id]
        assert mine == [
            {
                "id": pps.village_id,
                "label": (
                    f"PPS Desa {pps.village.name}, Kec. {pps.district.name}, "
                    f"{pps.regency.name}, {pps.province.name}"
                ),
                "path": {
                    "province": pps.province_id,
                    "regency": pps.regency_id,
                    "district": pps.district_id,
                    "village": pps.village_id,
                },
            }
        ]
        assert len(items) <= 20

    @pytest.mark.parametrize(
        "query",
        [{"q": "ab"}, {"q": "x" * 61}, {"province": "abc"}, {"district": "²"}, {}],
    )
    def test_bad_questions_get_a_400_in_indonesian(self, client, country, query):
        response = client.get(
            reverse("participants:register-places", args=["bimtek-nasional"]), query
        )
        assert response.status_code == 400
        assert json.loads(response.content)["error"]

    def test_a_regency_event_has_no_picker(self, client, db):
        world = build_world()
        response = client.get(*places(world.event, district=world.districts[0].pk))
        assert response.status_code == 404

    def test_the_search_is_rate_limited(self, client, country, settings):
        settings.BIMTEK_FORM_CHALLENGE_RATE = "2/m"
        statuses = [client.get(*places(country.event, q="Desa")).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]


def test_what_is_still_open_is_counted_in_the_database_not_read_unit_by_unit(
    country, django_assert_num_queries
):
    """The refusal's "still open" part reads three examples, not every open unit: with
    83,762 PPS that cost a refused post seconds of CPU."""
    from django.db.models.signals import post_init

    from events.models import QuotaRule
    from participants.ledger import quota_full_error

    rule = QuotaRule.objects.get(event=country.event, body_kind="PPS")
    pps = a_desa(country)
    bodies_read = []

    def count(sender, instance, **kwargs):
        bodies_read.append(instance)

    post_init.connect(count, sender=Body)
    try:
        with django_assert_num_queries(5):  # rules, units, seats held, three, their names
            message = quota_full_error(rule=rule, unit=pps).message
    finally:
        post_init.disconnect(count, sender=Body)
    assert len(bodies_read) <= 3 + 1  # the examples, and the rule's organiser
    assert "2099 seat(s) in 2099 unit(s), e.g. PPS Desa Desa Kecamatan 1 1, Kec. Kecamatan 1" in (
        message
    )
