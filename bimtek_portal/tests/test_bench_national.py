"""bench/national.py keeps working (issue #22 item 6): its setup at a tiny scale (Kota
Banjar's 4 kecamatan and 25 desa instead of the country), its bulk rows as the registration
service writes them, and its measurements answered by today's pages.

The tests that set it up run on PostgreSQL only, the database the bench measures.
"""

import importlib.util
import os
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.urls.resolvers import URLResolver

from bodies.labels import unit_label
from events.models import Event
from events.selectors import units_for_rule
from participants import services
from participants.codes import looks_like_code
from participants.models import Attendance, Registration
from participants.person import PersonData

skip_on_sqlite = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the national bench sets up and measures PostgreSQL only (bench/README.md)",
)


def postgres_only(test):
    return pytest.mark.postgres(skip_on_sqlite(test))


BENCH = Path(__file__).resolve().parents[2] / "bench" / "national.py"
BANJAR = "32.79"  # Kota Banjar, Jawa Barat: 4 kecamatan, 25 desa
SCALE = 27 / 90_000  # 27 registrations: 2 of the 29 units stay free


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_national", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bench(db):
    module = load_bench()
    module.summary = module.setup(prefix=BANJAR, scale=SCALE)
    return module


def service_registration(bench, *, verified: bool) -> Registration:
    """One registration through the service, on a unit the bench left free."""
    event = Event.objects.get(slug=bench.NATIONAL_SLUG)
    taken = set(Registration.objects.filter(event=event).values_list("quota_rule", "unit"))
    rule, unit = next(
        (rule, unit)
        for rule in event.quota_rules.order_by("order", "id")
        for unit in units_for_rule(rule=rule).order_by("pk")
        if (rule.pk, unit.pk) not in taken
    )
    registration = services.registration_create(
        event=event,
        quota_rule=rule,
        unit=unit,
        role=rule.role,
        person=PersonData(
            full_name="Siti Rahayu",
            nik=f"{unit.district.code.replace('.', '')}4101900001",
            phone="0812 3456 7890",
            position="Anggota PPS",
        ),
        submission_key=str(uuid.uuid4()),
    )
    if verified:
        registration = services.registration_verify(
            registration=registration, actor=bench.staff_user()
        )
    return Registration.objects.get(pk=registration.pk)


def shape(registration: Registration) -> dict:
    """Which fields are filled, and how the log reads: what a bulk row must share."""
    filled = {
        field.attname: getattr(registration, field.attname) not in (None, "")
        for field in Registration._meta.concrete_fields
    }
    log = sorted(
        (entry.action, sorted(entry.detail), entry.actor_id is not None)
        for entry in registration.log.all()
    )
    return {"filled": filled, "log": log}


@postgres_only
def test_the_setup_fills_the_national_event_and_leaves_seats_free(bench):
    filled = bench.summary["filled"]
    assert bench.summary["units"] == {bench.NATIONAL_SLUG: 29, bench.JABAR_SLUG: 29}
    assert (filled["registrations"], filled["free units"]) == (27, 2)
    national = Registration.objects.filter(event__slug=bench.NATIONAL_SLUG)
    assert national.count() == 27
    assert national.filter(status="verified").count() == filled["verified"] > 0
    assert national.filter(status="pending").count() == filled["pending"] > 0
    days = Event.objects.get(slug=bench.NATIONAL_SLUG).days
    present = Attendance.objects.filter(registration__event__slug=bench.NATIONAL_SLUG)
    assert present.count() == filled["present on every day"] * len(days) > 0


@postgres_only
@pytest.mark.parametrize("verified", [False, True], ids=["pending", "verified"])
def test_a_bulk_row_is_shaped_as_the_service_writes_it(bench, verified):
    made = service_registration(bench, verified=verified)
    bulk = (
        Registration.objects.filter(event=made.event, status=made.status)
        .exclude(pk=made.pk)
        .select_related("unit__village", "unit__district")
        .first()
    )
    assert shape(bulk) == shape(made)
    assert looks_like_code(bulk.code)
    assert len(bulk.private_link_hash) == len(bulk.submission_key_hash) == 64
    created = bulk.log.get(action="created")
    assert created.detail == {"seat": bulk.seat_number, "unit": unit_label(bulk.unit)}


@postgres_only
def test_each_measurement_is_answered_by_todays_pages(bench, settings):
    settings.BIMTEK_SEAT_CACHE_SECONDS = 3  # as in production: the kept pages and lists
    slug = bench.NATIONAL_SLUG
    rows = [
        *bench.measure_form(bench.form_url(slug), "form", warm=1),
        *bench.measure_refused(bench.form_url(slug), warm=1),
        *bench.measure_quota(slug, "quota"),
        *bench.measure_export(slug, "csv"),
        *bench.measure_export(slug, "xlsx"),
        *bench.measure_check_in(slug, scans=1),
        *bench.measure_staff_list(slug),
        *bench.measure_document_request(slug, "rekapitulasi", "rekapitulasi"),
    ]
    assert all(row["status"] in (200, 302) and row["seconds"] > 0 for row in rows), rows
    assert {row["row"] for row in rows} >= {
        "form post refused (a new worker's first)",
        "check-in desk one scan (first)",
        "staff export XLSX",
        "rekapitulasi",
    }
    scanned = Registration.objects.filter(event__slug=slug, attendances__isnull=False).distinct()
    assert scanned.count() == bench.summary["filled"]["present on every day"] + 1


def test_the_print_form_reader_sends_the_documents_own_fields():
    bench = load_bench()
    reader = bench.PrintForm("/dokumen/x/cetak/rekapitulasi/")
    reader.feed(
        '<form action="/dokumen/x/cetak/daftar-hadir/"><input name="other" value="1"></form>'
        '<form action="/dokumen/x/cetak/rekapitulasi/">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="t">'
        '<select name="rekapitulasi-paper"><option value="A4">A4</option>'
        '<option value="F4" selected>F4</option></select>'
        '<input type="text" name="rekapitulasi-date" value="">'
        '<button type="submit">Buat PDF</button></form>'
    )
    assert reader.found
    assert reader.fields == {
        "csrfmiddlewaretoken": "t",
        "rekapitulasi-paper": "F4",
        "rekapitulasi-date": "",
    }


def test_the_free_units_are_spread_over_the_list():
    bench = load_bench()
    free = bench._spread_free(100, 4)
    assert len(free) == 4
    assert max(free) - min(free) >= 50
    assert bench._spread_free(10, 0) == set()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_new_worker_is_forked_after_the_warm_up_and_opens_its_own_connection(monkeypatch):
    """As gunicorn's: the parent (the master) holds no connection when it forks, the
    worker finds the URL resolvers warm_up built and none the bench's own reverse() did,
    and its figures come back with its own peak memory."""
    bench = load_bench()
    bench.form_url("acara")  # fills the form's namespace resolver, then dropped
    filled = []
    populate = URLResolver._populate
    monkeypatch.setattr(URLResolver, "_populate", lambda r: (filled.append(r), populate(r))[1])

    def measure(meter):
        filled.clear()
        reverse("participants:register", args=["acara"])
        connected = connection.connection is not None
        return [{"pid": os.getpid(), "connected": connected, "filled": len(filled)}]

    (row,) = bench.new_worker(measure)
    assert row["pid"] != os.getpid()
    assert row["connected"] is False
    assert row["filled"] == 0
    assert row["rss_mb"] > 0


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_that_fails_fails_the_measurement():
    bench = load_bench()

    def measure(meter):
        raise RuntimeError("the page answered 500")

    with pytest.raises(SystemExit, match="worker process failed"):
        bench.new_worker(measure)
