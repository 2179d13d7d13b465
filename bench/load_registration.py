"""Benchmark: the public registration flow under gunicorn on PostgreSQL, 50 visitors at once.

    python bench/load_registration.py [--duration 30] [--visitors 50] [--workers N]
        [--database-url postgres://postgres@127.0.0.1:5432/bimtek_bench_8120] [--port 8120]
        [--cache-url redis://127.0.0.1:6379/2] [--keep-db] [--big-rule]

What it does, all by itself and bounded in time (about duration + 60 s):
1. Creates a fresh PostgreSQL database (dropped and made again), migrates, seeds the Tebo
   demo, collects static files, and adds two bench events on Tebo's real region lists
   (see `setup_events` for why and what they hold).
2. Starts gunicorn with the repository's gunicorn.conf.py, debug off, a throwaway secret,
   compressed manifest static files, a rate limit high enough not to refuse the bench.
3. Flow: `--visitors` visitors at once, each in a loop for `--duration` seconds: GET the
   event page, GET the form (csrftoken cookie + hidden fields), GET a proof-of-work
   challenge and solve it, POST the form with the solution, a fresh valid NIK and a desa
   the form offers as free (302), GET the private page (200).
   The challenge is on (BIMTEK_FORM_CHALLENGE) with the server's share of it as in
   production: each challenge costs the server one PBKDF2 derivation of the configured
   cost, each post an HMAC check and a used-once record in the cache. The browser's
   share is made one derivation (BIMTEK_FORM_CHALLENGE_MAX=0: the counter is 0), which
   the load generator solves with the same library (altcha.solve_challenge); a person's
   second or so on a phone is what the challenge is for, not the server's load.
4. Ceiling: the same number of visitors for 10 s on a trivial Django view
   (BIMTEK_BENCH_TRIVIAL_VIEW=1) and then on the event page alone. A 5 s warm-up of the
   flow comes first (every worker compiles its templates, opens its connection).
   With --big-rule, the same flow again for a fixed rule of 100,000 seats of which
   50,000 are held (issue #20 item 5), and the ratio of its CPU per registration to
   the flow's: picking a seat must not cost more on a big rule.
5. Race: `--visitors` visitors load the form, then all post for ONE PPS seat at once.
6. Checks in the database: no (rule, unit) holds more active registrations than its
   seats, every NIK the server confirmed (302) is registered, nothing else is; the race
   left exactly one registration.
7. Queries per registration: the five requests again through Django's test client in a
   separate process on the same database, every query captured (CaptureQueriesContext),
   so the count is exact per step: for the process's first visitor (who builds the kept
   pages and seat lists) and for the later ones (the most of two); beside it,
   PostgreSQL's own transaction counter (pg_stat_database.xact_commit) per registration
   during the load.

CPU per registration: user+system time of the gunicorn master and workers and of the
PostgreSQL backends serving the bench database (pg_stat_activity), read from
/proc/<pid>/stat every 0.25 s so a worker restarted by max_requests is still counted.
The load generator's own CPU is printed too: on a 2-core machine it competes with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
FLOW_SLUG = "bench-gelombang"
RACE_SLUG = "bench-satu-kursi"
# --big-rule (#20 item 5): the flow event again, but its KPU rule gives 100,000 seats of
# which 50,000 are held, and visitors register for it.
BIG_SLUG = "bench-kursi-besar"
BIG_SEATS, BIG_HELD = 100_000, 50_000
# Seats the flow event must hold at least: 66 registrations/s (the goal) for 30 s is
# ~2,000; room for a faster server and longer runs.
FLOW_SEATS_WANTED = 20_000
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- Setup, checks and query counts: run in their own process with Django set up -----------


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek_portal.settings")
    import django

    django.setup()


def model(name: str):
    """A model by class name, wherever the app that owns it is (models move between apps)."""
    from django.apps import apps

    found = [m for m in apps.get_models() if m.__name__ == name]
    if len(found) != 1:
        raise SystemExit(f"bench: expected one model named {name}, found {found}")
    return found[0]


def setup_events(*, big_rule: bool = False) -> dict:
    """Two events of KPU Kabupaten Tebo on Tebo's real kecamatan and desa lists.

    Flow event: the Tebo demo's event copied, its rules kept (24 KPU seats, 1 + 1 per
    PPK), but each PPS gets enough seats that a run cannot exhaust them. In a real
    national wave each of ~84,000 PPS has one seat and a regency's event offers its
    ~100-200 desa; one regency's event filling 20,000 seats is not realistic, but the
    pages are the same size as the real Tebo pages (the same lists), and visitors still
    pick a desa the form offers as free, so full desa are handled as a person would.
    Race event: one seat per PPS, everyone posts for the same desa.
    Big-rule event (`big_rule`): the flow event's copy whose fixed KPU rule gives
    BIG_SEATS seats, BIG_HELD of them held (one bulk insert), for the flow's visitors
    to register for: a registration must cost the same there as on a small rule.
    """
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    Event, QuotaRule, Body = model("Event"), model("QuotaRule"), model("Body")
    tebo = Event.objects.get(slug="bimtek-parmas-kpu-tebo-2024")
    rules = list(QuotaRule.objects.filter(event=tebo).order_by("order", "id"))
    pps_units = Body.objects.filter(kind="PPS", village__district__regency=tebo.organiser.regency)
    villages = pps_units.count()
    per_pps = -(-FLOW_SEATS_WANTED // max(villages, 1))
    events = [(FLOW_SLUG, per_pps, False), (RACE_SLUG, 1, True)]
    if big_rule:
        events.append((BIG_SLUG, per_pps, False))
    layout = {"villages": villages, "pps_seats_per_unit": per_pps, "flow_rules": len(rules)}
    with transaction.atomic():
        for slug, pps_seats, only_pps in events:
            event = Event.objects.get(pk=tebo.pk)
            event.pk = None
            event.slug = slug
            event.title = f"{tebo.title} (bench {slug})"
            event.declared_total = None
            # Held a month from now, as a wave that is open for registration: the demo's
            # own days (November 2024) would have expired the private links (issue #9).
            shift = timezone.localdate() + timedelta(days=30) - event.first_day
            event.first_day += shift
            event.last_day += shift
            event.registration_opens_at = None
            event.registration_closes_at = None
            event.save()
            for rule in rules:
                if only_pps and rule.body_kind != "PPS":
                    continue
                rule.pk = None
                rule.event = event
                if rule.body_kind == "PPS":
                    rule.seats = pps_seats
                if slug == BIG_SLUG and rule.scope == "fixed":
                    rule.seats = BIG_SEATS
                rule.save()
                if slug == BIG_SLUG and rule.scope == "fixed":
                    hold_seats(rule, BIG_HELD)
                    layout["big_rule"] = {"body": f"body-{rule.body_id}", "role": rule.role}
    return layout


def hold_seats(rule, count: int) -> None:
    """Seats 1..count of a fixed rule held, in bulk: what a long wave leaves."""
    Registration = model("Registration")
    Registration.objects.bulk_create(
        (
            Registration(
                event_id=rule.event_id,
                quota_rule=rule,
                unit_id=rule.body_id,
                role=rule.role,
                seat_number=seat,
                code=f"BESAR{seat:07d}",
                full_name="Peserta Terdahulu",
                nik=bench_nik(100_000_000 + seat),
                sex="L",
                birth_date=date(1980, 1, 1),
                phone=f"+62813{seat:08d}",
                status="pending",
            )
            for seat in range(1, count + 1)
        ),
        batch_size=5000,
    )


def check_database(confirmed: dict) -> dict:
    """Seats never over-filled; the server's confirmations are exactly the database's."""
    from django.db.models import Count

    Registration, QuotaRule = model("Registration"), model("QuotaRule")
    active = Registration.objects.exclude(status__in=["cancelled", "rejected"])
    seats = dict(QuotaRule.objects.values_list("pk", "seats"))
    overfilled = [
        row
        for row in active.values("quota_rule", "unit").annotate(n=Count("id"))
        if row["n"] > seats[row["quota_rule"]]
    ]
    result = {"overfilled": overfilled}
    for slug, niks in confirmed.items():
        stored = set(active.filter(event__slug=slug).values_list("nik", flat=True))
        wanted = set(niks)
        result[slug] = {
            "confirmed_by_server": len(wanted),
            "in_database": len(stored),
            "confirmed_but_missing": len(wanted - stored),
            "in_database_but_not_confirmed": len(stored - wanted),
        }
    return result


def count_queries(flows: int) -> dict:
    """The five requests through Django's test client; every query of each step captured."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    per_step: dict[str, list[int]] = defaultdict(list)
    client = Client()
    for n in range(flows):
        nik = bench_nik(900_000 + n)
        with CaptureQueriesContext(connection) as q:
            assert client.get(f"/acara/{FLOW_SLUG}/").status_code == 200
        per_step["event page"].append(len(q))
        with CaptureQueriesContext(connection) as q:
            form = client.get(f"/daftar/{FLOW_SLUG}/")
        per_step["form"].append(len(q))
        page = form.content.decode()
        fields = parse_form(page)
        data = registration_post(fields, nik=nik, n=900_000 + n, village=free_villages(page)[0])
        if settings.BIMTEK_FORM_CHALLENGE:
            with CaptureQueriesContext(connection) as q:
                challenge = client.get(CHALLENGE_PATH)
            per_step["challenge"].append(len(q))
            data["altcha"] = solved(challenge.content)
        with CaptureQueriesContext(connection) as q:
            posted = client.post(f"/daftar/{FLOW_SLUG}/", data)
        if posted.status_code != 302:
            raise SystemExit(f"bench: the query-count post was refused ({posted.status_code})")
        per_step["post"].append(len(q))
        with CaptureQueriesContext(connection) as q:
            assert client.get(posted["Location"]).status_code == 200
        per_step["private page"].append(len(q))
    # The first flow is a new process's (it builds the kept pages and lists); the
    # later ones are what a visitor of a running worker costs.
    return {
        "first": {step: counts[0] for step, counts in per_step.items()},
        "later": {step: max(counts[1:]) for step, counts in per_step.items()},
    }


