"""The public pages' copies kept per process for a few seconds (participants/public_cache.py).

These tests turn the keeping on (the test settings keep it off), move the clock of the
per-process cache instead of sleeping, and run the after-commit hooks, which move the
event's version. test_public_cache_processes.py shows it across two real processes.
"""

import re
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from bimtek_portal.testing.dates import days_ahead
from events.models import Event
from learning.selectors import event_learning
from participants import public_cache
from participants.models import Registration
from participants.ratelimit import rate_limited
from participants.services import registration_cancel

from .test_views_public import form_data, url

pytestmark = pytest.mark.django_db

SECONDS = 3
# The four requests of one registration, the seat cache warm. The post: the rate
# limiter's count, then the registration service's 11 (in a test's transaction
# its BEGIN and COMMIT are savepoints: savepoint, unit, event FOR SHARE, rule lock,
# replay under the lock, seats and NIK, savepoint, insert, release, log, release).
# The seat version is bumped after the commit, in the cache: none in a test.
# The event itself is kept per process (public_cache.public_event), and so are the event
# page and the empty form for a visitor without a session (kept_pages). The private
# page: the registration with its event; the learning section's materials and test
# windows are kept, and the person's submissions are asked only when the event has a
# test or a survey.
FLOW_QUERIES = {"event page": 0, "form": 0, "post": 16, "private page": 1}
# The limiter's share of the post when it opens a new window on the database cache (the
# counter row's update, the insert under its savepoints, the clean-up); after that one
# UPDATE ... RETURNING a post, and none with CACHE_URL on Redis. The goal of 20 is checked
# on the flow's own queries.
RATE_LIMITER_QUERIES = 5


def move_the_clock(monkeypatch):
    """The per-process cache's clock (LocMemCache asks time.time()): `now[0] += seconds`."""
    now = [time.time()]
    fake = SimpleNamespace(time=lambda: now[0])
    monkeypatch.setattr(locmem, "time", fake)
    monkeypatch.setattr(cache_base, "time", fake)
    return now


@pytest.fixture
def world(world):
    """The test regency's event a month ahead: its form takes registrations."""
    days_ahead(world.event)
    return world


@pytest.fixture
def clock(settings, monkeypatch):
    """The keeping on, with a clock the test moves on."""
    settings.BIMTEK_KEPT_SECONDS = SECONDS
    now = move_the_clock(monkeypatch)
    public_cache.forget_all()

    def tick(seconds):
        now[0] += seconds

    cache.clear()
    yield tick
    public_cache.forget_all()


