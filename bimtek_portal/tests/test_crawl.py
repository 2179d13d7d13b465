"""Every page a person can reach answers (issue 16, "What to build" 1).

On the seeded demo (`seed_demo --participants`: an event with materials, tests, a survey,
allowance lines and a plenary), with production's settings (debug off, the CSP, the
whitenoise manifest of collected static files, two-step sign-in compulsory), a superuser
and an account of each role sign in as a person does and open: the admin index, every
changelist, every add page, the change page of several objects of every registered model,
and every page those pages and the staff home link to; an anonymous visitor opens the home
page, a private link and what they link to. No answer is a 500, and the admin answers
each role as its permissions say.

The URLs come from the admin registry and from the pages' links, never from a list here,
so a model or a page added later is crawled too (see bimtek_portal/testing/crawl.py).
"""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import two_factor_required
from bimtek_portal.testing.crawl import Crawl
from bodies.models import Body, StaffOffice
from bodies.roles import ROLE_NAMES
from events.models import Event

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-crawl-panjang-2024"
# A role that may not open a page is told so (403) or, for what is outside its office,
# sent back to the admin index (Django admin's "does not exist" redirect) or not found.
DENIED = {302, 403, 404}
# Tried in every query parameter the pages were seen to take.
ODD_VALUES = ["\x00", "9" * 30, "-1", "2024-02-30", "x" * 300, "'\"<>%"]


@pytest.fixture
def production_static(settings, tmp_path_factory):
    """The manifest storage of production: a {% static %} of a file that is not collected
    fails the page, as it does behind gunicorn."""
    root = tmp_path_factory.mktemp("static")
    settings.STATIC_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    # The same storage, without its gzip and brotli copies: they change no page and
    # would cost two minutes of CI.
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = sorted(
        {Path(path).suffix.lstrip(".") for path in _static_sources()} - {""}
    )
    call_command("collectstatic", interactive=False, verbosity=0)
    return root


def _static_sources():
    for finder in get_finders():
        for path, _storage in finder.list(ignore_patterns=[]):
            yield path


@pytest.fixture
def demo(kpu_tebo, settings):
    settings.BIMTEK_REQUIRE_2FA = True
    call_command("seed_demo", "--participants", stdout=StringIO())
    return Event.objects.get(slug="bimtek-parmas-kpu-tebo-2024")


def accounts(django_user_model, kpu_office: Body) -> dict[str, object]:
    """The superuser and one account per role: the office's staff for Admin KPU and
    Sekretariat, a PPK of the regency for the Operator PPK."""
    ppk = Body.objects.filter(kind=Body.Kind.PPK, district__regency=kpu_office.regency).first()
    people = {"superuser": django_user_model.objects.create_superuser("crawl-admin", "", PASSWORD)}
    for role in ROLE_NAMES:
        user = django_user_model.objects.create_user(
            username=f"crawl-{role.lower().replace(' ', '-')}", password=PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        office = ppk if role == "Operator PPK" else kpu_office
        StaffOffice.objects.create(user=user, office=office)
        people[role] = user
    return people


def signed_in(user) -> Client:
    """Signs in through the login form, with the authenticator app's current code when
    the account must give a second factor, as production asks."""
    client = Client(raise_request_exception=False)
    code = ""
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    if two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(
        reverse("admin:login"),
        {"username": user.username, "password": PASSWORD, "otp_token": code, "next": "/admin/"},
    )
    assert response.status_code == 302, f"{user.username} could not sign in"
    return client


def admin_expectations(user) -> dict[str, set[int]]:
    """The admin's start pages and what the account's permissions say each answers."""
    request = RequestFactory().get("/admin/")
    request.user = type(user).objects.get(pk=user.pk)
    expected = {reverse("admin:index"): {200}}
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        may_view = model_admin.has_view_or_change_permission(request)
        expected[reverse("admin:{}_{}_changelist".format(*info))] = {200} if may_view else {403}
        may_add = model_admin.has_add_permission(request)
        expected[reverse("admin:{}_{}_add".format(*info))] = {200} if may_add else {403}
        # Several objects of each model: its first, a middle and its last row.
        rows = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        picked = {rows[0], rows[len(rows) // 2], rows[-1]} if rows else set()
        visible = (
            set(
                model_admin.get_queryset(request).filter(pk__in=picked).values_list("pk", flat=True)
            )
            if may_view
            else set()
        )
        for pk in sorted(picked):
            url = reverse("admin:{}_{}_change".format(*info), args=[pk])
            expected[url] = {200} if pk in visible else DENIED
    return expected


def private_link(event: Event, superuser) -> str:
    from participants.services import registration_private_link_issue

    registration = event.registrations.order_by("pk").first()
    token = registration_private_link_issue(registration=registration, actor=superuser)
    return reverse("participants:detail", args=[token])


def test_every_page_answers_every_role_as_its_permissions_say(
    production_static, demo, django_user_model, kpu_tebo, capsys
):
    assert not settings.DEBUG
    # The event the issue found broken: materials, tests, allowance lines, a plenary.
    assert demo.materials.exists() and demo.assessments.exists()
    assert demo.allowance_lines.exists() and demo.plenary_ba_number

    people = accounts(django_user_model, kpu_tebo)
    failures, summary, assets = [], {}, set()
    for name, user in people.items():
        crawl = Crawl(client=signed_in(user), follow=lambda path: True)
        expected = admin_expectations(user)
        for url, statuses in expected.items():
            visit = crawl.open(url)
            if visit.status not in statuses:
                failures.append(f"{name}: {url} answered {visit.status}, expected {statuses}")
        # The staff home: the public home page signed in, and the event's page with its
        # staff tools.
        crawl.open("/")
        crawl.open(reverse("events:detail", args=[demo.slug]))
        crawl.try_odd_values(ODD_VALUES)
        _collect(name, crawl, failures, summary)
        assets |= crawl.assets

    anonymous = Crawl(client=Client(raise_request_exception=False), follow=_public)
    anonymous.open("/")
    anonymous.open(private_link(demo, people["superuser"]), "(private link)")
    anonymous.try_odd_values(ODD_VALUES)
    _collect("anonymous", anonymous, failures, summary)

    # Every script, style sheet and image the pages ask for is in the manifest and served.
    static = Client()
    for asset in sorted(assets | anonymous.assets):
        if static.get(asset).status_code != 200:
            failures.append(f"static file {asset} is not served")

    with capsys.disabled():
        print(
            "\ncrawl:",
            ", ".join(f"{k} {v['pages']} pages, {v['failed']} failed" for k, v in summary.items()),
        )
    assert not failures, "\n".join(failures[:60]) + f"\n({len(failures)} in all)"


def _public(path: str) -> bool:
    return not path.startswith("/admin/") or path.startswith("/admin/login/")


def _collect(name, crawl, failures, summary):
    summary[name] = crawl.counts()
    for visit in crawl.visits:
        # A staff or public page shows a person only links they may follow. (The admin's
        # own pages may link to a related object of another office, which it cannot know.)
        if visit.status == 403 and not visit.came_from.startswith(("/admin/", "(")):
            failures.append(f"{name}: {visit.came_from} links to {visit.url}, which answers 403")
        if visit.status not in {200, 301, 302, 400, 403, 404, 405, 410}:
            failures.append(
                f"{name}: {visit.url} answered {visit.status} (linked from {visit.came_from})"
                + (f": {visit.error}" if visit.error else "")
            )
