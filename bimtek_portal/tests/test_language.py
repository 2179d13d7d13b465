"""The portal answers in Indonesian whatever the browser asks, until the visitor switches."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_speaks_indonesian_to_a_browser_set_to_english(client):
    response = client.get(reverse("events:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()
    assert "Masuk staf" in response.content.decode()


def test_the_language_switch_gives_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("events:home"))
    assert page["Content-Language"] == "en"
    assert "Staff login" in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    response = client.get(reverse("events:home"))
    assert response["Content-Language"] == "id"


def test_a_missing_page_answers_404_in_indonesian(client):
    response = client.get("/daftar/r/TIDAKADA/xyz/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
