"""Whole public pages kept per process for visitors without a session (participants/kept_pages.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from bimtek_portal.testing.dates import days_ahead
from participants import public_cache
from participants.kept_pages import CSRF_MARK, kept_page
from participants.public_cache import EventCopies

from . import test_public_cache
from .test_public_cache import SECONDS
from .test_views_public import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    """The test regency's event a month ahead: its form takes registrations."""
    days_ahead(world.event)
    return world


@pytest.fixture
def clock(settings, monkeypatch):
    """The keeping on, with a clock the test moves on (as in test_public_cache)."""
    yield from test_public_cache.clock.__wrapped__(settings, monkeypatch)


def event_page(world) -> str:
    return reverse("events:detail", args=[world.event.slug])


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_each_visitor_gets_their_own_token_on_the_kept_event_page(world, clock):
    first, second = Client(), Client()
    pages = [first.get(event_page(world)), second.get(event_page(world))]
    tokens = [csrf_tokens(page.content.decode()) for page in pages]
    assert all(len(found) == 1 for found in tokens) and tokens[0] != tokens[1]
    assert all(CSRF_MARK not in page.content.decode() for page in pages)
    # The token on the page matches the visitor's cookie: the language switch posts.
    response = first.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0][0]},
    )
    assert response.status_code == 302


def test_the_kept_form_posts_with_its_visitors_token_and_key(world, clock):
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(url(world)).content.decode()
    key = re.search(r'name="submission_key" value="(\w+)"', html).group(1)
    assert "submission_key" + CSRF_MARK not in html and key
    from .test_views_public import form_data

    response = visitor.post(
        url(world), form_data(world, submission_key=key, csrfmiddlewaretoken=csrf_tokens(html)[0])
    )
    assert response.status_code == 302


def test_a_signed_in_staff_member_is_not_given_the_visitors_page(world, clock):
    Client().get(event_page(world))  # kept for visitors
    staff = get_user_model().objects.create_user("staf", password="x" * 12, is_staff=True)
    client = Client()
    client.force_login(staff)
    html = client.get(event_page(world)).content.decode()
    staff_link = f'href="{reverse("admin:index")}"'
    assert staff_link in html  # the staff link, rendered for them
    assert staff_link not in Client().get(event_page(world)).content.decode()


def test_a_query_string_is_rendered_for_its_visitor(world, clock):
    Client().get(event_page(world))  # kept for the bare address
    html = Client().get(event_page(world) + "?utm=wa").content.decode()
    # The language form sends the visitor back to the address they came by.
    assert f'value="{event_page(world)}?utm=wa"' in html


def test_a_change_to_the_event_shows_once_the_version_is_read_again(
    world, clock, django_capture_on_commit_callbacks
):
    Client().get(event_page(world))
    world.event.title = "Bimtek Berganti Judul"
    with django_capture_on_commit_callbacks(execute=True):  # the save's commit tells all
        world.event.save()
    assert "Bimtek Berganti Judul" not in Client().get(event_page(world)).content.decode()
    clock(SECONDS + 1)
    assert "Bimtek Berganti Judul" in Client().get(event_page(world)).content.decode()


def test_only_token_characters_are_written_in_unescaped(world, settings):
    request = RequestFactory().get("/acara/x/")
    store = EventCopies(event_id=world.event.pk, version=None)
    with pytest.raises(ValueError, match="unescaped"):
        kept_page(
            request,
            store=store,
            key=None,
            template="participants/register.html",
            context={"event": world.event},
            per_visitor={"submission_key": '"><script>'},
        )


def test_the_cache_off_renders_every_request(world, settings):
    settings.BIMTEK_KEPT_SECONDS = 0
    public_cache.forget_all()
    Client().get(event_page(world))
    world.event.title = "Bimtek Langsung Terlihat"
    world.event.save()
    assert "Bimtek Langsung Terlihat" in Client().get(event_page(world)).content.decode()
