"""Every staff page outside the admin is behind the one gate (`events.access.staff_required`).

The URLs come from the resolver, never from a list of staff pages: each URL is either
named below as open to visitors (or to a signed-in account before its second factor),
or it must carry the gate. A staff view added later without it fails here.
"""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bodies.models import Body
from events.staff_links import PAGES, page_gate, staff_links
from reports import tasks

pytestmark = pytest.mark.django_db

# Open to every visitor, each for its reason.
PUBLIC = {
    "healthz",  # the load balancer's probe
    "favicon.ico",
    "set_language",  # the language switch
    "bodies:villages",  # the registration form's list of desa
    "events:home",
    "events:detail",
    "events:privacy",
    "participants:register",
    "participants:challenge",
    "participants:register-places",
    # The participant's private link: the token is the key (participants.access.private_link).
    "participants:detail",
    "participants:link-qr",
    "participants:edit",
    "participants:cancel",
    "participants:account",
    "participants:calendar",
    "participants:own-data",
    "participants:erase",
    "participants:old-link",  # says the old link is gone
    "learning:quiz",
    "learning:survey",
    "learning:material",
    "learning:public-material",
    "reports:verify",  # anyone checks a certificate's number
    # The offline desk's service worker and manifest: browsers fetch them without the
    # session cookie; they read nothing and name no event (see their views).
    "participants:check-in-offline-sw",
    "participants:check-in-offline-manifest",
}
# For a signed-in account before its second factor: where it enrols or gives it.
BEFORE_SECOND_FACTOR = {"accounts:two-factor", "accounts:recovery-codes"}


def _routes(resolver=None, namespace="", groups=()):
    """(name, view, the URL's keyword arguments) of every URL outside the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        found = (*groups, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern, inner, found)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)
            yield name, pattern.callback, found


ROUTES = {name: (view, kwargs) for name, view, kwargs in _routes()}
GATED = sorted(name for name, (view, _kwargs) in ROUTES.items() if hasattr(view, "staff_gate"))


def test_every_url_is_either_open_by_name_or_behind_the_staff_gate():
    ungated = sorted(
        name for name in ROUTES if name not in PUBLIC | BEFORE_SECOND_FACTOR and name not in GATED
    )
    assert ungated == [], f"staff views without events.access.staff_required: {ungated}"
    assert not (PUBLIC | BEFORE_SECOND_FACTOR) & set(GATED)
    assert (PUBLIC | BEFORE_SECOND_FACTOR) <= set(ROUTES), "a name here is no URL any more"
    # Every page of participants' staf/, kelola/ and the documents, at least.
    assert len(GATED) >= 25


def test_each_staff_link_reads_the_gate_of_the_page_it_leads_to():
    """events.staff_links writes no rule of its own: it takes the page's gate."""
    for name, _label in PAGES:
        assert page_gate(name) is ROUTES[name][0].staff_gate, name


@pytest.fixture
def accounts(staff_of, kpu_tebo):
    """Staff of the Tebo office holding one permission each that a linked page asks, and
    a PPK's operator holding them all."""
    from bodies.models import Body

    asked = sorted({p for name, _label in PAGES for p in page_gate(name).permissions})
    made = [staff_of(kpu_tebo, permission, username=permission) for permission in asked]
    ppk = Body.objects.filter(kind=Body.Kind.PPK, regency=kpu_tebo.regency).first()
    return [*made, staff_of(ppk, *asked, username="operator-ppk")]


@pytest.mark.parametrize("capped", [True, False], ids=["ppk-capped", "ppk-uncapped"])
def test_the_staff_links_show_a_page_exactly_to_whom_its_gate_lets_in(
    client, accounts, tebo_event, settings, capped
):
    """The pills on the staff pages (events.staff_links), asked of every kind of account.

    Uncapped: without bodies.backends, which keeps a PPK's account to its role's
    permissions, only the gates' whole_event keeps the operator out of the other pages,
    and the links must follow that too."""
    if not capped:
        settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    for user in accounts:
        client.force_login(user)
        let_in = [
            name
            for name, _label in PAGES
            if client.get(reverse(name, args=[tebo_event.slug])).status_code != 403
        ]
        shown = [link.name for link in staff_links(event=tebo_event, user=user)]
        assert shown == let_in, user.username
        assert shown, f"{user.username} opens none of the pages: the test would prove nothing"


@pytest.fixture
def url_of(tebo_registration):
    """The URL of a gated page, with real arguments (a done job for the job pages)."""
    event = tebo_registration.event
    job_id = "staff-gate-test"
    path = default_storage.save(f"documents/{job_id}/daftar-hadir.pdf", ContentFile(b"%PDF-1.7"))
    job = {"state": "done", "file": path, "slug": event.slug, "document": "daftar-hadir"}
    cache.set(tasks.job_key(job_id), {**job, "options": {}, "user_id": None}, 60)
    values = {
        "slug": event.slug,
        "pk": tebo_registration.pk,
        "fmt": "csv",
        "day": event.first_day.isoformat(),
        "job_id": job_id,
        "document": "daftar-hadir",
        "level": "kecamatan",
    }
    # A region page's pk is a kecamatan of the event's area, not a registration.
    district = Body.objects.filter(kind=Body.Kind.PPK, regency=event.organiser.regency).first()
    region_values = {**values, "pk": district.district_id}

    def url(name):
        given = region_values if name == "events:quota-region" else values
        return reverse(name, kwargs={key: given[key] for key in ROUTES[name][1]})

    yield url
    default_storage.delete(path)


# One test per page, asking everything of it: each needs the seeded Tebo event.
@pytest.mark.parametrize("name", GATED)
def test_the_gate_lets_in_only_staff_of_an_office_with_the_permissions_and_nothing_is_stored(
    client, staff_of, kpu_ri, admin_client, url_of, name
):
    url = url_of(name)
    # Anonymous, whatever the method: off to sign in, and that answer is not stored either.
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (name, response.status_code)
        assert response["Location"].startswith(f"{reverse('admin:login')}?next=")
        assert "no-store" in response["Cache-Control"]

    # Staff of an office, without the page's permissions: refused.
    client.force_login(staff_of(kpu_ri, username="without-permissions"))
    assert client.get(url).status_code == 403

    # The page's permissions, but no office: told why.
    client.force_login(staff_of(None, *ROUTES[name][0].staff_gate.permissions))
    response = client.get(url)
    assert response.status_code == 403
    assert "Akun Anda belum terhubung ke kantor KPU" in response.content.decode()

    # Let in: whatever it answers is never stored (405 for a page that only takes a
    # post: that answer passes through the gate too).
    response = admin_client.get(url)
    assert response.status_code in (200, 302, 405), (name, response.status_code)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_gate_asks_for_the_second_factor_itself(admin_client, settings, tebo_event):
    """Not only the middleware: a staff page stays closed to an unverified session even
    if the middleware's path list let it through."""
    settings.BIMTEK_REQUIRE_2FA = True
    settings.MIDDLEWARE = [
        entry for entry in settings.MIDDLEWARE if not entry.endswith("TwoFactorRequiredMiddleware")
    ]
    url = reverse("learning:results", args=[tebo_event.slug])
    response = admin_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:two-factor')}?next={url}"


def test_a_signed_in_account_that_is_not_staff_is_sent_to_sign_in(client, staff_of, tebo_event):
    user = staff_of(None)
    user.is_staff = False
    user.is_superuser = True  # every permission, and no office needed: only the flag is missing
    user.save()
    client.force_login(user)
    response = client.get(reverse("participants:staff-list", args=[tebo_event.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
