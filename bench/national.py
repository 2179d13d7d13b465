"""Benchmark: a national event of KPU RI (1 seat per PPK and per PPS: 91,047 units) with
90,000 registrations, and KPU Provinsi Jawa Barat's (6,584 units), on PostgreSQL (issue #22).

    python bench/national.py [--scale 1] [--only form,quota,...] [--timeout 300]
        [--database-url postgres://postgres@127.0.0.1:5432/bimtek_bench_national]
        [--keep-db | --reuse-db NAME] [--regions-prefix 32.79]

1. Setup (skipped with --reuse-db): a fresh PostgreSQL database (dropped and made again),
   migrated; the whole shipped 2025 region edition imported (`import_regions`: 38 / 514 /
   7,285 / 83,762 regions and their bodies); a superuser; the two events made as staff make
   them (the model's full_clean, `quota_rule_save`, `event_open_registration`): one seat per
   PPK and one per PPS for KPU RI's (the whole country) and for KPU Provinsi Jawa Barat's.
   The national event is filled with `--scale` x 90,000 registrations by bulk inserts that
   write the rows `registration_create` writes (code, seat, hashed private link and form
   key, person fields as the form normalises them, the "created" log entry), most of them
   verified as `registration_verify` leaves them (status, by, at, "verified" entry); the
   seats left free are spread over the country, so the form still offers some. Of the
   verified, `--scale` x 1,000 were present on both days (attendance and "checked_in"
   entries, as the desk writes them): the certificates, and people the desk finds present.
   The event's days are today and tomorrow, so the desk scans for today.
2. Measurements, each in a fresh process (so its peak memory is that measurement's own),
   with production settings (debug off, hashed static files, the form's challenge on),
   through Django's test client on stable URL names. The public form's run in a worker
   started as gunicorn starts one (`new_worker`: the application loaded and `warm_up` run,
   then a fork), so its first request is a new worker's first, and the form's peak memory
   is that worker's. Staff pages as a superuser (two-step sign-in off: the client signs in
   without a device). A document is made the way the print
   page makes it: the page's own form posted as it is (its defaults); if the page hands it
   to the background worker, the job is then run as the worker runs it
   (`db_worker --batch`, its own process, after the request's), and the two times add up.
   Each child is killed after `--timeout` seconds and reported as "timeout". Peak memory is
   the most of the process's own maximum (ru_maxrss) and of the process tree's resident
   sizes summed, sampled every 0.1 s (the PDF renderer's worker processes included).
3. One line per figure: seconds, CPU ms of the measuring process, KB, peak RSS MB, queries
   and their database time, and the budget of issue #22 with the ratio and ✔ or ✘.

Pages change shape as the code changes: the bench measures what they answer and checks
only the status (200, or 302 where a redirect is the answer).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
NATIONAL_SLUG = "bench-nasional-kpu-ri"
JABAR_SLUG = "bench-kpu-provinsi-jawa-barat"
JABAR_PROVINCE = "32"
REGISTRATIONS = 90_000  # at --scale 1
PRESENT = 1_000  # verified people present on both days, at --scale 1: the certificates
VERIFIED_PER_20 = 17  # 85 % verified, the rest pending
BATCH_UNITS = 5_000
DEFAULT_DB = "bimtek_bench_national"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") / 1024

# What each measurement is, in the order they run; --only picks by these names.
MEASUREMENTS = (
    "form",
    "form-jabar",
    "refused",
    "quota",
    "quota-jabar",
    "berita-acara",
    "rekapitulasi",
    "export-csv",
    "export-xlsx",
    "check-in",
    "staff-list",
    "certificates",
    "daftar-hadir-regency",
)
DOCUMENTS = {"berita-acara": "berita-acara", "rekapitulasi": "rekapitulasi"}
# One regency's daftar hadir of the national event: Kabupaten Tebo, the founding case's, so
# its figure compares with the Tebo event's own list (bench/render_documents.py).
REGENCY_AREA = "15.09"


# --- Setup: runs in its own process with Django set up ---------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek_portal.settings")
    import django

    django.setup()


def staff_user():
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="bench-nasional", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def setup_events(*, today=None) -> dict:
    """The national event of KPU RI and KPU Provinsi Jawa Barat's (when its province is
    imported), each with one seat per PPK and one per PPS, open for registration."""
    from datetime import timedelta

    from django.utils import timezone

    from bodies.models import Body
    from events.models import Event, ParticipantRole, QuotaRule
    from events.services import event_open_registration, quota_rule_save

    today = today or timezone.localdate()
    made = {}
    organisers = {
        NATIONAL_SLUG: Body.objects.filter(kind=Body.Kind.KPU_RI).first(),
        JABAR_SLUG: Body.objects.filter(
            kind=Body.Kind.KPU_PROVINSI, province__code=JABAR_PROVINCE
        ).first(),
    }
    for slug, organiser in organisers.items():
        if organiser is None:
            continue
        event = Event(
            slug=slug,
            organiser=organiser,
            title=f"Bimbingan Teknis Sosialisasi dan Partisipasi Masyarakat {organiser.name}",
            theme="Peningkatan partisipasi masyarakat pada Pemilu",
            venue_name="Hotel Bimtek",
            venue_address="Jakarta",
            first_day=today,
            last_day=today + timedelta(days=1),
        )
        event.full_clean()
        event.save()
        for order, kind in enumerate((Body.Kind.PPK, Body.Kind.PPS), start=1):
            quota_rule_save(
                event=event,
                scope=QuotaRule.Scope.PER_UNIT,
                body_kind=kind,
                seats=1,
                role=ParticipantRole.SOSDIKLIH,
                label=f"{kind}: anggota yang membidangi Sosdiklih, Parmas dan SDM",
                order=order,
            )
        event_open_registration(event=event)
        made[slug] = event
    return made


def _spread_free(units: int, free: int):
    """Which of `units` (by index) stay free: `free` of them, spread evenly."""
    return {i for i in range(units) if (i * free) // units != ((i + 1) * free) // units}


def fill_national(*, event, target: int, present: int, staff) -> dict:
    """`target` registrations in the event's seats, as the service writes them; see the
    module doc. At least one unit stays free (the form offers it)."""
    import hashlib
    import random
    import uuid
    from datetime import date, datetime, time, timedelta

    from django.db import transaction
    from django.utils import timezone

    from bodies.labels import unit_label
    from bodies.models import Body, District, Village
    from demo.participants import demo_name
    from events.models import participant_role_words
    from events.selectors import units_for_rule
    from participants.codes import generate_code
    from participants.models import Attendance, Registration, RegistrationLog
    from participants.nik import make_nik
    from participants.private_link import token_for_form, token_hash
    from participants.public_cache import public_data_changed

    rules = list(event.quota_rules.order_by("order", "id"))
    units = [
        (rule, row)
        for rule in rules
        for row in units_for_rule(rule=rule)
        .order_by("pk")
        .values_list(
            "pk",
            "kind",
            "district_id",
            "district__code",
            "district__name",
            "village_id",
            "village__name",
            "village__kind",
        )  # fmt: skip
    ]
    target = max(0, min(target, len(units) - 1))
    free = _spread_free(len(units), len(units) - target)
    taken = [pair for i, pair in enumerate(units) if i not in free]
    rng = random.Random("bench-nasional")
    now = timezone.now()
    codes: set[str] = set()
    verified_ids: list[int] = []
    counts = {"registrations": 0, "verified": 0, "pending": 0, "log entries": 0}
    for start in range(0, len(taken), BATCH_UNITS):
        registrations, labels = [], []
        for n, (rule, row) in enumerate(taken[start : start + BATCH_UNITS], start=start):
            pk, kind, district_id, district_code, district_name, village_id, vname, vkind = row
            unit = Body(pk=pk, kind=kind, district_id=district_id, village_id=village_id)
            unit.district = District(pk=district_id, code=district_code, name=district_name)
            if village_id:
                unit.village = Village(pk=village_id, name=vname, kind=vkind)
            sex = "P" if n % 5 in (1, 3) else "L"
            born = date(1965, 1, 1) + timedelta(days=(n // 9999) * 997 + n % 7)
            code = generate_code()
            while code in codes:
                code = generate_code()
            codes.add(code)
            key = str(uuid.uuid4())  # the form's submission key
            verified = n % 20 < VERIFIED_PER_20
            registrations.append(
                Registration(
                    event=event,
                    quota_rule=rule,
                    unit=unit,
                    seat_number=1,
                    role=rule.role,
                    code=code,
                    private_link_hash=token_hash(
                        token_for_form(event_id=event.pk, submission_key=key)
                    ),
                    submission_key_hash=hashlib.sha256(key.encode()).hexdigest(),
                    full_name=demo_name(rng, sex),
                    nik=make_nik(
                        region_code=district_code, sex=sex, birth_date=born, serial=n % 9999 + 1
                    ),
                    sex=sex,
                    birth_date=born,
                    phone=f"+6281{n % 10**9:09d}",
                    position=participant_role_words(role=rule.role, kind=kind),
                    institution="",  # optional on the form, mostly left empty
                    status=Registration.Status.VERIFIED
                    if verified
                    else Registration.Status.PENDING,
                    status_changed_at=now if verified else None,
                    status_changed_by=staff if verified else None,
                )
            )
            labels.append(unit_label(unit))
        with transaction.atomic():
            Registration.objects.bulk_create(registrations, batch_size=1000)
            entries = []
            for registration, label in zip(registrations, labels, strict=True):
                entries.append(
                    RegistrationLog(
                        registration=registration,
                        action=RegistrationLog.Action.CREATED,
                        detail={"seat": registration.seat_number, "unit": label},
                    )
                )
                if registration.status == Registration.Status.VERIFIED:
                    entries.append(
                        RegistrationLog(
                            registration=registration,
                            action=RegistrationLog.Action.VERIFIED,
                            actor=staff,
                        )
                    )
                    verified_ids.append(registration.pk)
            RegistrationLog.objects.bulk_create(entries, batch_size=2000)
        counts["registrations"] += len(registrations)
        counts["log entries"] += len(entries)
    counts["verified"] = len(verified_ids)
    counts["pending"] = counts["registrations"] - counts["verified"]
    # Present on every day: every k-th verified person, so the desk still finds others.
    present = min(present, len(verified_ids) // 2)
    chosen = _spread_free(len(verified_ids), present)
    people = [pk for i, pk in enumerate(verified_ids) if i in chosen]
    zone = timezone.get_current_timezone()
    attendances, entries = [], []
    for day in event.days:
        start = datetime.combine(day, time(7, 15), tzinfo=zone)
        for i, pk in enumerate(people):
            attendances.append(
                Attendance(
                    registration_id=pk,
                    day=day,
                    checked_in_at=start + timedelta(seconds=3 * i),
                    checked_in_by=staff,
                )
            )
            entries.append(
                RegistrationLog(
                    registration_id=pk,
                    action=RegistrationLog.Action.CHECKED_IN,
                    actor=staff,
                    detail={"day": day.isoformat()},
                )
            )
    with transaction.atomic():
        Attendance.objects.bulk_create(attendances, batch_size=2000)
        RegistrationLog.objects.bulk_create(entries, batch_size=2000)
        # Bulk inserts send no signals: say the seats changed, as the receivers would.
        public_data_changed(event_id=event.pk)
    counts["present on every day"] = len(people)
    counts["log entries"] += len(entries)
    counts["units"] = len(units)
    counts["free units"] = len(units) - counts["registrations"]
    return counts


def setup(*, prefix: str, scale: float) -> dict:
    """Regions, bodies, the superuser, both events, the national one filled: the figures."""
    from django.core.management import call_command

    from bodies.data import SHIPPED_WILAYAH
    from bodies.models import Body

    stages = {}
    started = time.perf_counter()
    call_command("import_regions", SHIPPED_WILAYAH["2025"], prefix=prefix, verbosity=0)
    stages["import regions"] = time.perf_counter() - started
    started = time.perf_counter()
    staff = staff_user()
    events = setup_events()
    stages["events"] = time.perf_counter() - started
    started = time.perf_counter()
    filled = fill_national(
        event=events[NATIONAL_SLUG],
        target=round(REGISTRATIONS * scale),
        present=max(1, round(PRESENT * scale)),
        staff=staff,
    )
    stages["registrations"] = time.perf_counter() - started
    units = {
        slug: sum(_units(rule) for rule in event.quota_rules.all())
        for slug, event in events.items()
    }
    return {
        "stages": stages,
        "filled": filled,
        "units": units,
        "bodies": Body.objects.count(),
    }


def _units(rule) -> int:
    from events.selectors import units_for_rule

    return units_for_rule(rule=rule).count()


# --- Measuring: one measurement per process --------------------------------------------------


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children (PDF workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class DatabaseTimer:
    """Every query's time, with debug off (connection.execute_wrapper)."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


