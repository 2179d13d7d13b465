"""Gunicorn settings for Bimtek Portal: `gunicorn -c gunicorn.conf.py bimtek_portal.wsgi`.

Every value can be changed from the environment (see .env.example), so one file
serves a 2-core server and a larger host alike.

Why sync workers: a request is CPU work in Python (forms, templates) plus a few
short PostgreSQL queries, and the GIL lets only one thread of a process run
Python at a time, so threads would add little but contention. Processes use
every core. Sync workers assume a buffering reverse proxy in front (nginx,
Caddy) that absorbs slow clients; without one, set GUNICORN_THREADS > 1 (gunicorn
then uses its gthread worker) so a slow phone upload does not hold a whole worker.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gunicorn's rule of thumb: two per core plus one, so a worker waiting on the
# database does not leave a core idle. WEB_CONCURRENCY is the name platforms use.
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A registration takes milliseconds; long documents are rendered by the task
# worker, not in a request. 30 s only ends a request that is truly stuck.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 2)

# Load Django once in the master, then fork: workers share the code's memory and
# start in milliseconds. No database connection is opened at import time, so
# nothing is shared between workers that should not be.
preload_app = True

# Restart a worker after about a thousand requests (the jitter keeps them from all
# restarting at once), so a slow leak in a library cannot grow without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Heartbeat files in memory: a busy or slow disk must not make the master think
# a worker hangs.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Logs to stdout/stderr, for systemd's journal or the container runtime.
# GUNICORN_ACCESS_LOG=off turns the access log off (the proxy may already keep one).
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip()
accesslog = None if _access_log.lower() in {"", "off", "none", "0"} else _access_log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address first: behind a proxy it is the proxy's, so add the forwarded chain.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
