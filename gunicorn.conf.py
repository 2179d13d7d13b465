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

from gunicorn.glogging import Logger

from bimtek_portal.env import env_int
from bimtek_portal.log_privacy import PrivateLinkFilter

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Web requests: a database statement longer than this is cancelled by PostgreSQL (read
# by settings.py, which this file runs before). A page takes milliseconds; a document
# worker (not under gunicorn) has no such limit.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "15")

# One per core plus one, so a worker waiting on the database does not leave a core
# idle. Not gunicorn's "two per core plus one": fewer workers served more registrations
# at less CPU each (bench/README.md, "Figures behind settings"). Every idle sync worker
# wakes for each new connection and all but one go back to sleep, and more processes
# evict each other's caches. A host that
# renders long documents in its web workers may want more (WEB_CONCURRENCY, the name
# platforms use).
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1)
threads = env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A registration takes milliseconds; long documents are rendered by the task
# worker, not in a request. 30 s only ends a request that is truly stuck.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 2)

# Load Django once in the master, then fork: workers share the code's memory and
# start in milliseconds. No database connection is opened at import time, so
# nothing is shared between workers that should not be.
preload_app = True

# Restart a worker after about ten thousand requests (the jitter keeps them from all
# restarting at once), so a slow leak in a library cannot grow without bound. Not
# after a thousand: in a registration wave that replaced each worker every ten seconds
# or so, and a new worker opens a database connection and builds its kept seat lists
# and pages again (the bench's p99 tripled: bench/README.md).
max_requests = env_int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 1000)


def when_ready(server):
    """In the master, before the first fork: compile the templates, load the
    catalogues, the URL resolvers and the models' field maps once, for every worker
    (bimtek_portal/warmup.py). The database connection is left to each worker's first
    request: opened here it would be shared by every worker; opened in post_fork it would
    save that request little CPU (bench/README.md) but make every worker's start
    wait on the database, up to DATABASE_CONNECT_TIMEOUT when it is down, and a threaded
    worker's requests would not use it (Django keeps a connection per thread)."""
    if server.cfg.preload_app:
        from bimtek_portal.warmup import warm_up

        server.log.info("Warmed up: %d templates compiled before forking", warm_up())


# Heartbeat files in memory: a busy or slow disk must not make the master think
# a worker hangs.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Errors to stderr, for systemd's journal or the container runtime. No access log by
# default: the buffering proxy these sync workers need in front (nginx, Caddy) keeps
# one already, with the client's real address, and gunicorn's costs a fifth of a
# trivial request (bench/load_registration.py: 1,490 against 1,790 requests/s).
# GUNICORN_ACCESS_LOG=- writes it to stdout, or give a file.
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "off").strip()
accesslog = None if _access_log.lower() in {"", "off", "none", "0"} else _access_log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client address first: behind a proxy it is the proxy's, so add the forwarded chain.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class PrivateLinkSafeLogger(Logger):
    """Gunicorn's error and access logs with the private link's secret masked: its
    request line (access log) and a crashed request's URI (error log) hold it."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(PrivateLinkFilter())


logger_class = PrivateLinkSafeLogger
