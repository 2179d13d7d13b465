"""Every kind of page works in a real browser under the Content Security Policy as served.

Chromium enforces the policy the live server sends (CSP middleware active, debug off).
Each blocked script, style or image fires a `securitypolicyviolation` event and logs a
console error; both are collected across the whole visit, and so are script errors.
The pages' own scripts must still run: the registration form narrows its lists.
"""

import os
import re

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


@pytest.fixture
def watched(page):
    """The page, and the list of everything that went wrong on it."""
    problems: list[str] = []
    page.expose_function("reportViolation", lambda text: problems.append(f"CSP: {text}"))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text} ({message.location['url']})")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error} ({page.url})"))
    return page, problems


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")


def test_every_page_works_under_the_policy_without_a_single_violation(
    live_server, watched, tebo_event_ahead, admin_user, settings
):
    tebo_event = tebo_event_ahead
    from bodies.models import Village

    page, problems = watched
    # The form's anti-robot widget runs under the policy too (its "external" build).
    settings.BIMTEK_FORM_CHALLENGE = True
    base = live_server.url
    slug = tebo_event.slug
    village = (
        Village.objects.filter(district__regency__code="15.09", kind="desa")
        .select_related("district")
        .order_by("code")
        .first()
    )

    # The public side: home, event, form (its script narrows the lists), confirmation.
    visit(page, base + "/")
    visit(page, f"{base}/acara/{slug}/")
    visit(page, f"{base}/daftar/{slug}/")
    expect(page.locator("select[name=village]")).to_be_hidden()  # the script ran
    page.check("input[name=body_kind][value=PPS]")
    page.select_option("select[name=district]", str(village.district_id))
    page.select_option("select[name=village]", str(village.pk))
    page.fill("input[name=full_name]", "Siti Aminah, S.Pd.")
    page.fill("input[name=nik]", "1509015705900001")
    page.fill("input[name=phone]", "0812 3456 7890")
    # The widget has put its solution in the form.
    expect(page.locator("input[name=altcha]")).to_have_value(re.compile(".+"), timeout=30_000)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(re.compile(r"/daftar/p/[^/]+/\?baru=1$"))
    page.wait_for_load_state("load")
    assert page.locator(".qr svg").count() == 1  # the code for the desk
    private = page.url.split("?")[0]

    # The private page, its link as a QR code, and its correction form.
    visit(page, private)
    visit(page, private + "qr/")
    assert page.locator(".qr svg").count() == 1
    visit(page, private + "ubah/")

    # Staff: sign in through the admin's own form, then every staff page.
    visit(page, f"{base}/admin/login/?next=/admin/")
    page.fill("input[name=username]", admin_user.username)
    page.fill("input[name=password]", "password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    from participants.models import Registration

    registered = Registration.objects.get(nik="1509015705900001")
    for path in (
        f"/daftar/staf/{slug}/",
        f"/daftar/staf/registrasi/{registered.pk}/",
        f"/daftar/staf/registrasi/{registered.pk}/perbaiki/",
        f"/daftar/staf/{slug}/hadir/",
        f"/kelola/acara/{slug}/kuota/",
        f"/dokumen/{slug}/",
        "/admin/participants/registration/",
        f"/admin/events/event/{tebo_event.pk}/change/",
        f"/admin/auth/user/{admin_user.pk}/change/",
        "/admin/events/turnoutresult/impor/",
    ):
        visit(page, base + path)
        if path.endswith("/kuota/"):
            assert bars_drawn_to_scale(page) > 0

    assert problems == []


BAR_WIDTHS = """() => Array.from(document.querySelectorAll(".progress-bar"))
  .filter((bar) => bar.parentElement.getBoundingClientRect().width > 0)
  .map((bar) => [
    Number((bar.className.match(/\\bbar-(\\d+)\\b/) || [0, -1])[1]),
    100 * bar.getBoundingClientRect().width / bar.parentElement.getBoundingClientRect().width,
  ])"""


def bars_drawn_to_scale(page) -> int:
    """Each visible bar as wide as its class says (bars.css loaded, no inline style needed)."""
    bars = page.evaluate(BAR_WIDTHS)
    for wanted, drawn in bars:
        assert wanted >= 0 and abs(drawn - wanted) < 1.5, (wanted, drawn)
    # Most seats are still free (bars near 0 %): a probe proves the classes take effect.
    probe = page.evaluate(
        """() => {
        const box = document.createElement("div");
        box.className = "progress";
        box.innerHTML = '<div class="progress-bar bar-37"></div>';
        document.body.appendChild(box);
        return 100 * box.firstChild.getBoundingClientRect().width / box.getBoundingClientRect().width;
    }"""
    )
    assert abs(probe - 37) < 1, probe
    return len(bars)


def test_the_watch_sees_a_violation_when_there_is_one(live_server, watched, tebo_event):
    # The control: an inline script added to a page served under the policy is
    # blocked, and the fixture reports it. Without this, an empty list proves nothing.
    page, problems = watched
    visit(page, live_server.url + "/")
    page.evaluate(
        """() => {
        const s = document.createElement("script");
        s.textContent = "window.ran = true";
        document.body.appendChild(s);
    }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran === undefined")
    assert any(p.startswith("CSP: script-src") for p in problems), problems
