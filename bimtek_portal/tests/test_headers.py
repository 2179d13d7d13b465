"""Headers every page carries: the Content Security Policy, and no-store on private pages.

The browser-side proof that no page breaks under the policy is in
participants/tests/test_browser_csp.py; these tests check what the server sends
and what the templates contain.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", ["/", "/admin/login/", "/tidak-ada/", "/healthz"])
def test_every_page_carries_a_policy_that_allows_only_the_portals_own_scripts(client, url):
    response = client.get(url)
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_admin_pages_carry_the_policy(admin_client, tebo_event):
    for url in (
        reverse("admin:index"),
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[tebo_event.pk]),
    ):
        assert policy(admin_client.get(url))["script-src"] == ["'self'"], url


# Rendered by WeasyPrint into PDFs, never by a browser: the policy does not apply.
PDF_TEMPLATES = {
    p.name
    for p in (Path(settings.BASE_DIR) / "templates" / "reports").glob("*.html")
    if not p.name.startswith("print_")
}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on*= handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def browser_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = list((base / "templates").rglob("*.html"))
    for app in ("bodies", "events", "participants", "reports", "bimtek_portal"):
        found += list((base / app / "templates").rglob("*.html"))
    return [p for p in found if not (p.parent.name == "reports" and p.name in PDF_TEMPLATES)]


def test_no_template_a_browser_renders_has_inline_script_or_style():
    offences = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in browser_templates()
        for pattern, what in INLINE
        if pattern.search(path.read_text())
    ]
    assert offences == []


def test_the_template_scan_finds_what_it_looks_for(tmp_path):
    page = '<div style="width: 3%"><button onclick="go()">x</button><script>go()</script></div>'
    found = {what for pattern, what in INLINE if pattern.search(page)}
    assert found == {"style attribute", "on*= handler", "inline script"}
    allowed = (
        '<script src="/static/x.js" defer></script><script type="application/json">{}</script>'
    )
    assert not any(pattern.search(allowed) for pattern, _what in INLINE)


def test_every_admin_list_renders_without_inline_script_or_style(admin_client, tebo_registration):
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for pattern, what in INLINE:
            assert not pattern.search(html), f"{url}: {what}"


def test_the_event_admin_shows_the_totals_badge_with_classes_not_inline_style(
    admin_client, tebo_event
):
    tebo_event.declared_total = 1
    tebo_event.save(update_fields=["declared_total"])
    html = admin_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert 'class="totals-differ"' in html
    assert "events/admin.css" in html


# --- never cached ------------------------------------------------------------


def assert_not_stored(response):
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_private_link_pages_are_never_cached(client, tebo_registration, settings):
    token = tebo_registration.private_token
    for name in ("participants:detail", "participants:edit", "participants:cancel"):
        assert_not_stored(client.get(reverse(name, args=[token])))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("participants:staff-list", "slug"),
        ("participants:check-in-today", "slug"),
        ("participants:staff-detail", "pk"),
        ("events:quota-overview", "slug"),
        ("reports:print", "slug"),
    ],
)
def test_the_staff_pages_are_never_cached(admin_client, tebo_registration, name, args):
    arg = tebo_registration.event.slug if args == "slug" else tebo_registration.pk
    assert_not_stored(admin_client.get(reverse(name, args=[arg]), follow=True))


def test_the_staff_export_is_never_cached(admin_client, tebo_event):
    url = reverse("participants:staff-export", kwargs={"slug": tebo_event.slug, "fmt": "csv"})
    assert_not_stored(admin_client.get(url))


def test_a_staff_page_asking_an_anonymous_visitor_to_log_in_is_not_cached_either(
    client, tebo_event
):
    response = client.get(reverse("participants:staff-list", args=[tebo_event.slug]))
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_an_admin_list_without_actions_gets_its_style_from_a_file(admin_client, monkeypatch):
    from events.models import Election

    model_admin = admin.site._registry[Election]
    monkeypatch.setattr(model_admin, "actions_on_top", False)
    monkeypatch.setattr(model_admin, "actions_on_bottom", False)
    html = admin_client.get(reverse("admin:events_election_changelist")).content.decode()
    assert "<style" not in html
    assert "css/admin-no-actions.css" in html
    assert "admin/css/changelists.css" in html
