"""The public form's proof-of-work challenge (ALTCHA, #17 finding 8): a post without a
solved challenge is refused with an Indonesian message and stores nothing; a solution
counts once. In a real browser: test_browser.py (a throttled phone solves it)."""

import base64
import json
import time

import altcha
import pytest
from django.core.cache import cache
from django.urls import reverse

from participants.models import Registration

from .test_views_public import form_data, url
from .test_views_public import world as world

pytestmark = pytest.mark.django_db

REFUSED = "Pemeriksaan anti-robot belum selesai"


@pytest.fixture(autouse=True)
def challenge_on(settings):
    cache.clear()
    settings.BIMTEK_FORM_CHALLENGE = True
    # Cheap, so that the test solves it at once; the real figures: bench/README.md.
    settings.BIMTEK_FORM_CHALLENGE_COST = 10
    settings.BIMTEK_FORM_CHALLENGE_MAX = 20


def solved(client, world) -> str:
    """What the widget puts in the form: the fetched challenge and its solution."""
    response = client.get(reverse("participants:challenge", args=[world.event.slug]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    challenge = altcha.Challenge.from_dict(response.json())
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def test_the_form_carries_the_widget_and_its_scripts_from_the_portal_itself(client, world):
    html = client.get(url(world)).content.decode()
    assert "<altcha-widget" in html
    assert f'challenge="/daftar/{world.event.slug}/tantangan/"' in html
    assert "/static/vendor/altcha/altcha.min.js" in html
    assert "/static/vendor/altcha/workers/pbkdf2.js" in html
    assert "<noscript>" in html and "JavaScript" in html


def test_a_post_without_a_solved_challenge_is_refused_and_stores_nothing(client, world):
    response = client.post(url(world), form_data(world))
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not Registration.objects.exists()


def test_a_solved_challenge_lets_the_form_through_once(client, world):
    payload = solved(client, world)
    response = client.post(url(world), form_data(world, altcha=payload))
    assert response.status_code == 302 and Registration.objects.count() == 1
    # The same solution for a second seat: refused, as if none were sent.
    again = client.post(
        url(world),
        form_data(world, altcha=payload, nik="1509015705900002", village=world.villages[1].pk),
    )
    assert REFUSED in again.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    ["garbage", "other counter", "cheaper challenge", "expired"],
)
def test_a_forged_or_expired_solution_is_refused(client, world, settings, tamper):
    payload = json.loads(base64.b64decode(solved(client, world)))
    if tamper == "garbage":
        forged = "eyJub3QiOiAianNvbiJ9!!"
    else:
        if tamper == "other counter":
            payload["solution"]["counter"] += 1
            payload["solution"]["derivedKey"] = "00" * 32
        elif tamper == "cheaper challenge":
            payload["challenge"]["parameters"]["cost"] = 1
        else:
            payload["challenge"]["parameters"]["expiresAt"] = int(time.time()) - 1
        forged = base64.b64encode(json.dumps(payload).encode()).decode()
    response = client.post(url(world), form_data(world, altcha=forged))
    assert REFUSED in response.content.decode()
    assert not Registration.objects.exists()


def test_a_refused_seat_keeps_the_widget_without_asking_the_used_solution_again(client, world):
    client.post(url(world), form_data(world, altcha=solved(client, world)))  # the only seat
    response = client.post(
        url(world),
        form_data(world, altcha=solved(client, world), nik="1509015705900002", submission_key="k2"),
    )
    html = response.content.decode()
    assert "sudah penuh" in html and REFUSED not in html
    assert "<altcha-widget" in html


def test_the_challenge_is_off_when_switched_off(client, world, settings):
    settings.BIMTEK_FORM_CHALLENGE = False
    assert "<altcha-widget" not in client.get(url(world)).content.decode()
    challenge = reverse("participants:challenge", args=[world.event.slug])
    assert client.get(challenge).status_code == 404
    assert client.post(url(world), form_data(world)).status_code == 302