def subcommand(argv: list[str]) -> None:
    setup_django()
    what = argv[0]
    if what == "setup":
        print(json.dumps(setup_events(big_rule="big-rule" in argv)))
    elif what == "check":
        print(json.dumps(check_database(json.loads(Path(argv[1]).read_text()))))
    elif what == "queries":
        print(json.dumps(count_queries(int(argv[1]))))


# --- Form handling, shared by the load client and the query count ---------------------------

# The form's hidden fields and free desa, read as the fault tests read them.
from bimtek_portal.testing.faults import free_villages  # noqa: E402
from bimtek_portal.testing.faults import hidden_fields as parse_form  # noqa: E402


def bench_nik(n: int) -> str:
    """A valid, distinct 16-digit NIK for every n < 36,500 * 9,999 (region Tebo, 15.09.01)."""
    from participants.nik import make_nik

    day, serial = divmod(n, 9999)
    born = date(1960, 1, 1) + timedelta(days=day % 14_600)
    return make_nik(region_code="15.09.01", sex="L", birth_date=born, serial=serial + 1)


CHALLENGE_PATH = f"/daftar/{FLOW_SLUG}/tantangan/"
BIG_RULE: dict = {}  # --big-rule: the fixed rule's form choice and role (setup_events)
CHALLENGE_ON = [True]  # --challenge


