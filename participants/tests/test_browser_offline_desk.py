"""Two desks in real browsers lose the network, check people in, and sync: nothing lost or doubled.

Chromium (Debian's, through Playwright) with `context.set_offline(True)`: the desk page
is reloaded with no network and comes from the service worker; check-ins go to the
outbox in IndexedDB and reach the server when the network is back.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from bimtek_portal.testing.browser import wait_for_js
from participants.models import Attendance, CheckInScan, Registration

from .factories import RegistrationFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


ROSTER_SIZE = """(slug) => new Promise((done) => {
  const opening = indexedDB.open("bimtek-hadir-" + slug);
  opening.onsuccess = () => {
    const counting = opening.result.transaction("roster").objectStore("roster").count();
    counting.onsuccess = () => done(counting.result);
  };
})"""


@pytest.fixture
def people(world):
    """Eight verified participants of the small world's event, held today and tomorrow
    (the desk forgets the roster of an event that is over)."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    world.event.first_day, world.event.last_day = today, today + dt.timedelta(days=1)
    world.event.save(update_fields=["first_day", "last_day"])
    seats = [(world.kpu_rule, world.kpu, n) for n in (1, 2, 3)]
    seats += [(world.ppk_rule, ppk, 1) for ppk in world.ppk]
    seats += [(world.pps_rule, pps, 1) for pps in world.pps]
    names = [
        "Ahmad Fauzi",
        "Siti Aminah",
        "Budi Santoso",
        "Rina Marlina",
        "Joko Susilo",
        "Dewi Lestari",
        "Hendra Gunawan",
        "Yusuf Maulana",
    ]
    return [
        RegistrationFactory(
            quota_rule=rule,
            unit=unit,
            seat_number=seat,
            full_name=name,
            status=Registration.Status.VERIFIED,
        )
        for (rule, unit, seat), name in zip(seats, names, strict=True)
    ]


@pytest.fixture
def desk_account(user_with):
    return user_with("check_in")


def open_desk(browser, live_server, account, world, problems):
    """A phone-sized browser context signed in as `account`, on the desk, roster loaded and
    the page kept by the service worker."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="id-ID")
    client = Client()
    client.force_login(account)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.expose_function("reportViolation", lambda text: problems.append(f"CSP: {text}"))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda m: (
            problems.append(f"console: {m.text}")
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    desk = live_server.url + reverse("participants:check-in-offline", args=[world.event.slug])
    response = page.goto(desk)
    assert response.ok and "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#roster-info")).to_contain_text("8")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The worker kept the page at install: wait for it, as a desk would before the doors open.
    wait_for_js(
        page,
        "(url) => caches.open('bimtek-desk-pages').then((c) => c.match(url)).then(Boolean)",
        arg=desk,
    )
    return context, page, desk


def go_offline_and_reload(context, page):
    context.set_offline(True)
    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(page.locator("#net")).to_have_text("Luring: data hadir disimpan di perangkat ini")
    assert (
        page.evaluate("fetch('/healthz').then(() => 'reached', () => 'no network')") == "no network"
    )


def check_in(page, text, expected):
    page.fill("#query", text)
    page.click("#checkin-button")
    expect(page.locator("#result")).to_contain_text(expected)


def test_two_offline_desks_sync_without_losing_or_doubling_a_check_in(
    live_server, browser, world, people, desk_account
):
    problems: list[str] = []
    SHOTS.mkdir(parents=True, exist_ok=True)
    a_context, a, desk = open_desk(browser, live_server, desk_account, world, problems)
    a.screenshot(path=SHOTS / "desk-online.png")
    b_context, b, _desk = open_desk(browser, live_server, desk_account, world, problems)
    assert problems == []  # the desk loaded under the CSP, its scripts ran

    # Both desks lose the network with the roster on the device.
    go_offline_and_reload(a_context, a)
    go_offline_and_reload(b_context, b)
    for person in people[:5]:
        check_in(a, person.code.lower(), "tersimpan, belum terkirim")
    check_in(a, "dewi lest", "tersimpan, belum terkirim")  # people[5], by name
    check_in(a, people[0].code, "Sudah hadir")  # the same person again on this desk: warned
    expect(a.locator("#count-pending")).to_have_text("6")
    expect(a.locator("#count-present")).to_have_text("6")
    a.screenshot(path=SHOTS / "desk-offline-outbox.png")
    for person in (people[0], people[1], people[6]):
        check_in(b, person.code, "tersimpan, belum terkirim")
    expect(b.locator("#count-pending")).to_have_text("3")
    assert Attendance.objects.count() == 0 and CheckInScan.objects.count() == 0

    # A's network comes back: its outbox goes out on "online".
    a_context.set_offline(False)
    expect(a.locator("#count-pending")).to_have_text("0")
    assert Attendance.objects.count() == 6
    expect(a.locator("#recent")).to_contain_text("tercatat")

    sent: list[str] = []
    b.on(
        "request",
        lambda request: (
            sent.append(request.post_data) if request.url.endswith("/sinkron/") else None
        ),
    )
    b_context.set_offline(False)
    expect(b.locator("#count-pending")).to_have_text("0")
    assert Attendance.objects.count() == 7
    duplicates = CheckInScan.objects.filter(result="duplicate")
    assert sorted(s.registration_id for s in duplicates) == sorted([people[0].pk, people[1].pk])
    assert CheckInScan.objects.count() == 9  # every scan kept: 6 + 3
    assert set(Attendance.objects.values_list("registration_id", flat=True)) == {
        p.pk for p in people[:7]
    }
    expect(b.locator("#recent")).to_contain_text("sudah hadir (duplikat)")
    # B heard of A's check-ins: all seven present on B's count too.
    b.click("#send-now")
    expect(b.locator("#count-present")).to_have_text("7")
    b.screenshot(path=SHOTS / "desk-after-sync.png")

    # The same request again (a retry whose answer was lost) changes nothing.
    scans_body = next(body for body in sent if body and json.loads(body)["scans"])
    csrf = b.locator("#desk").get_attribute("data-csrf")
    replay = b_context.request.post(
        live_server.url + reverse("participants:check-in-sync", args=[world.event.slug]),
        data=scans_body,
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf},
    )
    assert replay.ok
    assert [r["result"] for r in replay.json()["results"]] == ["duplicate", "duplicate", "recorded"]
    assert Attendance.objects.count() == 7 and CheckInScan.objects.count() == 9

    # The review page lists the two duplicates.
    b.goto(live_server.url + reverse("participants:check-in-review", args=[world.event.slug]))
    assert b.locator(".duplicate-scans li").count() == 2
    assert problems == []

    # Signing out at the desk takes the names off the device (A has sent everything).
    a.click("#sign-out button")
    a.wait_for_url("**/admin/logout/")
    assert a.evaluate(ROSTER_SIZE, world.event.slug) == 0
    a_context.close()
    b_context.close()
