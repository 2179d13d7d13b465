"""Benchmark: the whole shipped 2025 region edition into fresh SQLite and PostgreSQL databases.

    python bench/import_regions.py [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
                                   [--skip-postgres] [--edition 2025]

For each database: migrate a fresh one, import once (everything created), import
again (nothing changes), each import in its own process, and print its wall time,
peak memory (ru_maxrss of that process), the rows per level and the ratio to the
60 s target. The SQLite file lives in a temporary folder; the PostgreSQL database
`bimtek_bench` is created and dropped by the script.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60.0
BENCH_DB = "bimtek_bench"

# Runs in a child process, so its ru_maxrss is the import's own peak memory.
CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.management import call_command
from bodies.data import SHIPPED_WILAYAH
from bodies.models import Body, District, Province, Regency, Village
from bodies.services import regions_import
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu_start = time.perf_counter(), time.process_time()
summary = regions_import(directory=SHIPPED_WILAYAH[sys.argv[1]], edition=sys.argv[1])
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds,
    "cpu_seconds": time.process_time() - cpu_start,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "baseline_kib": baseline,
    "changed": summary.changed,
    "created": {key: level.created for key, level in summary.levels.items()}
        | {"bodies": summary.bodies.created},
    "rows": {model.__name__: model.objects.count()
             for model in (Province, Regency, District, Village, Body)},
}))
"""


def manage_env(database_url: str) -> dict:
    return os.environ | {
        "DJANGO_DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "bimtek_portal.settings",
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def migrate(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "--skip-checks", "-v0"],
        cwd=ROOT,
        env=manage_env(database_url),
        check=True,
    )


def import_once(database_url: str, edition: str) -> dict:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, edition],
        cwd=ROOT,
        env=manage_env(database_url),
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["process_seconds"] = time.perf_counter() - started
    return data


def report(label: str, run: str, data: dict) -> None:
    rows = data["rows"]
    print(
        f"{label:<10} {run:<7} {data['seconds']:6.1f} s  "
        f"(process {data['process_seconds']:5.1f} s, {data['seconds'] / TARGET_SECONDS:4.0%} "
        f"of the 60 s target; import CPU {data['cpu_seconds']:4.1f} s)  peak RSS {data['peak_kib'] / 1024:5.0f} MiB "
        f"(after django.setup {data['baseline_kib'] / 1024:3.0f} MiB)  "
        f"rows: {rows['Province']} / {rows['Regency']} / {rows['District']} / "
        f"{rows['Village']} regions, {rows['Body']} bodies; "
        f"{'changed' if data['changed'] else 'nothing changed'}"
    )


def bench(label: str, database_url: str, edition: str) -> list[dict]:
    migrate(database_url)
    results = []
    for run in ("first", "second"):
        data = import_once(database_url, edition)
        report(label, run, data)
        results.append(data)
    if results[1]["changed"]:
        raise SystemExit(f"{label}: the second import changed something; it must not.")
    return results


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", default="2025", choices=["2025", "2022"])
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server to create the bench database on (maintenance database URL)",
    )
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"Importing the whole shipped {args.edition} edition, target {TARGET_SECONDS:.0f} s")
    # Wall time depends on what else the machine runs; the import's CPU time does not.
    print(f"Before: {load()}")

    with tempfile.TemporaryDirectory() as folder:
        bench("SQLite", f"sqlite:///{folder}/bench.sqlite3", args.edition)

    if args.skip_postgres:
        print(f"After: {load()}")
        return
    import psycopg2

    admin = psycopg2.connect(args.postgres_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    try:
        bench_url = args.postgres_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"
        bench("PostgreSQL", bench_url, args.edition)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        admin.close()
    print(f"After: {load()}")


if __name__ == "__main__":
    main()