class Meter:
    """A test client whose every request is timed: wall, CPU, bytes, queries, database."""

    def __init__(self, *, staff: bool = False):
        from django.test import Client

        self.client = Client()
        if staff:
            self.client.force_login(staff_user())

    def request(self, method: str, url: str, data=None, *, expect=(200,)):
        from django.db import connection

        timer = DatabaseTimer()
        with connection.execute_wrapper(timer):
            cpu, wall = cpu_seconds(), time.perf_counter()
            if method == "get":
                response = self.client.get(url)
            else:
                response = self.client.post(url, data or {})
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else bytes(response.content)
            )
            wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        if response.status_code not in expect:
            raise SystemExit(f"bench: {method.upper()} {url} answered {response.status_code}")
        return (
            response,
            body,
            {
                "seconds": wall,
                "cpu_ms": cpu * 1000,
                "kb": len(body) / 1024,
                "queries": timer.queries,
                "db_ms": timer.seconds * 1000,
                "status": response.status_code,
            },
        )


def forget_kept() -> None:
    """Nothing kept (seat lists, pages), in this process and in the shared cache: as after
    the event changed."""
    from django.core.cache import cache

    from participants import public_cache

    cache.clear()
    public_cache.forget_all()


def new_worker(measure: Callable[[Meter], list[dict]]) -> list[dict]:
    """`measure` run in a process started as gunicorn starts a worker (gunicorn.conf.py,
    preload_app): this process does what the master does (imports the WSGI application,
    whose handler loads the middleware; `when_ready` runs warm_up), then forks, and the
    child measures: it has inherited the master's memory, opens its own database
    connection and writes to pages it shares with the master (copy-on-write), as a
    worker does. Its rows come back through a pipe."""
    from django.db import connections
    from django.urls import clear_url_caches

    import bimtek_portal.wsgi  # noqa: F401 (preload_app)
    from bimtek_portal.warmup import warm_up

    forget_kept()  # the bench's own step: the shared cache holds nothing for the event
    connections.close_all()  # the master holds no connection when it forks
    # The resolvers the bench's own reverse() built (form_url) are dropped: the worker
    # finds those warm_up builds, no more.
    clear_url_caches()
    warm_up()
    meter = Meter()
    # The test client's handler in place of gunicorn's: made, its middleware loaded,
    # in the master, as get_wsgi_application() makes and loads the application's.
    meter.client.handler.load_middleware()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        os.close(read)
        status = 0
        try:
            rows = measure(meter)
            # The worker's own peak, as gunicorn's worker's: its process tree would
            # count the pages it shares with this process twice.
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows = [{**row, "rss_mb": peak} for row in rows]
        except BaseException:
            traceback.print_exc()
            rows, status = [], 1
        with os.fdopen(write, "w") as out:
            json.dump(rows, out, default=str)
        os._exit(status)
    os.close(write)
    with os.fdopen(read) as pipe:
        rows = json.loads(pipe.read() or "[]")
    _pid, status = os.waitpid(pid, 0)
    if status:
        raise SystemExit(f"bench: the worker process failed (status {status})")
    return rows


