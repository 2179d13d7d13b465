"""CPU, queries and bytes per public request, on the Tebo demo with production settings.

    python bench/view_cpu.py                      # 200 visitors after 30 warm-up ones
    python bench/view_cpu.py --reps 500
    python bench/view_cpu.py --profile form       # pyinstrument's hot spots of one view
    python bench/view_cpu.py --profile post --profiler cprofile

Each visitor is a fresh test client (no cookies, its own address, CSRF checks on) that
walks the registration flow: the event page, the form, the form sent (302), the private
page; the home page is measured too. Every request is timed with time.process_time(),
so the figure is the CPU the Django process spends, not the wall time. "form (cold)"
is the form page right after the cache is cleared: what a visitor pays when the
cached seat choices have to be built again.

The database is a fresh SQLite file (migrated, `seed_demo --participants`, every seat
taken) unless --database-url names another one, which is then migrated, seeded and
written to. The visitors register for the KPU Kabupaten Tebo rule, whose seats are
raised by as many as there are visitors, so the form page stays as the demo shows it.
"""

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = ("home", "event", "form", "form (cold)", "challenge", "post", "private")
FLOW = ("event", "form", "challenge", "post", "private")


def configure(database_url: str) -> None:
    """Production-like settings, read by bimtek_portal.settings at import."""
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECRET_KEY"] = "bench-view-cpu-" + "x" * 50
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DATABASE_URL"] = database_url
    # The demo event was in 2024: its private links would have expired.
    os.environ["BIMTEK_PRIVATE_LINK_DAYS"] = "36500"
    # The form's proof-of-work as in production, except the browser's share: the counter
    # is 0, so solving it here is one derivation (the server's share does not change).
    os.environ["BIMTEK_FORM_CHALLENGE_MAX"] = "0"
    os.environ["BIMTEK_FORM_CHALLENGE_RATE"] = "1000000/m"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bimtek_portal.settings"
    sys.path.insert(0, str(ROOT))


