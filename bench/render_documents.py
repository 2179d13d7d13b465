"""Benchmark: the daftar hadir and rekapitulasi of Tebo (177 people) and of 10,000 people.

    python bench/render_documents.py [--skip-baseline-10000] [--keep DIR]
    python bench/render_documents.py --sizes 10000 40000 80000 [--keep DIR]

Seeds a fresh SQLite database (the Tebo demo with its participants, and a
generated event of exactly 10,000 participants on Tebo's units), then renders
each document in a fresh process and prints: wall time of the build (reads,
templates, layout, merge), peak memory of the process tree (the sum of the
resident sizes of the process and its workers, sampled every 20 ms; PSS beside
it counts pages the forked workers share once), pages, and the ratio to
WeasyPrint alone rendering the same document as one HTML file in one process.

`--sizes` renders only the daftar hadir of a generated event of each size (a
database each) and prints the peak memory of each and its ratio to the
smallest: whether a long list's memory stays flat as its rows grow (issue #22).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIG_SLUG = "bench-{people}-peserta"
BIG_TOTAL = 10_000


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek_portal.settings")
    import django

    django.setup()


def cpu_seconds() -> float:
    """User + system time of this process and of its finished workers."""
    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


# --- Subcommands run in their own process --------------------------------------------------


def seed(people: int) -> None:
    setup_django()
    import random

    from django.core.management import call_command

    from demo.participants import demo_name
    from demo.seed import seed_tebo_demo
    from events.models import Event, QuotaRule
    from reports.tests.factories import fill_event

    call_command("migrate", verbosity=0)
    tebo = seed_tebo_demo(participants=True, prefix="15.09").event
    # The big event: Tebo's 141 units with more seats: 43 + 12 x 2 + 129 x 77 = 10,000;
    # other sizes fill the PPS seats up to `people` (the last desa's partly).
    big = Event.objects.get(pk=tebo.pk)
    big.pk, big.slug = None, BIG_SLUG.format(people=people)
    big.title = f"Bimbingan Teknis Uji Beban {people:,} Peserta".replace(",", ".")
    big.save()
    for rule in tebo.quota_rules.all():
        rule.pk, rule.event = None, big
        if rule.scope == QuotaRule.Scope.FIXED:
            rule.seats = 43
        elif rule.body_kind == "PPS":
            rule.seats = -(-(people - 43 - 24) // 129)
        rule.save()
    rng = random.Random("bench")
    names = {n: demo_name(rng, "P" if n % 3 else "L") for n in range(1, people + 1)}
    filled = fill_event(big, names=names, limit=people)
    assert filled.registrations == people, filled
    print(json.dumps({"tebo": tebo.registrations.count(), "big": filled.registrations}))


def render(slug: str, document: str, options: dict, html_out: str) -> None:
    setup_django()
    from reports.documents import build_document
    from reports.selectors import event_for_documents

    event = event_for_documents(slug=slug)
    document = document.removesuffix("-wilayah")  # the same list, cut to options["area"]
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    result = build_document(document, event=event, **options)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    # "-": no baseline, so no HTML of the whole document in the measured peak.
    if html_out != "-":
        write_whole_html(event, document, options, html_out)
    print(
        json.dumps(
            {"seconds": elapsed, "cpu": cpu, "pages": result.pages, "bytes": len(result.pdf)}
        )
    )


def write_whole_html(event, document: str, options: dict, html_out: str) -> None:
    """The same document as one HTML file, for WeasyPrint alone."""
    from django.template.loader import render_to_string

    from reports.documents import daftar_hadir, rekapitulasi

    if document == "daftar-hadir":
        context = daftar_hadir.with_pages(
            daftar_hadir.document_context(
                event=event,
                day=options.get("day", 1),
                blank=options.get("blank", False),
                paper=None,
                area=options.get("area"),
            )
        )
        template = daftar_hadir.TEMPLATE
    else:
        context = rekapitulasi.document_context(event=event, paper=None)
        template = rekapitulasi.TEMPLATE
    Path(html_out).write_text(render_to_string(template, context), encoding="utf-8")


def weasyprint_alone(html_path: str) -> None:
    from weasyprint import HTML

    setup_django()
    from reports.pdf import local_fetcher, static_base_url

    html = Path(html_path).read_text(encoding="utf-8")
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=local_fetcher())
    rendered = document.render()
    pdf = rendered.write_pdf()
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    print(
        json.dumps(
            {"seconds": elapsed, "cpu": cpu, "pages": len(rendered.pages), "bytes": len(pdf)}
        )
    )


# --- Measuring a process tree ----------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process; zeros if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            values = {
                line.split(":")[0]: int(line.split()[1])
                for line in rollup
                if line.startswith(("Rss:", "Pss:"))
            }
        return values.get("Rss", 0), values.get("Pss", 0)
    except (OSError, ValueError):
        return 0, 0


def run_measured(args: list[str], env: dict) -> dict:
    process = subprocess.Popen(
        [sys.executable, __file__, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        text=True,
    )
    peak = {"rss": 0, "pss": 0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            totals = [memory_kb(pid) for pid in descendants(process.pid)]
            peak["rss"] = max(peak["rss"], sum(rss for rss, _ in totals))
            peak["pss"] = max(peak["pss"], sum(pss for _, pss in totals))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["rss_mb"] = peak["rss"] / 1024
    result["pss_mb"] = peak["pss"] / 1024
    return result


def seeded_database(work: Path, people: int, env: dict) -> str:
    """The URL of the database of the generated event of `people`, seeded once per folder."""
    database = work / f"bench-{people}.sqlite3"
    url = f"sqlite:///{database}"
    if not database.exists():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--seed", str(people)],
            env={**env, "DATABASE_URL": url},
            cwd=ROOT,
            check=True,
        )
        print(f"seeded {database} in {time.perf_counter() - started:.1f} s")
    return url


def measure_sizes(sizes: list[int], *, work: Path, env: dict) -> None:
    """The whole daftar hadir of each size: peak memory against rows."""
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows = []
    for people in sorted(sizes):
        url = seeded_database(work, people, env)
        slug = BIG_SLUG.format(people=people)
        args = ["--render", slug, "daftar-hadir", json.dumps({"day": 1}), "-"]
        rows.append((people, run_measured(args, {**env, "DATABASE_URL": url})))
    print(
        f"{'people':>7}{'pages':>6}{'MB out':>8}{'time s':>8}{'cpu s':>7}{'RSS MB':>8}"
        f"{'PSS MB':>8}{'x rows':>8}{'x RSS':>7}"
    )
    smallest_people, smallest = rows[0]
    for people, result in rows:
        print(
            f"{people:>7}{result['pages']:>6}{result['bytes'] / 2**20:>8.1f}"
            f"{result['seconds']:>8.1f}{result['cpu']:>7.1f}{result['rss_mb']:>8.0f}"
            f"{result['pss_mb']:>8.0f}{people / smallest_people:>8.1f}"
            f"{result['rss_mb'] / smallest['rss_mb']:>7.2f}",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def measure_event(slug: str, *, env: dict) -> None:
    """The whole daftar hadir of an event of the database in DATABASE_URL, measured alike."""
    args = ["--render", slug, "daftar-hadir", json.dumps({"day": 1}), "-"]
    result = run_measured(args, env)
    print(
        f"{slug}: {result['pages']} pages, {result['bytes'] / 2**20:.1f} MB, "
        f"{result['seconds']:.1f} s, {result['cpu']:.1f} CPU s, "
        f"peak RSS {result['rss_mb']:.0f} MB, PSS {result['pss_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-baseline-10000", action="store_true")
    parser.add_argument("--keep", help="Folder to keep the database, HTML and PDFs in.")
    parser.add_argument("--only", choices=["tebo", "big"], help="Render only one of the events.")
    parser.add_argument(
        "--people",
        type=int,
        default=BIG_TOTAL,
        help="Participants of the big event (default 10,000; its own database file).",
    )
    parser.add_argument(
        "--document",
        choices=["daftar-hadir", "daftar-hadir-wilayah", "rekapitulasi"],
        help="Render only this document (daftar-hadir-wilayah: the list of --area only).",
    )
    parser.add_argument(
        "--area",
        default="15.09.01",
        help="Kecamatan (or regency) of the daftar-hadir-wilayah case (default 15.09.01).",
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        help="Only the daftar hadir, of a generated event of each of these sizes, "
        "and how its peak memory grows with them.",
    )
    parser.add_argument(
        "--event",
        help="Only the daftar hadir of this event of the database in DATABASE_URL "
        "(the national bench's: bench-nasional-kpu-ri), measured as --sizes measures.",
    )
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-documents-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    if args.event:
        measure_event(args.event, env=env)
        return
    if args.sizes:
        measure_sizes(args.sizes, work=work, env=env)
        return
    env["DATABASE_URL"] = seeded_database(work, args.people, env)
    big_slug = BIG_SLUG.format(people=args.people)
    cases = [
        ("tebo", "bimtek-parmas-kpu-tebo-2024", "daftar-hadir", {"day": 1}),
        ("tebo", "bimtek-parmas-kpu-tebo-2024", "rekapitulasi", {}),
        ("big", big_slug, "daftar-hadir", {"day": 1}),
        ("big", big_slug, "daftar-hadir-wilayah", {"day": 1, "area": args.area}),
        ("big", big_slug, "rekapitulasi", {}),
    ]
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'document':<16}{'people':>7}{'pages':>6}{'time s':>8}{'cpu s':>7}{'RSS MB':>8}"
        f"{'PSS MB':>8}{'alone s':>9}{'cpu s':>7}{'MB':>6}{'ratio':>7}"
    )
    for group, slug, document, options in cases:
        if (args.only and args.only != group) or (args.document and args.document != document):
            continue
        html = work / f"{group}-{document}.html"
        ours = run_measured(["--render", slug, document, json.dumps(options), str(html)], env)
        alone = None
        if not (
            group == "big" and document.startswith("daftar-hadir") and args.skip_baseline_10000
        ):
            alone = run_measured(["--weasyprint", str(html)], env)
        people = 177 if group == "tebo" else args.people
        ratio = f"{ours['seconds'] / alone['seconds']:.2f}" if alone else "–"
        print(
            f"{document:<16}{people:>7}{ours['pages']:>6}{ours['seconds']:>8.2f}"
            f"{ours['cpu']:>7.1f}{ours['rss_mb']:>8.0f}{ours['pss_mb']:>8.0f}"
            + (
                f"{alone['seconds']:>9.2f}{alone['cpu']:>7.1f}{alone['rss_mb']:>6.0f}"
                if alone
                else f"{'–':>9}{'–':>7}{'–':>6}"
            )
            + f"{ratio:>7}",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--seed":
        seed(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--render":
        render(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), sys.argv[5])
    elif len(sys.argv) > 1 and sys.argv[1] == "--weasyprint":
        weasyprint_alone(sys.argv[2])
    else:
        main()