def solved(challenge_json: bytes) -> str:
    """The form's hidden "altcha" field, as the widget fills it: the challenge and the
    counter found (one derivation, see the module doc)."""
    import altcha

    challenge = altcha.Challenge.from_dict(json.loads(challenge_json))
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def registration_post(fields: dict, *, nik: str, n: int, village: str) -> dict:
    return {
        "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
        "submission_key": fields.get("submission_key", ""),
        "body_kind": "PPS",
        "district": "",
        "village": village,
        "role": "sosdiklih",
        "full_name": f"Peserta Bench {chr(65 + n % 26)}{chr(65 + n // 26 % 26)}",
        "nik": nik,
        "phone": f"0812{n % 10**8:08d}",
        "email": "",
        "position": "Anggota PPS",
        "institution": "",
        "website": "",
    }


# --- A small asyncio HTTP/1.1 client (gunicorn's sync workers close every connection) ------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes


async def http(port: int, method: str, path: str, *, cookies=None, form=None) -> Response:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        if form is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers, set_cookies = {}, {}
        for line in header_lines:
            if ":" not in line:
                continue
            name, value = line.split(":", 1)
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _eq, rest = value.partition("=")
                set_cookies[key] = rest.split(";", 1)[0]
            headers[name] = value
        length = headers.get("content-length")
        data = await (reader.readexactly(int(length)) if length else reader.read())
        return Response(int(status_line.split()[1]), headers, set_cookies, data)
    finally:
        writer.close()


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0
    registrations: int = 0
    niks: list[str] = field(default_factory=list)

    def timed(self, step: str, started: float) -> None:
        self.latencies[step].append(time.perf_counter() - started)
        self.requests += 1


