"""Real server and worker processes for the scale-out tests: several processes, one database
(an SQLite file of their own, so the test works whichever database the suite runs on), one
Redis. Nothing is mocked: what the test sees is what two hosts would do.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from bimtek_portal.testing.dates import shell_days_ahead
from demo.seed import EVENT_SLUG as TEBO_SLUG

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = sys.executable
# A Redis database number of these tests' own: they empty it.
REDIS_URL = os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379/2"


def redis_or_skip(url: str = REDIS_URL):
    """A client of the test Redis, emptied; the test is skipped, saying why, when it is down."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis at {url} is not reachable ({error}); start redis-server to run this")
    client.flushdb()
    return client


def process_env(database: Path, **extra: str) -> dict:
    """The environment of a portal process on the shared SQLite file, debug off."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bimtek_portal.settings_test",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def manage(
    env: dict, *args: str, timeout: float = 300, check: bool = True
) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in a process of its own; with `check`, it must succeed."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert not check or result.returncode == 0, (
        f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    )
    return result


def seeded_database(folder: Path) -> Path:
    """An SQLite file with the Tebo demo, its event's days a month ahead so that its
    form takes registrations."""
    database = folder / "shared.sqlite3"
    env = process_env(database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "seed_demo")
    manage(env, "shell", "-c", shell_days_ahead(TEBO_SLUG))
    return database


@contextmanager
def running(command: list[str], env: dict, log: Path):
    """A process in its own session, stopped (SIGTERM, then SIGKILL) when the block ends."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def gunicorn(port: int, env: dict, log: Path):
    """The portal under the repository's gunicorn.conf.py, one worker, on 127.0.0.1:port."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    command = [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"]
    return running([*command, "bimtek_portal.wsgi"], env, log)


def wait_for_http(port: int, path: str, process: subprocess.Popen, log: Path, seconds=90):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise AssertionError(f"the server on {port} exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the server on {port} did not answer in {seconds} s:\n{log.read_text()}")