@pytest.fixture
def commit_hooks(django_capture_on_commit_callbacks):
    """Run the services' after-commit hooks, as a real commit would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def desa_option(html, village):
    desa_list = re.search(r'<select name="village".*?</select>', html, re.S).group(0)
    return re.search(rf'<option value="{village.pk}"[^>]*>[^<]*</option>', desa_list).group(0)


def test_a_taken_seat_shows_full_once_the_kept_lists_are_checked(
    client, world, clock, commit_hooks
):
    desa = world.villages[0]
    assert "penuh" not in desa_option(client.get(url(world)).content.decode(), desa)

    response = commit_hooks(lambda: client.post(url(world), form_data(world)))
    assert response.status_code == 302

    # Within the allowed age the kept lists are shown as they were...
    assert "penuh" not in desa_option(client.get(url(world)).content.decode(), desa)
    clock(SECONDS + 1)
    # ...then the changed seat version makes them be built again.
    option = desa_option(client.get(url(world)).content.decode(), desa)
    assert "disabled data-full" in option and "(penuh)" in option


def test_a_freed_seat_shows_free_once_the_kept_lists_are_checked(
    client, world, clock, commit_hooks
):
    desa = world.villages[0]
    commit_hooks(lambda: client.post(url(world), form_data(world)))
    clock(SECONDS + 1)
    assert "(penuh)" in desa_option(client.get(url(world)).content.decode(), desa)

    commit_hooks(lambda: registration_cancel(registration=Registration.objects.get()))
    clock(SECONDS + 1)

    option = desa_option(client.get(url(world)).content.decode(), desa)
    assert "penuh" not in option and "disabled" not in option


def test_the_kept_form_carries_no_visitors_csrf_token(world, clock):
    forms = [
        re.search(r'<form method="post" action="/daftar/.*?</form>', page, re.S).group(0)
        for page in (Client().get(url(world)).content.decode() for _ in range(2))
    ]
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', form) for form in forms]
    # Each visitor's form has one token, its own: the kept part of the form has none.
    assert [len(found) for found in tokens] == [1, 1] and tokens[0] != tokens[1]
    keys = [re.findall(r'name="submission_key" value="(\w+)"', form) for form in forms]
    assert [len(found) for found in keys] == [1, 1] and keys[0] != keys[1]


def test_unchanged_seats_are_not_counted_again(client, world, clock, django_assert_num_queries):
    client.get(url(world))
    with django_assert_num_queries(0):  # the event and the page are kept
        client.get(url(world))
    clock(SECONDS + 1)
    with django_assert_num_queries(2):  # the event read again, the seat version unchanged
        client.get(url(world))
    with django_assert_num_queries(0):  # checked: kept for another period
        client.get(url(world))


def test_a_change_in_the_admin_builds_the_lists_again(client, world, clock, commit_hooks):
    client.get(url(world))

    def in_the_admin():  # no service: the receivers on the models are told
        world.event.title = "Bimtek Uji Berganti Nama"
        world.event.save()
        world.pps_rule.delete()

    commit_hooks(in_the_admin)
    assert "Sungai Abang" in client.get(url(world)).content.decode()  # the allowed age
    clock(SECONDS + 1)
    html = client.get(url(world)).content.decode()
    assert "Bimtek Uji Berganti Nama" in html and "Sungai Abang" not in html


def test_a_change_not_committed_moves_no_version(client, world, clock):
    client.get(url(world))
    world.pps_rule.delete()  # rolled back in the end: no commit, no hook run
    clock(SECONDS + 1)
    assert "Sungai Abang" in client.get(url(world)).content.decode()


def test_with_the_shared_cache_down_copies_last_one_period(
    client, world, clock, commit_hooks, monkeypatch
):
    monkeypatch.setattr(public_cache.shared, "get_many", lambda keys: {})  # a tolerant miss
    client.get(url(world))
    world.pps_rule.delete()  # nobody can be told
    assert "Sungai Abang" in client.get(url(world)).content.decode()  # kept all the same
    clock(SECONDS + 1)
    assert "Sungai Abang" not in client.get(url(world)).content.decode()


def test_a_seat_gone_since_the_page_was_shown_is_refused_with_the_reason(
    client, world, clock, commit_hooks
):
    desa = world.villages[0]
    client.get(url(world))
    # Someone else takes the desa's only seat; the kept lists still offer it.
    commit_hooks(lambda: client.post(url(world), form_data(world)))
    assert "penuh" not in desa_option(client.get(url(world)).content.decode(), desa)

    response = client.post(
        url(world), form_data(world, nik="1509015705900002", submission_key="key-2")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kuota PPS Desa Sungai Abang, Kec. Rimbo untuk" in html and "sudah penuh" in html
    # Shown again with the seats as they are now, not as the kept lists had them.
    assert "(penuh)" in desa_option(html, desa)
    assert Registration.objects.count() == 1


def test_the_event_page_seats_left_follow_the_seat_version(client, world, clock, commit_hooks):
    # Coming up: the page of an event whose days are over shows no seats left.
    ahead = timezone.localdate() + timedelta(days=3)
    Event.objects.filter(pk=world.event.pk).update(first_day=ahead, last_day=ahead)
    page = reverse("events:detail", args=[world.event.slug])

    def seats_left():
        html = client.get(page).content.decode()
        return int(re.search(r"Sisa (\d+) kursi\.", html).group(1))

    before = seats_left()
    commit_hooks(lambda: client.post(url(world), form_data(world)))
    assert seats_left() == before  # kept for the allowed age
    clock(SECONDS + 1)
    assert seats_left() == before - 1


def test_the_four_requests_of_a_registration_cost_at_most_20_queries(
    client, world, clock, django_assert_num_queries
):
    event_page = reverse("events:detail", args=[world.event.slug])
    client.get(event_page)  # warm: the event, seats, agenda, lists and pages are kept
    client.get(url(world))
    event_learning(event=world.event)  # as the first private page of the event did
    public_cache.event_by_id(event_id=world.event.pk)  # the same

    with django_assert_num_queries(FLOW_QUERIES["event page"]):
        client.get(event_page)
    with django_assert_num_queries(FLOW_QUERIES["form"]):
        client.get(url(world))
    with django_assert_num_queries(FLOW_QUERIES["post"]):
        response = client.post(url(world), form_data(world))
    with django_assert_num_queries(FLOW_QUERIES["private page"]):
        client.get(response["Location"])

    post = RequestFactory().post(url(world), REMOTE_ADDR="10.0.0.9")
    with django_assert_num_queries(RATE_LIMITER_QUERIES):
        rate_limited(post, scope="register", rate="20/m")
    assert sum(FLOW_QUERIES.values()) - RATE_LIMITER_QUERIES <= 20


def test_the_kept_lists_speak_each_visitors_language(client, world, clock, commit_hooks):
    commit_hooks(lambda: client.post(url(world), form_data(world)))
    clock(SECONDS + 1)
    assert "(penuh)" in desa_option(client.get(url(world)).content.decode(), world.villages[0])

    english = Client()
    english.cookies["django_language"] = "en"
    option = desa_option(english.get(url(world)).content.decode(), world.villages[0])
    assert "(full)" in option and "penuh" not in option