async def step(stats: Stats, name: str, port: int, method: str, path: str, expect: int, **kw):
    started = time.perf_counter()
    try:
        response = await http(port, method, path, **kw)
    except (OSError, asyncio.IncompleteReadError, ValueError) as error:
        stats.errors[f"{name}: {type(error).__name__}"] += 1
        return None
    stats.timed(name, started)
    if response.status != expect:
        stats.errors[f"{name}: HTTP {response.status}"] += 1
        return None
    return response


async def visitor(stats: Stats, port: int, numbers, deadline: float, big: bool = False) -> None:
    """One visitor in a loop: a desa's PPS seat of the flow event, or (`big`) a seat of
    the big-rule event's fixed KPU rule."""
    slug = BIG_SLUG if big else FLOW_SLUG
    while time.monotonic() < deadline:
        n = next(numbers)
        if not await step(stats, "event page", port, "GET", f"/acara/{slug}/", 200):
            continue
        form = await step(stats, "form", port, "GET", f"/daftar/{slug}/", 200)
        if not form:
            continue
        page = form.body.decode()
        villages = free_villages(page)
        if not villages:
            stats.errors["form: no free desa offered"] += 1
            continue
        nik = bench_nik(n)
        data = registration_post(parse_form(page), nik=nik, n=n, village=random.choice(villages))
        if big:
            data.update(body_kind=BIG_RULE["body"], role=BIG_RULE["role"], village="")
        if CHALLENGE_ON[0]:
            path = f"/daftar/{slug}/tantangan/"
            challenge = await step(stats, "challenge", port, "GET", path, 200)
            if not challenge:
                continue
            data["altcha"] = solved(challenge.body)
        posted = await step(
            stats,
            "post",
            port,
            "POST",
            f"/daftar/{slug}/",
            302,
            cookies=form.cookies,
            form=data,
        )
        if not posted:
            continue
        stats.niks.append(nik)
        location = urlsplit(posted.headers.get("location", ""))
        private = location.path + (f"?{location.query}" if location.query else "")
        if await step(stats, "private page", port, "GET", private, 200):
            stats.registrations += 1