def form_url(slug: str) -> str:
    """The form's address, asked before new_worker (which then drops what it built)."""
    from django.urls import reverse

    return reverse("participants:register", args=[slug])


def median_row(label: str, rows: list[dict]) -> dict:
    """The median request of `rows` (by CPU), labelled."""
    chosen = sorted(rows, key=lambda row: row["cpu_ms"])[len(rows) // 2]
    return {**chosen, "row": label}


def measure_form(url: str, label: str, warm: int = 5, meter: Meter | None = None) -> list[dict]:
    """The form's first request in this process (in new_worker: a new worker's first), then
    three with nothing kept and `warm` with the page kept."""
    meter = meter or Meter()
    # A new worker's very first request also opens its database connection and pays
    # Python's first-use costs (bench/README.md): shown apart from the cold page it builds.
    _r, _b, first = meter.request("get", url)
    cold_rows = []
    for _n in range(3):  # nothing kept, as after the event changed: the page built again
        forget_kept()
        cold_rows.append(meter.request("get", url)[2])
    warm_rows = [meter.request("get", url)[2] for _n in range(warm)]
    return [
        {**first, "row": f"{label} (a new worker's first)"},
        median_row(f"{label} (cold)", cold_rows),
        median_row(f"{label} (warm)", warm_rows),
    ]


def refused_post_data(page: str) -> dict:
    """The form's hidden fields (key, CSRF) with a NIK that cannot be: refused, re-rendered."""
    from bimtek_portal.testing.faults import hidden_fields

    data = hidden_fields(page)
    data.update({"full_name": "Peserta Ditolak", "nik": "123", "phone": "0812 3456 7890"})
    return data


def measure_refused(url: str, warm: int = 5, meter: Meter | None = None) -> list[dict]:
    """A refused post after each GET of the form: the first in this process (in new_worker:
    a new worker's first post, after its first GET), then the median of `warm`."""
    meter = meter or Meter()
    rows = []
    for _n in range(warm + 1):
        _r, page, _f = meter.request("get", url)
        rows.append(meter.request("post", url, refused_post_data(page.decode()))[2])
    return [
        {**rows[0], "row": "form post refused (a new worker's first)"},
        median_row("form post refused (warm)", rows[1:]),
    ]


def measure_quota(slug: str, label: str) -> list[dict]:
    from django.urls import reverse

    url = reverse("events:quota-overview", args=[slug])
    return [{**Meter(staff=True).request("get", url)[2], "row": label}]


def measure_export(slug: str, fmt: str) -> list[dict]:
    from django.urls import reverse

    url = reverse("participants:staff-export", kwargs={"slug": slug, "fmt": fmt})
    return [{**Meter(staff=True).request("get", url)[2], "row": f"staff export {fmt.upper()}"}]


def measure_staff_list(slug: str) -> list[dict]:
    from urllib.parse import urlencode

    from django.urls import reverse

    from participants.models import Registration

    url = reverse("participants:staff-list", args=[slug])
    regs = Registration.objects.filter(event__slug=slug).order_by("pk")
    middle = regs[regs.count() // 2 : regs.count() // 2 + 1].values_list(
        "full_name", "unit__district_id"
    )
    name, district = next(iter(middle), ("Siti", ""))
    meter = Meter(staff=True)
    meter.request("get", url)  # the session and the templates, once
    rows = []
    for label, query in (
        ("staff list, first page", {}),
        ("staff list, search a name", {"q": name.split()[0]}),
        (
            "staff list, filter PPS verified kecamatan",
            {"unsur": "PPS", "status": "verified", "kecamatan": district},
        ),
        ("staff list, page 500", {"halaman": 500}),
    ):
        rows.append({**meter.request("get", f"{url}?{urlencode(query)}")[2], "row": label})
    return rows


def measure_check_in(slug: str, scans: int = 3) -> list[dict]:
    from django.urls import reverse
    from django.utils import timezone

    from participants.models import Registration

    today = timezone.localdate()
    url = reverse("participants:check-in", kwargs={"slug": slug, "day": today.isoformat()})
    waiting = (
        Registration.objects.filter(event__slug=slug, status=Registration.Status.VERIFIED)
        .exclude(attendances__day=today)
        .order_by("pk")
    )
    count = waiting.count()
    codes = list(waiting[count // 3 : count // 3 + scans].values_list("code", flat=True))
    meter = Meter(staff=True)
    _r, _b, page = meter.request("get", url)
    rows = [{**page, "row": "check-in desk page"}]
    scanned = [meter.request("post", url, {"query": code}, expect=(200, 302))[2] for code in codes]
    if scanned:
        rows.append({**scanned[0], "row": "check-in desk one scan (first)"})
        rows.append(median_row("check-in desk one scan (median)", scanned))
    return rows


class PrintForm(HTMLParser):
    """The fields of the print page's form for one document, as a browser would send them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.select = action, False, None
        self.fields: dict[str, str] = {}
        self.found = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == self.action:
            self.inside = self.found = True
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "checkbox", "radio"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio") and "checked" in attrs:
            self.fields[attrs["name"]] = attrs.get("value") or "on"
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select:
            if self.select not in self.fields or "selected" in attrs:
                self.fields[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.fields[attrs["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def measure_document_request(
    slug: str, document: str, label: str, chosen: dict | None = None
) -> list[dict]:
    """The print page, then its form for `document` posted as it is (with `chosen` fields
    set as a person would choose them): the PDF, or a job."""
    from django.urls import resolve, reverse

    meter = Meter(staff=True)
    _r, page, _f = meter.request("get", reverse("reports:print", args=[slug]))
    action = reverse("reports:print-document", args=[slug, document])
    form = PrintForm(action)
    form.feed(page.decode())
    if not form.found:
        raise SystemExit(f"bench: the print page has no form for {document}")
    fields = {**form.fields, **(chosen or {})}
    response, _body, row = meter.request("post", action, fields, expect=(200, 302))
    row = {**row, "row": label}
    if response.status_code == 302:
        match = resolve(urlsplit(response["Location"]).path)
        if match.url_name != "job":
            raise SystemExit(f"bench: {document} was refused: sent back to {match.url_name}")
        row["job"] = match.kwargs["job_id"]
    return [row]


def run_worker(job_id: str) -> list[dict]:
    """The background worker's one job, as `manage.py db_worker` runs it."""
    from django.core.management import call_command

    from reports.tasks import job_get

    cpu, wall = cpu_seconds(), time.perf_counter()
    call_command("db_worker", batch=True, startup_delay=False, max_tasks=1, reload=False)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    job = job_get(job_id) or {}
    if job.get("state") != "done":
        raise SystemExit(f"bench: job {job_id} ended {job.get('state')}: {job.get('error')}")
    return [{"seconds": wall, "cpu_ms": cpu * 1000, "kb": _stored_kb(job), "row": "worker"}]


def _stored_kb(job: dict) -> float:
    from django.core.files.storage import default_storage

    return default_storage.size(job["file"]) / 1024 if job.get("file") else 0.0


def child(name: str, arg: str) -> None:
    """One measurement (or the setup), its figures as JSON on the last line of stdout."""
    setup_django()
    if name == "setup":
        settings = json.loads(arg)
        result = setup(prefix=settings["prefix"], scale=settings["scale"])
    elif name == "worker":
        result = run_worker(arg)
    elif name in ("form", "form-jabar"):
        slug = JABAR_SLUG if name == "form-jabar" else NATIONAL_SLUG
        label = "public form" + (" (Jawa Barat)" if slug == JABAR_SLUG else "")
        url = form_url(slug)
        result = new_worker(lambda meter: measure_form(url, label, meter=meter))
    elif name == "refused":
        url = form_url(NATIONAL_SLUG)
        result = new_worker(lambda meter: measure_refused(url, meter=meter))
    elif name in ("quota", "quota-jabar"):
        slug = JABAR_SLUG if name == "quota-jabar" else NATIONAL_SLUG
        label = "quota overview" + (" (Jawa Barat)" if slug == JABAR_SLUG else "")
        result = measure_quota(slug, label)
    elif name in DOCUMENTS:
        result = measure_document_request(NATIONAL_SLUG, DOCUMENTS[name], name)
    elif name == "certificates":
        result = measure_document_request(NATIONAL_SLUG, "sertifikat", "certificates")
    elif name == "daftar-hadir-regency":
        label = f"daftar hadir of one regency ({REGENCY_AREA})"
        chosen = {"daftar-hadir-area": REGENCY_AREA}  # the print page prefixes each form
        result = measure_document_request(NATIONAL_SLUG, "daftar-hadir", label, chosen)
    elif name in ("export-csv", "export-xlsx"):
        result = measure_export(NATIONAL_SLUG, name.split("-")[1])
    elif name == "check-in":
        result = measure_check_in(NATIONAL_SLUG)
    elif name == "staff-list":
        result = measure_staff_list(NATIONAL_SLUG)
    else:
        raise SystemExit(f"bench: no measurement {name}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": result, "own_peak_mb": peak}, default=str))


# --- The parent: databases, children, timeouts, the table ------------------------------------


def tree_rss_mb(root: int) -> float:
    """The resident memory of `root` and every process below it, summed."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB / 1024
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(parents.get(pid, []))
    return total


def run_child(name: str, arg: str, env: dict, timeout: float) -> dict:
    """One child to its end or its timeout; its figures, its peak memory, or why not."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [PYTHON, __file__, "--child", name, arg],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        peak = 0.0
        while process.poll() is None:
            if time.perf_counter() - started > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return {
                    "error": f"timeout: killed after {timeout:.0f} s, RSS {peak:.0f} MB so far",
                    "tree_peak_mb": peak,
                }
            peak = max(peak, tree_rss_mb(process.pid))
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        lines = out.read().strip().splitlines()
        if process.returncode or not lines:
            reason = (err.read().strip().splitlines() or lines or ["no output"])[-1]
            return {"error": reason[:200], "tree_peak_mb": peak}
        result = json.loads(lines[-1])
    result["tree_peak_mb"] = peak
    result["process_seconds"] = time.perf_counter() - started
    return result


# Budgets of issue #22: (figure, limit, unit) per row; a row may have several.
BUDGETS = {
    "public form": [("cpu_ms", 50, "ms CPU"), ("kb", 60, "KB")],
    "form post refused": [("cpu_ms", 50, "ms CPU"), ("kb", 60, "KB")],
    "quota overview": [("seconds", 1, "s"), ("kb", 500, "KB")],
    "berita-acara": [("seconds", 120, "s"), ("rss_mb", 600, "MB")],
    "rekapitulasi": [("seconds", 120, "s"), ("rss_mb", 600, "MB")],
    "staff export CSV": [("rss_mb", 300, "MB")],
    "staff export XLSX": [("rss_mb", 300, "MB")],  # and 3 x the CSV's time, added in main
}


def budgets_for(label: str) -> list[tuple[str, float, str]]:
    for prefix, budget in BUDGETS.items():
        if label.startswith(prefix):
            return budget
    return []


def verdicts(row: dict, budgets) -> str:
    parts = []
    for figure, limit, unit in budgets:
        value = row.get(figure)
        if value is None:
            continue
        ratio = value / limit
        parts.append(f"{unit} <= {limit:g}: {ratio:4.2f} {'✔' if ratio <= 1 else '✘'}")
    return "; ".join(parts) or "-"


def print_row(row: dict, budgets=()) -> None:
    def figure(key, fmt):
        value = row.get(key)
        return format(value, fmt) if isinstance(value, int | float) else "-"

    print(
        f"{row['row'][:44]:<44} {figure('seconds', '8.2f')} {figure('cpu_ms', '9.0f')} "
        f"{figure('kb', '9.0f')} {figure('rss_mb', '7.0f')} {figure('queries', '6d')} "
        f"{figure('db_ms', '8.0f')}  {verdicts(row, budgets)}",
        flush=True,
    )


def measure(name: str, env: dict, timeout: float) -> list[dict]:
    """A measurement's rows; a document handed to the worker adds the worker's run."""
    result = run_child(name, "", env, timeout)
    if "error" in result:
        return [{"row": name, "error": result["error"], "seconds": result.get("seconds")}]
    rows = result["rows"]
    peak = max(result["own_peak_mb"], result["tree_peak_mb"])
    for row in rows:
        row.setdefault("rss_mb", peak)
    job = next((row["job"] for row in rows if row.get("job")), None)
    if job:
        worker = run_child("worker", job, env, timeout - rows[-1]["seconds"])
        request = rows[-1]
        if "error" in worker:
            return [{"row": request["row"], "error": f"worker: {worker['error']}"}]
        done = worker["rows"][0]
        rows[-1] = {
            **request,
            "row": f"{request['row']} (request + worker)",
            "seconds": request["seconds"] + done["seconds"],
            "cpu_ms": request["cpu_ms"] + done["cpu_ms"],
            "kb": done["kb"],
            "rss_mb": max(peak, worker["own_peak_mb"], worker["tree_peak_mb"]),
        }
    return rows


def bench_env(database_url: str, media: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bimtek_portal.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-national-" + secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
        "BIMTEK_REQUIRE_2FA": "false",  # the test client signs in without a device
        "BIMTEK_REGISTRATION_RATE": "1000000/m",
        "BIMTEK_FORM_CHALLENGE_RATE": "1000000/m",
        "BIMTEK_TASKS_BACKEND": "database",
        "BIMTEK_SITE_URL": "https://bimtek.example.id",
        "BIMTEK_MEDIA_ROOT": media,
        "CACHE_URL": "",
        "PYTHONPATH": str(ROOT),
    }


def static_files_current() -> bool:
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(p.stat().st_mtime < built for p in (ROOT / "static").rglob("*") if p.is_file())


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"bench: manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="x 90,000 registrations")
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(MEASUREMENTS))
    parser.add_argument("--timeout", type=float, default=300, help="seconds per measurement")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_POSTGRES_URL")
        or f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DB}",
        help="the PostgreSQL database to create (dropped first) and drop at the end",
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop it at the end")
    parser.add_argument(
        "--reuse-db", metavar="NAME", help="measure a database kept by --keep-db; no setup"
    )
    parser.add_argument(
        "--regions-prefix",
        default="",
        help="import only this province or regency (e.g. 32.79); default: the whole country",
    )
    args = parser.parse_args()
    only = [name for name in args.only.split(",") if name] or list(MEASUREMENTS)
    unknown = set(only) - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurements: {', '.join(sorted(unknown))}")

    import psycopg2

    base = args.database_url.rsplit("/", 1)[0]
    dbname = args.reuse_db or args.database_url.rsplit("/", 1)[1]
    database_url = f"{base}/{dbname}"
    admin = psycopg2.connect(f"{base}/postgres")
    admin.autocommit = True
    media = tempfile.mkdtemp(prefix="bench-national-media-")
    env = bench_env(database_url, media)
    print(f"bench: database {dbname}; before: {load()}", flush=True)
    try:
        if not args.reuse_db:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{dbname}"')
        # A kept database is brought to the code's schema too (a migration since it was kept).
        started = time.perf_counter()
        manage(env, "migrate", "--no-input", "--skip-checks", "-v0")
        manage(env, "createcachetable")
        print(f"bench: migrated in {time.perf_counter() - started:.0f} s", flush=True)
        if not static_files_current():
            manage(env, "collectstatic", "--no-input", "-v0")
        if not list((ROOT / "locale").rglob("*.mo")):
            manage(env, "compilemessages", "--ignore=.venv", "-v0")
        if not args.reuse_db:
            settings = json.dumps({"prefix": args.regions_prefix, "scale": args.scale})
            done = run_child("setup", settings, env, timeout=3600)
            if "error" in done:
                sys.exit(f"bench: setup failed: {done['error']}")
            summary = done["rows"]
            stages = ", ".join(f"{k} {v:.0f} s" for k, v in summary["stages"].items())
            print(f"bench: setup: {stages}; peak RSS {done['own_peak_mb']:.0f} MB")
            print(f"bench: units per event {summary['units']}; national: {summary['filled']}")
        # Planner statistics, as autovacuum keeps them in production: this machine's
        # server runs without autovacuum, and 90,000 rows the planner believes are 47
        # get nested loops (the staff list's filter took 1.3 s instead of 0.2 s).
        analyse = psycopg2.connect(database_url)
        analyse.autocommit = True
        with analyse.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        analyse.close()
        print(
            f"\n{'measurement':<44} {'seconds':>8} {'CPU ms':>9} {'KB':>9} {'RSS MB':>7} "
            f"{'queries':>6} {'db ms':>8}  budget (issue #22): ratio"
        )
        csv_seconds = None
        for name in only:
            for row in measure(name, env, args.timeout):
                if "error" in row:
                    print(f"{row['row']:<44} {row['error']}", flush=True)
                    continue
                budgets = list(budgets_for(row["row"]))
                if row["row"] == "staff export CSV":
                    csv_seconds = row["seconds"]
                if row["row"] == "staff export XLSX" and csv_seconds:
                    row["x_csv"] = row["seconds"] / csv_seconds
                    budgets.append(("x_csv", 3, "x the CSV's time"))
                print_row(row, budgets)
    finally:
        if not args.keep_db and not args.reuse_db:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        elif not args.reuse_db:
            print(f"bench: kept {dbname}: re-measure with --reuse-db {dbname}")
        admin.close()
        subprocess.run(["rm", "-rf", media], check=False)
    print(f"\nbench: after: {load()}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
    else:
        main()
