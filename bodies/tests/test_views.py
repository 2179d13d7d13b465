import pytest
from django.urls import reverse

from bodies.models import District, Village

pytestmark = pytest.mark.django_db

URL = "/wilayah/desa/"


def test_the_url_is_named_bodies_villages():
    assert reverse("bodies:villages") == URL


def test_it_lists_one_kecamatans_villages_by_name_in_one_query(
    client, tebo_regency, django_assert_num_queries
):
    district = District.objects.get(code="15.09.01", edition="2025")

    with django_assert_num_queries(1):
        response = client.get(URL, {"district": district.pk})

    assert response.status_code == 200
    data = response.json()
    stored = Village.objects.filter(district=district)
    assert len(data) == stored.count()
    assert [row["name"] for row in data] == sorted(row["name"] for row in data)
    muara_tebo = stored.get(code="15.09.01.1001")
    assert {"id": muara_tebo.pk, "name": "Muara Tebo", "kind": "kelurahan"} in data
    assert "max-age=3600" in response["Cache-Control"]


def test_an_unknown_kecamatan_gives_an_empty_list(client, db):
    response = client.get(URL, {"district": 999999})

    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("query", [{}, {"district": "abc"}, {"district": "-1"}, {"district": ""}])
def test_a_missing_or_malformed_kecamatan_is_a_clear_400(client, db, query):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert response.json()["error"]
    assert "max-age" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("district", ["²", "١٢", "9" * 30, str(2**63)])
def test_a_digit_like_or_too_large_kecamatan_is_a_clear_400_not_a_crash(client, db, district):
    response = client.get(URL, {"district": district})

    assert response.status_code == 400
    assert response.json()["error"]


def test_the_largest_possible_kecamatan_number_is_just_unknown(client, db):
    response = client.get(URL, {"district": str(2**63 - 1)})

    assert response.status_code == 200
    assert response.json() == []


def test_only_get_is_allowed(client, db):
    assert client.post(URL, {"district": 1}).status_code == 405