def prepare(visitors: int):
    """Migrate, seed, collect the static manifest; give the visitors free KPU seats."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from events.models import Event, QuotaRule

    try:
        from demo.seed import EVENT_SLUG
    except ImportError:  # before the demo app
        from events.seed import EVENT_SLUG

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", participants=True, stdout=io.StringIO())
    # Every run: static files added since the last one need their manifest entries.
    call_command("collectstatic", interactive=False, verbosity=0)
    event = Event.objects.get(slug=EVENT_SLUG)
    # The form takes no one once an event's days are over: a month ahead, as the load
    # bench does (written out here, as this script also runs on older commits).
    shift = timezone.localdate() + timedelta(days=30) - event.first_day
    Event.objects.filter(pk=event.pk).update(
        first_day=event.first_day + shift, last_day=event.last_day + shift
    )
    event.refresh_from_db()
    rule = event.quota_rules.filter(scope=QuotaRule.Scope.FIXED).order_by("order", "id").first()
    QuotaRule.objects.filter(pk=rule.pk).update(seats=rule.seats + visitors)
    return event, rule


class Visitor:
    """One person walking the flow; each step returns (cpu seconds, queries, bytes)."""

    serial = 0
    client = None
    show_sql = False

    def __init__(self, event, rule):
        from http.cookies import SimpleCookie

        from django.test import Client

        try:
            from participants.ledger import FIXED_PREFIX
        except ImportError:  # before the seat ledger
            from participants.forms import FIXED_PREFIX

        Visitor.serial += 1
        n = Visitor.serial
        # One client for all: a new one loads the middleware again (WhiteNoise reads
        # every static file then), which a server does once per process.
        if Visitor.client is None:
            Visitor.client = Client(enforce_csrf_checks=True)
        self.client = Visitor.client
        self.client.cookies = SimpleCookie()
        self.address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        self.event = event
        self.kind = f"{FIXED_PREFIX}{rule.body_id}"
        self.role = rule.role
        self.nik = f"150901{(n % 28) + 1:02d}0190{n % 10000:04d}"
        if self.nik.endswith("0000"):
            self.nik = self.nik[:-4] + "9999"
        self.form_html = ""
        self.private_url = ""
        self.altcha = ""

    def request(self, method, url, data=None, *, profiler=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            if profiler:
                profiler.start()
            start = time.process_time()
            if method == "get":
                response = self.client.get(url, secure=True, REMOTE_ADDR=self.address)
            else:
                # An HTTPS post needs a Referer of this site to pass the CSRF check.
                response = self.client.post(
                    url,
                    data,
                    secure=True,
                    REMOTE_ADDR=self.address,
                    HTTP_REFERER=f"https://testserver{url}",
                )
            cpu = time.process_time() - start
            if profiler:
                profiler.stop()
        if Visitor.show_sql:
            print(f"--- {method.upper()} {url}: {len(queries)} queries")
            for query in queries:
                print("   ", query["sql"])
        return response, (cpu, len(queries), len(response.content))

    def step(self, name, profiler=None):
        from django.urls import reverse

        if name == "home":
            response, figures = self.request("get", reverse("events:home"), profiler=profiler)
            expect(response, 200, name)
        elif name == "event":
            url = reverse("events:detail", args=[self.event.slug])
            response, figures = self.request("get", url, profiler=profiler)
            expect(response, 200, name)
        elif name in ("form", "form (cold)"):
            if name == "form (cold)":
                from django.core.cache import cache

                cache.clear()
                from importlib import import_module

                # This code's per-process copies, or those of the code before them.
                for name in ("participants.public_cache", "participants.seat_cache"):
                    try:
                        import_module(name).forget_all()
                        break
                    except ImportError:
                        continue
            url = reverse("participants:register", args=[self.event.slug])
            response, figures = self.request("get", url, profiler=profiler)
            expect(response, 200, name)
            self.form_html = response.content.decode()
        elif name == "challenge":
            import json

            import altcha

            url = reverse("participants:challenge", args=[self.event.slug])
            response, figures = self.request("get", url, profiler=profiler)
            expect(response, 200, name)
            challenge = altcha.Challenge.from_dict(json.loads(response.content))
            solution = altcha.solve_challenge(challenge)
            self.altcha = altcha.Payload(challenge, solution).to_base64()
        elif name == "post":
            url = reverse("participants:register", args=[self.event.slug])
            data = {
                "csrfmiddlewaretoken": hidden(self.form_html, "csrfmiddlewaretoken"),
                "submission_key": hidden(self.form_html, "submission_key"),
                "body_kind": self.kind,
                "role": self.role,
                "full_name": f"Peserta Uji {letters(self.serial)}",
                "nik": self.nik,
                "phone": "0812 3456 7890",
                "website": "",
            }
            if self.altcha:
                data["altcha"] = self.altcha
            response, figures = self.request("post", url, data, profiler=profiler)
            expect(response, 302, name)
            self.private_url = response["Location"]
        elif name == "private":
            response, figures = self.request("get", self.private_url, profiler=profiler)
            expect(response, 200, name)
        return figures


def letters(n: int) -> str:
    """A name part from a number: names may not hold digits."""
    text = ""
    while True:
        n, digit = divmod(n, 26)
        text = "abcdefghijklmnopqrstuvwxyz"[digit] + text
        if not n:
            return text.capitalize()


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)" name="{name}"', html
    )
    if not match:
        raise SystemExit(f"no {name} in the form page")
    return match.group(1)


def expect(response, status: int, name: str) -> None:
    if response.status_code != status:
        body = response.content.decode(errors="replace")
        errors = re.findall(
            r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>\s*(?:<strong>)?([^<]*)',
            body,
        )
        open("/tmp/speed-fail.html", "w").write(body)
        raise SystemExit(f"{name}: HTTP {response.status_code}, expected {status}; {errors[:5]}")


def walk(event, rule, figures, profiler=None, profiled=None):
    from django.conf import settings

    visitor = Visitor(event, rule)
    steps = ("home", "event", "form", "challenge", "post", "private")
    for name in steps if settings.BIMTEK_FORM_CHALLENGE else (s for s in steps if s != "challenge"):
        result = visitor.step(name, profiler if name == profiled else None)
        if figures is not None:
            figures[name].append(result)
    if figures is not None and visitor.serial % 10 == 0:
        # Now and then a visitor who pays for building the choices.
        cold = Visitor(event, rule)
        figures["form (cold)"].append(cold.step("form (cold)"))


def calibration() -> float:
    """CPU ms of a fixed workload, the median of a few runs."""
    runs = []
    for _ in range(15):
        start = time.process_time()
        sorted(str(i * 7919 % 10007) for i in range(20000))
        runs.append(time.process_time() - start)
    return statistics.median(runs) * 1000


def make_profiler(kind: str):
    if kind == "cprofile":
        import cProfile

        class CProfiler(cProfile.Profile):
            def __init__(self):
                # CPU time, not the wall clock: on a shared machine the wall clock is
                # mostly waiting for a core, for Redis or for the database.
                super().__init__(time.process_time)

            def start(self):
                self.enable()

            def stop(self):
                self.disable()

        return CProfiler()
    from pyinstrument import Profiler

    return Profiler(interval=0.0005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=200, help="visitors measured (200)")
    parser.add_argument("--warmup", type=int, default=30, help="visitors not measured (30)")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--profile", choices=list(VIEWS))
    parser.add_argument("--sql", action="store_true", help="print the SQL of one visitor")
    parser.add_argument("--profiler", choices=["pyinstrument", "cprofile"], default="pyinstrument")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="view-cpu-") as tmp:
        configure(args.database_url or f"sqlite:///{tmp}/bench.sqlite3")
        import django

        django.setup()
        from django.conf import settings

        visitors = args.warmup + args.reps + args.reps // 10 + 10
        event, rule = prepare(visitors)
        for _ in range(args.warmup):
            walk(event, rule, None)

        if args.sql:
            Visitor.show_sql = True
            walk(event, rule, None)
            return

        if args.profile:
            profiler = make_profiler(args.profiler)
            for _ in range(args.reps):
                if args.profile == "form (cold)":
                    Visitor(event, rule).step("form (cold)", profiler)
                else:
                    walk(event, rule, None, profiler, args.profile)
            if args.profiler == "cprofile":
                import pstats

                pstats.Stats(profiler).sort_stats(
                    os.environ.get("BENCH_SORT", "cumulative")
                ).print_stats(45)
            else:
                print(profiler.output_text(unicode=True, color=False, show_all=False))
            return

        figures = {name: [] for name in VIEWS}
        for _ in range(args.reps):
            walk(event, rule, figures)

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"calibration: {calibration():.2f} ms CPU for a fixed piece of pure Python "
        "(compare runs by it: a busy machine makes every figure slower)"
    )
    print(
        f"view_cpu: {args.reps} visitors after {args.warmup} warm-up, {database}, "
        f"DEBUG={settings.DEBUG}, cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    print(f"{'view':<12} {'cpu ms p50':>10} {'mean':>7} {'p90':>7} {'queries':>8} {'bytes':>8}")
    for name in VIEWS:
        rows = figures[name]
        if not rows:  # the challenge, when it is off
            continue
        cpu = sorted(r[0] * 1000 for r in rows)
        queries = statistics.median(r[1] for r in rows)
        size = statistics.median(r[2] for r in rows)
        print(
            f"{name:<12} {statistics.median(cpu):>10.2f} {statistics.fmean(cpu):>7.2f} "
            f"{cpu[int(len(cpu) * 0.9)]:>7.2f} {queries:>8g} {size:>8.0f}"
        )
    flow = [name for name in FLOW if figures[name]]
    flow_queries = sum(statistics.median(r[1] for r in figures[name]) for name in flow)
    flow_cpu = sum(statistics.median(r[0] * 1000 for r in figures[name]) for name in flow)
    print(f"flow ({', '.join(flow)}): {flow_cpu:.2f} ms CPU, {flow_queries:g} queries")


if __name__ == "__main__":
    main()
