"""Nothing tied to one process or host (issue #10, items 3 and 4), with real processes.

Two gunicorn servers share one Redis and one database: a limit of 5 posts a minute holds
across them. A real RQ worker renders a document that `render_document --queue` enqueued
from another process and gets back through the storage. Both skip when Redis is down.
"""

import http.client
import re
import time
from urllib.parse import urlencode

import pytest

from bimtek_portal.testing.processes import (
    PYTHON,
    REDIS_URL,
    gunicorn,
    manage,
    process_env,
    redis_or_skip,
    running,
    seeded_database,
    wait_for_http,
)

pytestmark = [pytest.mark.slow, pytest.mark.redis]

TEBO = "bimtek-parmas-kpu-tebo-2024"
PORTS = (8121, 8122)


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory):
    redis_or_skip()
    return seeded_database(tmp_path_factory.mktemp("scale-out"))


def request(port, method, path, *, cookie="", form=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.getheader("Set-Cookie") or "", response.read().decode()


def wait_for_a_fresh_minute(margin: float = 15) -> None:
    """The limit counts per clock minute: start well inside one, so all posts share it."""
    into = time.time() % 60
    if into > 60 - margin:
        time.sleep(60 - into + 0.5)


def test_a_limit_of_5_a_minute_holds_across_two_server_processes(shared_database, tmp_path):
    redis_or_skip()
    env = process_env(
        shared_database,
        CACHE_URL=REDIS_URL,
        BIMTEK_REGISTRATION_RATE="5/m",
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    one_log, two_log = tmp_path / "one.log", tmp_path / "two.log"
    with gunicorn(PORTS[0], env, one_log) as one, gunicorn(PORTS[1], env, two_log) as two:
        wait_for_http(PORTS[0], f"/daftar/{TEBO}/", one, one_log)
        wait_for_http(PORTS[1], f"/daftar/{TEBO}/", two, two_log)
        status, set_cookie, page = request(PORTS[0], "GET", f"/daftar/{TEBO}/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookie = set_cookie.split(";", 1)[0]  # csrftoken=...
        # An incomplete form: refused by validation (200), but every post is counted.
        form = {"csrfmiddlewaretoken": token, "full_name": "Uji Batas"}
        wait_for_a_fresh_minute()
        statuses = [
            request(PORTS[n % 2], "POST", f"/daftar/{TEBO}/", cookie=cookie, form=form)[0]
            for n in range(7)
        ]
    # Posts 1-5 alternate between the processes and pass; the 6th (process two) and the
    # 7th (process one) are refused: each process sees the other's counts.
    assert statuses == [200, 200, 200, 200, 200, 429, 429], statuses


def test_a_document_renders_through_a_real_rq_worker(shared_database, tmp_path):
    redis = redis_or_skip()
    env = process_env(
        shared_database,
        CACHE_URL=REDIS_URL,
        BIMTEK_TASKS_BACKEND="rq",
        REDIS_URL=REDIS_URL,
        BIMTEK_PDF_WORKERS="1",
    )
    worker_log = tmp_path / "rqworker.log"
    worker = [
        PYTHON,
        "manage.py",
        "rqworker",
        "--job-class",
        "django_tasks_rq.Job",
        "--name",
        "bimtek-test-worker",
        "default",
    ]
    out = tmp_path / "rekapitulasi.pdf"
    with running(worker, env, worker_log) as process:
        deadline = time.monotonic() + 60
        while not redis.keys("rq:worker:*bimtek-test-worker*"):
            assert process.poll() is None, worker_log.read_text()
            assert time.monotonic() < deadline, worker_log.read_text()
            time.sleep(0.3)
        result = manage(
            env, "render_document", TEBO, "rekapitulasi", "--queue", "--out", str(out),
            "--timeout", "240",
            timeout=300,
        )  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")
    assert "queued (django_tasks_rq.RQBackend)" in result.stdout
    assert "done" in result.stdout
    # The worker, not the command, ran the task.
    log = worker_log.read_text()
    assert "render_document_task" in log and "Job OK" in log, log


def test_render_document_queue_fails_clearly_when_no_worker_takes_the_job(
    shared_database, tmp_path
):
    redis_or_skip()
    env = process_env(
        shared_database, CACHE_URL=REDIS_URL, BIMTEK_TASKS_BACKEND="rq", REDIS_URL=REDIS_URL
    )
    result = manage(
        env, "render_document", TEBO, "rekapitulasi", "--queue", "--timeout", "2", check=False
    )
    assert result.returncode != 0
    assert "worker" in result.stderr