async def hammer(stats: Stats, port: int, path: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        await step(stats, path, port, "GET", path, 200)


async def racer(port: int, n: int, go: asyncio.Event, ready: list) -> tuple[str, str]:
    form = await http(port, "GET", f"/daftar/{RACE_SLUG}/")
    page = form.body.decode()
    challenge = (
        await http(port, "GET", f"/daftar/{RACE_SLUG}/tantangan/") if CHALLENGE_ON[0] else None
    )
    ready.append(n)
    await go.wait()
    village = RACE_VILLAGE[0] or free_villages(page)[0]
    data = registration_post(parse_form(page), nik=bench_nik(500_000 + n), n=n, village=village)
    if challenge is not None:
        data["altcha"] = solved(challenge.body)
    posted = await http(port, "POST", f"/daftar/{RACE_SLUG}/", cookies=form.cookies, form=data)
    if posted.status == 302:
        return "confirmed", data["nik"]
    # Refused: the form again, with the reason (an alert or a field's message).
    page = posted.body.decode(errors="replace")
    if posted.status == 200 and ("alert-danger" in page or "invalid-feedback" in page):
        return "refused with a message", data["nik"]
    return f"HTTP {posted.status} without a message", data["nik"]


RACE_VILLAGE = [""]


async def race(port: int, visitors: int) -> dict:
    go, ready = asyncio.Event(), []
    first = await http(port, "GET", f"/daftar/{RACE_SLUG}/")
    RACE_VILLAGE[0] = free_villages(first.body.decode())[0]
    tasks = [asyncio.create_task(racer(port, n, go, ready)) for n in range(visitors)]
    while len(ready) < visitors and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    go.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    outcome = defaultdict(int)
    niks = []
    for result in results:
        if isinstance(result, BaseException):
            outcome[type(result).__name__] += 1
            continue
        status, nik = result
        outcome[status] += 1
        if status == "confirmed":
            niks.append(nik)
    return {"outcome": dict(outcome), "niks": niks}


# --- CPU of the server side ------------------------------------------------------------------


def proc_cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def booted_workers(pid: int, asked: int | None) -> int:
    """How many workers the master runs: the first one answering does not mean all
    have been forked, so wait a moment for as many as the config gives."""
    expected = asked or os.cpu_count() + 1
    deadline = time.monotonic() + 5
    while len(found := children_of(pid)) < expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(found)


class CpuSampler(threading.Thread):
    """Last-seen CPU time of every gunicorn process and every PostgreSQL backend of the
    bench database; a process that exits keeps its last sample, so restarts count."""

    def __init__(self, master: int, pg_url: str, dbname: str):
        super().__init__(daemon=True)
        import psycopg2

        self.master, self.dbname = master, dbname
        self.conn = psycopg2.connect(pg_url)
        self.conn.autocommit = True
        self.seen: dict[tuple[str, int], float] = {}
        self.base: dict[tuple[str, int], float] = {}
        self.stop_flag = threading.Event()

    def sample(self) -> None:
        with self.conn.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.dbname],
            )
            backends = [row[0] for row in cursor.fetchall()]
        for kind, pids in (("web", [self.master, *children_of(self.master)]), ("db", backends)):
            for pid in pids:
                cpu = proc_cpu(pid)
                if cpu is not None:
                    self.seen[(kind, pid)] = cpu

    def run(self) -> None:
        while not self.stop_flag.wait(0.25):
            self.sample()

    def mark(self) -> None:
        self.sample()
        self.base = dict(self.seen)

    def used(self) -> dict[str, float]:
        self.sample()
        totals = defaultdict(float)
        for (kind, pid), cpu in self.seen.items():
            totals[kind] += cpu - self.base.get((kind, pid), 0.0)
        return dict(totals)


def xacts(cursor, dbname: str) -> int:
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s", [dbname]
    )
    return cursor.fetchone()[0]


# --- Orchestration ----------------------------------------------------------------------------


def run(cmd: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, **kw)
    if result.returncode:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def percentiles_ms(values: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    ms = sorted(v * 1000 for v in values) or [0.0]
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return q[49], q[94], q[98]


def percentiles(values: list[float]) -> str:
    p50, p95, p99 = percentiles_ms(values)
    return f"p50 {p50:6.0f}  p95 {p95:6.0f}  p99 {p99:6.0f} ms"


def report_load(title: str, stats: Stats, seconds: float) -> None:
    print(
        f"\n== {title}: {stats.requests} requests in {seconds:.1f} s = {stats.requests / seconds:.1f} req/s"
    )
    for name, values in stats.latencies.items():
        print(f"   {name:<14} {len(values):6d} ok   {percentiles(values)}")
    errors = sum(stats.errors.values())
    print(f"   errors: {errors}" + (f"  {dict(stats.errors)}" if errors else ""))


async def load(port: int, visitors: int, seconds: float, make) -> tuple[Stats, float]:
    stats = Stats()
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(make(stats, deadline) for _ in range(visitors)))
    return stats, time.perf_counter() - started


