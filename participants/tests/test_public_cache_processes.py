"""Two real processes: a change made through one reaches the other's public pages within
BIMTEK_KEPT_SECONDS, and not before it is made (participants/public_cache.py).

Both run on one SQLite file of their own with the shared cache in its table, as two hosts
share a database and a cache (bimtek_portal/testing/processes.py), so the test runs
whichever database the suite is on. Nothing is mocked and no clock is moved.
"""

import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from bimtek_portal.testing.processes import PYTHON, ROOT, process_env, seeded_database

SECONDS = 2
# What a step costs besides the setting: a request in a worker on a busy machine, the pipes.
SLACK = 1.5
WORKER = Path(__file__).with_name("public_cache_worker.py")


class Worker:
    def __init__(self, process: subprocess.Popen):
        self.process = process

    def ask(self, line: str) -> str:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        assert answer, f"the worker stopped:\n{self.process.stderr.read()}"
        return answer


@contextmanager
def worker(env: dict, slug: str):
    process = subprocess.Popen(
        [PYTHON, str(WORKER), slug],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield Worker(process)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    from demo.seed import EVENT_SLUG

    database = seeded_database(tmp_path_factory.mktemp("public-cache"))
    env = process_env(database, BIMTEK_KEPT_SECONDS=str(SECONDS))
    with worker(env, EVENT_SLUG) as writer, worker(env, EVENT_SLUG) as reader:
        yield writer, reader


def seen_after_the_change(reader: Worker, text: str, *, changed_at: float) -> float:
    """Seconds from the change until the reader's page shows `text` (asked again and again)."""
    while reader.ask(f"show {text}") == "no":
        waited = time.monotonic() - changed_at
        assert waited < SECONDS + SLACK, f"{text!r} not shown {waited:.1f} s after the change"
        time.sleep(0.05)
    return time.monotonic() - changed_at


def test_a_new_title_saved_in_one_process_shows_in_the_other_within_the_setting(two_processes):
    writer, reader = two_processes
    assert reader.ask("show Bimtek Berganti Judul") == "no"  # its copies warm, not before
    warmed_at = time.monotonic()

    assert writer.ask("title Bimtek Berganti Judul") == "saved"
    changed_at = time.monotonic()
    kept = reader.ask("show Bimtek Berganti Judul")
    if time.monotonic() < warmed_at + SECONDS:  # unless the machine was slower than that
        assert kept == "no"  # the reader serves its copy: the keeping is on

    waited = seen_after_the_change(reader, "Bimtek Berganti Judul", changed_at=changed_at)
    assert waited <= SECONDS + SLACK


def test_seats_changed_through_the_service_show_in_the_other_within_the_setting(
    two_processes,
):
    writer, reader = two_processes
    reader.ask("show warm")
    total = writer.ask("seats 1000")
    changed_at = time.monotonic()
    cell = f'<td class="text-end">{total}</td>'
    waited = seen_after_the_change(reader, cell, changed_at=changed_at)
    assert waited <= SECONDS + SLACK