def wait_for(port: int, path: str, server: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if server.poll() is not None:
            sys.exit("bench: gunicorn exited before it answered; see its log above")
        try:
            if asyncio.run(http(port, "GET", path)).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"bench: gunicorn did not answer {path} within {seconds:.0f} s")


def check_static_files(port: int) -> None:
    """Production static files: the page links hashed names (the manifest) and WhiteNoise
    serves them, compressed when asked."""
    page = asyncio.run(http(port, "GET", f"/acara/{FLOW_SLUG}/")).body.decode()
    links = re.findall(r'(/static/[^"?]+\.[0-9a-f]{12}\.(?:css|js))"', page)
    if not links:
        sys.exit("bench: the event page links no hashed static file (manifest storage off?)")
    answer = asyncio.run(http(port, "GET", links[0]))
    if answer.status != 200:
        sys.exit(f"bench: {links[0]} answered {answer.status}")
    print(f"bench: static files served by WhiteNoise under hashed names ({links[0]})")


def static_files_current() -> bool:
    """collectstatic's manifest is newer than every file under static/ (it compresses every
    file, a minute of CPU on a busy machine, so it is not redone for nothing)."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(p.stat().st_mtime < built for p in (ROOT / "static").rglob("*") if p.is_file())


def measure_flow(args, admin, dbname, sampler, counter, *, title: str, big: bool):
    """The flow for `args.duration` seconds; prints its figures and returns
    (stats, seconds, CPU ms per registration of gunicorn and PostgreSQL)."""
    with admin.cursor() as cursor:
        before = xacts(cursor, dbname)
    own_before = time.process_time()
    sampler.mark()
    stats, seconds = asyncio.run(
        load(
            args.port,
            args.visitors,
            args.duration,
            lambda s, d: visitor(s, args.port, counter, d, big=big),
        )
    )
    cpu = sampler.used()
    own_cpu = time.process_time() - own_before
    time.sleep(1.2)  # PostgreSQL flushes its statistics at most once a second
    with admin.cursor() as cursor:
        transactions = xacts(cursor, dbname) - before
    report_load(f"{title} ({args.visitors} visitors, {args.duration:.0f} s)", stats, seconds)
    regs = max(stats.registrations, 1)
    print(
        f"   registrations: {stats.registrations} complete = {stats.registrations / seconds:.1f} /s"
    )
    per_registration = (cpu.get("web", 0) + cpu.get("db", 0)) / regs * 1000
    print(
        f"   CPU per registration: {per_registration:.1f} ms "
        f"(gunicorn {cpu.get('web', 0) / regs * 1000:.1f} + PostgreSQL {cpu.get('db', 0) / regs * 1000:.1f}); "
        f"load generator {own_cpu:.1f} CPU-s in all"
    )
    # How much of the machine the server got: far below the cores means other work
    # on the machine took the rest, and the figures above say little about the code.
    server_cores = (cpu.get("web", 0) + cpu.get("db", 0)) / seconds
    print(
        f"   server used {server_cores:.2f} of {os.cpu_count()} cores on average; "
        f"machine load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"   PostgreSQL transactions per registration: {transactions / regs:.1f} (pg_stat_database)"
    )
    return stats, seconds, per_registration


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--ceiling-duration", type=float, default=10.0)
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the config's)")
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument(
        "--challenge",
        choices=["on", "off"],
        default="on",
        help="the form's proof-of-work challenge (off: to compare the server's cost of it)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="PostgreSQL database to create and drop "
        "(default: postgres://postgres@127.0.0.1:5432/bimtek_bench_<port>)",
    )
    parser.add_argument(
        "--cache-url", default="", help="CACHE_URL for the server (default: the database cache)"
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="do not drop the database at the end"
    )
    parser.add_argument(
        "--big-rule",
        action="store_true",
        help=f"also run the flow for a fixed rule of {BIG_SEATS:,} seats with {BIG_HELD:,} "
        "held, and compare its CPU per registration with the flow's (#20 item 5)",
    )
    args = parser.parse_args()
    CHALLENGE_ON[0] = args.challenge == "on"

    import psycopg2

    # One database per port: two people benchmarking at once do not drop each other's.
    args.database_url = (
        args.database_url or f"postgres://postgres@127.0.0.1:5432/bimtek_bench_{args.port}"
    )
    url = urlsplit(args.database_url)
    dbname = url.path.lstrip("/")
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{dbname}"')

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bimtek_portal.settings",
        "DATABASE_URL": args.database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "BIMTEK_REGISTRATION_RATE": "1000000/m",
        "BIMTEK_PRIVATE_LINK_RATE": "1000000/m",
        "BIMTEK_FORM_CHALLENGE": args.challenge,
        "BIMTEK_FORM_CHALLENGE_MAX": "0",  # the client's share: one derivation (module doc)
        "BIMTEK_FORM_CHALLENGE_RATE": "1000000/m",
        "BIMTEK_BENCH_TRIVIAL_VIEW": "1",
        "BIMTEK_PDF_WORKERS": "1",
        "CACHE_URL": args.cache_url,
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "PYTHONPATH": str(ROOT),
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    manage = [PYTHON, "manage.py"]
    print("bench: preparing the database (migrate, seed, static files) ...", flush=True)
    run([*manage, "migrate", "--noinput"], env)
    run([*manage, "createcachetable"], env)
    run([*manage, "seed_demo"], env)
    if not static_files_current():
        run([*manage, "collectstatic", "--noinput", "-v0"], env)
    run([*manage, "compilemessages", "--ignore=.venv", "-v0"], env)
    setup = [PYTHON, __file__, "--sub", "setup", *(["big-rule"] if args.big_rule else [])]
    layout = json.loads(run(setup, env).stdout)
    BIG_RULE.update(layout.get("big_rule", {}))
    print(
        f"bench: flow event '{FLOW_SLUG}': Tebo's lists ({layout['villages']} desa), "
        f"{layout['pps_seats_per_unit']} seats per PPS; race event '{RACE_SLUG}': 1 seat per PPS"
    )

    log_path = Path(f"/tmp/bench-gunicorn-{args.port}.log")
    log = log_path.open("w")
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py", "bimtek_portal.wsgi"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(args.port, "/bench/trivial/", server)
        check_static_files(args.port)
        workers = booted_workers(server.pid, args.workers)
        print(f"bench: gunicorn pid {server.pid}, {workers} workers, log {log_path}")
        # Warm every worker: the first requests of a process compile the templates and
        # open its database connection. A few seconds of the flow itself (its
        # registrations are checked with the others) and of the trivial view.
        counter = iter(range(10**9))
        warm, _secs = asyncio.run(
            load(
                args.port,
                args.visitors,
                5,
                lambda s, d: visitor(s, args.port, counter, d),
            )
        )
        if warm.errors:
            sys.exit(f"bench: the warm-up had errors: {dict(warm.errors)}; see {log_path}")

        sampler = CpuSampler(server.pid, admin_url.rsplit("/", 1)[0] + f"/{dbname}", dbname)
        sampler.start()
        stats, seconds, flow_cpu = measure_flow(
            args, admin, dbname, sampler, counter, title="Flow", big=False
        )
        big_stats = big_warm = None
        if args.big_rule:
            # Its own warm-up: each worker builds the big event's kept pages first.
            big_warm, _secs = asyncio.run(
                load(
                    args.port,
                    args.visitors,
                    5,
                    lambda s, d: visitor(s, args.port, counter, d, big=True),
                )
            )
            big_stats, _secs, big_cpu = measure_flow(
                args,
                admin,
                dbname,
                sampler,
                counter,
                title=f"Big rule ({BIG_SEATS:,} seats, {BIG_HELD:,} held)",
                big=True,
            )
            print(
                f"\n== Big rule (issue #20 item 5): CPU per registration {big_cpu:.1f} ms on the "
                f"big rule, {flow_cpu:.1f} ms on the small per-desa rules: ratio "
                f"{big_cpu / max(flow_cpu, 1e-9):.2f} (goal <= 1.2)"
            )

        ceilings = {}
        for title, path in (
            ("Trivial view", "/bench/trivial/"),
            ("Event page", f"/acara/{FLOW_SLUG}/"),
        ):
            ceiling, secs = asyncio.run(
                load(
                    args.port,
                    args.visitors,
                    args.ceiling_duration,
                    lambda s, d, p=path: hammer(s, args.port, p, d),
                )
            )
            report_load(f"{title} ({args.visitors} visitors)", ceiling, secs)

            ceilings[title] = ceiling.requests / secs

        flow_p99 = max(percentiles_ms(v)[2] for v in stats.latencies.values())
        print(
            f"\n== Goal (issue #10): >= 66 registrations/s: {stats.registrations / seconds:.1f}; "
            f"p99 < 500 ms: worst step {flow_p99:.0f} ms; event page >= 1/3 of the trivial "
            f"view: {ceilings['Event page'] / max(ceilings['Trivial view'], 1):.2f}"
        )

        race_result = asyncio.run(race(args.port, args.visitors))
        print(
            f"\n== Race: {args.visitors} visitors post for one PPS seat at once: {race_result['outcome']}"
        )
        sampler.stop_flag.set()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()

    queries = json.loads(run([PYTHON, __file__, "--sub", "queries", "3"], env).stdout)
    print("\n== Queries per step (Django test client, same database):")
    for flow, label in (("later", "a running worker"), ("first", "a new process, nothing kept")):
        steps = queries[flow]
        print(f"   {label}: {steps}, {sum(steps.values())} per registration")
    confirmed = {FLOW_SLUG: warm.niks + stats.niks, RACE_SLUG: race_result["niks"]}
    if big_stats is not None:
        confirmed[BIG_SLUG] = big_warm.niks + big_stats.niks
    confirmed_path = Path(f"/tmp/bench-confirmed-{args.port}.json")
    confirmed_path.write_text(json.dumps(confirmed))
    check = json.loads(run([PYTHON, __file__, "--sub", "check", str(confirmed_path)], env).stdout)
    confirmed_path.unlink()
    # The query count's own registrations are in the flow event too.
    check[FLOW_SLUG]["in_database_but_not_confirmed"] -= 3
    if BIG_SLUG in check:  # the seats held before the run
        check[BIG_SLUG]["in_database_but_not_confirmed"] -= BIG_HELD
    print(
        f"\n== Database: over-filled seats: {len(check['overfilled'])}; flow: {check[FLOW_SLUG]}; race: {check[RACE_SLUG]}"
        + (f"; big rule: {check[BIG_SLUG]}" if BIG_SLUG in check else "")
    )
    problems = (
        check["overfilled"]
        or check[FLOW_SLUG]["confirmed_but_missing"]
        or check[FLOW_SLUG]["in_database_but_not_confirmed"]
        or check.get(BIG_SLUG, {}).get("confirmed_but_missing")
        or check.get(BIG_SLUG, {}).get("in_database_but_not_confirmed")
        or check[RACE_SLUG]["in_database"] != 1
        or race_result["outcome"].get("confirmed") != 1
        or race_result["outcome"].get("refused with a message") != args.visitors - 1
    )
    if not args.keep_db:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    print("bench: " + ("FAILED the database checks" if problems else "database checks passed"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--sub"]:
        subcommand(sys.argv[2:])
    else:
        main()
