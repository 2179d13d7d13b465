"""Long documents rendered in the background, with their progress in the cache.

A job is a uuid. Its state lives in the cache (the database cache by default,
so the web processes and the worker see the same thing) under `job_key(id)`:

    {"state": "queued|running|done|failed", "done": n, "total": m,
     "file": "documents/<job>/<filename>", "error": "...",
     "slug": ..., "document": ..., "options": {...}, "user_id": ...}

While a job runs, a thread of the worker beats every HEARTBEAT_SECONDS under
`beat_key(id)`, a key that expires after STALE_SECONDS. A running job without a beat
lost its worker (killed, out of memory, its host gone): whoever reads it next (the
job page, `render_document --queue`) marks it failed, so nobody waits for it forever.

`render_document_job` is a plain function with JSON-able keyword arguments;
the django-tasks task below only wraps it, so the same code can be handed to
RQ or Celery (`queue.enqueue(render_document_job, job_id=..., ...)`).
"""

import datetime
import logging
import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

logger = logging.getLogger(__name__)

JOB_TTL = 60 * 60 * 24  # a day: enough to come back for the file, short enough to forget it
STATES = ("queued", "running", "done", "failed")
# Registrations above which an event's documents are made in the background, not in the
# request (see event_is_large).
BACKGROUND_ROWS = 400
GENERIC_ERROR = gettext_lazy(
    "The document could not be made. Try again, or tell the administrator if it happens again."
)
QUEUE_DOWN_ERROR = gettext_lazy(
    "The background queue cannot be reached just now. Make it again in a few minutes."
)
HEARTBEAT_SECONDS = 10
# Three missed beats: a worker busy laying out a page still beats (the beat is a
# thread of its own), so only a worker that is gone misses them.
STALE_SECONDS = 3 * HEARTBEAT_SECONDS
WORKER_LOST_ERROR = gettext_lazy(
    "The background worker stopped while making this document (it was restarted or ran "
    "out of memory). Make it again; tell the administrator if it happens again."
)


def job_key(job_id: str) -> str:
    return f"reports:job:{job_id}"


def beat_key(job_id: str) -> str:
    return f"reports:job:{job_id}:beat"


def job_get(job_id: str) -> dict | None:
    """The job's state; a running job whose worker stopped beating is marked failed here."""
    job = cache.get(job_key(job_id))
    if job and job.get("state") == "running" and cache.get(beat_key(job_id)) is None:
        # Re-read: the job may have finished between the two reads.
        job = cache.get(job_key(job_id)) or job
        if job.get("state") == "running":
            logger.warning(
                "Job %s (%s) lost its worker: marked failed", job_id, job.get("document")
            )
            job = _job_update(job_id, state="failed", error=str(WORKER_LOST_ERROR))
    return job


def _job_update(job_id: str, **changes) -> dict:
    job = cache.get(job_key(job_id)) or {}
    job.update(changes)
    cache.set(job_key(job_id), job, JOB_TTL)
    return job


def documents_prune(*, older_than: timedelta = timedelta(seconds=JOB_TTL)) -> int:
    """Deletes stored job files older than `older_than`; returns how many.

    Certificates and lists carry personal data (UU 27/2022): once the job is
    forgotten the file has no use, so it is not kept. Run when a job starts and
    by `manage.py prune_jobs` on a schedule (cron), so a file is gone a day
    after it was made even when nobody prints anything more.
    """
    cutoff = timezone.now() - older_than
    removed = 0
    try:
        folders, _files = default_storage.listdir("documents")
    except FileNotFoundError:
        return 0
    for folder in folders:
        _subfolders, files = default_storage.listdir(f"documents/{folder}")
        old = [
            name
            for name in files
            if default_storage.get_modified_time(f"documents/{folder}/{name}") < cutoff
        ]
        for name in old:
            default_storage.delete(f"documents/{folder}/{name}")
            removed += 1
        if old and len(old) == len(files):
            _remove_empty_folder(f"documents/{folder}")
    return removed


def _remove_empty_folder(path: str) -> None:
    # Called only once every file in it was old: a new job's folder is empty for
    # a moment before its file is written. File system only (object stores have
    # no folders); gone already, or not empty after all: left as it is.
    try:
        default_storage.delete(path)
    except OSError:
        pass


def job_start(*, slug: str, document: str, options: dict, user_id: int | None) -> str:
    """Records a queued job and enqueues it; returns the job id.

    Files of jobs older than a day are deleted first.
    """
    documents_prune()
    job_id = uuid.uuid4().hex
    # Written before enqueueing: an immediate backend runs the job inside enqueue().
    cache.set(
        job_key(job_id),
        {
            "state": "queued",
            "done": 0,
            "total": 0,
            "file": None,
            "error": None,
            "slug": slug,
            "document": document,
            "options": options,  # to make it again from the job page
            "user_id": user_id,
        },
        JOB_TTL,
    )
    try:
        render_document_task.enqueue(job_id=job_id, slug=slug, document=document, options=options)
    except Exception:
        # The queue (Redis for RQ, else the database) cannot take it: the job page says so
        # and offers "Buat ulang", instead of an error page.
        logger.exception("Could not queue %s for %s (job %s)", document, slug, job_id)
        _job_update(job_id, state="failed", error=str(QUEUE_DOWN_ERROR))
    return job_id


def builder_options(document: str, options: dict) -> dict:
    """Only the options the document takes (its spec's `takes`)."""
    from reports.documents import spec_for

    wanted = spec_for(document).takes
    return {key: value for key, value in options.items() if key in wanted}


def needs_background(*, event, document: str, options: dict) -> bool:
    """Whether rendering could take more than a few seconds, so it goes to the worker.

    Every document of a large event does (`event_is_large`), whatever its name or
    format: a berita acara or a rekapitulasi of a national event is as long to make
    as its daftar hadir. Of a small event, as the document's spec says
    (`DocumentSpec.background`: all the certificates at once).
    """
    from reports.documents import spec_for

    spec = spec_for(document)
    if event_is_large(event=event):
        return True
    if not spec.background or options.get("format", "pdf") != "pdf":
        return False
    return import_string(spec.background)(event=event, options=options)


def event_is_large(*, event) -> bool:
    """More than BACKGROUND_ROWS active registrations, or so many units that its recap is
    summed up by region (`reports.region_recap`). Two queries at most."""
    from participants.ledger import seats_taken_total
    from reports.region_recap import summarised_by_region

    return seats_taken_total(event=event) > BACKGROUND_ROWS or summarised_by_region(event=event)


def options_to_json(options: dict) -> dict:
    """The options in a form any task queue can carry: a registration by its key."""
    result = dict(options)
    if result.get("registration") is not None:
        result["registration"] = result["registration"].pk
    for key, value in result.items():
        if isinstance(value, datetime.date):
            result[key] = value.isoformat()  # the builders read YYYY-MM-DD back
    return result


def options_from_json(options: dict) -> dict:
    """Turns JSON-able options back into what the document builders take.

    `registration` travels as a primary key; the rest (paper, day, blank,
    number, dates as YYYY-MM-DD) are strings, numbers or booleans
    the builders take as they are.
    """
    from participants.models import Registration
    from reports.documents import DocumentError

    result = dict(options)
    # Jobs queued before every link came from BIMTEK_SITE_URL carried the print page's
    # address; no builder takes it now.
    result.pop("site_url", None)
    if result.get("registration") is not None:
        result["registration"] = Registration.objects.filter(pk=result["registration"]).first()
        if result["registration"] is None:
            raise DocumentError(_("That registration no longer exists."))
    return result


def render_document_job(*, job_id: str, slug: str, document: str, options: dict) -> str:
    """Builds one document through the registry and stores its PDF under MEDIA_ROOT.

    Returns the stored file's path relative to MEDIA_ROOT.
    """
    with heartbeat(job_id):
        _job_update(job_id, state="running")
        return _render(job_id=job_id, slug=slug, document=document, options=options)


@contextmanager
def heartbeat(job_id: str):
    """Beats for the job from a thread of its own until the block ends."""
    stop = threading.Event()

    def beat_once() -> None:
        cache.set(beat_key(job_id), timezone.now().isoformat(), STALE_SECONDS)

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                try:
                    beat_once()
                except Exception as error:  # a missed beat; the next may get through
                    logger.warning("Job %s: heartbeat not stored (%s)", job_id, error)
        finally:
            connections.close_all()  # this thread's own (the database cache's)

    beat_once()  # before the job is marked running
    thread = threading.Thread(target=beat, name=f"job-heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _render(*, job_id: str, slug: str, document: str, options: dict) -> str:
    from django.contrib.auth import get_user_model

    from events.models import Event
    from reports.documents import DocumentError, build_document, spec_for
    from reports.pdf import pdf_stream

    try:
        event = Event.objects.filter(slug=slug).first()
        user_id = (cache.get(job_key(job_id)) or {}).get("user_id")
        if event is None:
            raise DocumentError(_("The event “%(slug)s” no longer exists.") % {"slug": slug})
        built_options = builder_options(document, options_from_json(options))
        if spec_for(document).progress:

            def progress(done: int, total: int) -> None:
                _job_update(job_id, done=done, total=total)

            built_options["progress"] = progress
        else:
            _job_update(job_id, done=0, total=1)
        # Whoever queued it takes the number (NumberRequest.actor), as in the request.
        actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        result = build_document(document, event=event, actor=actor, **built_options)
        # From the file a long document was written to, chunk by chunk: the whole
        # country's list is some 200 MB, never held in memory here.
        with pdf_stream(result.pdf) as stream:
            path = default_storage.save(
                f"documents/{job_id}/{result.filename}", File(stream, name=result.filename)
            )
    except DocumentError as error:
        _job_update(job_id, state="failed", error=str(error))
        return ""
    except Exception:
        logger.exception("Rendering %s for %s failed (job %s)", document, slug, job_id)
        _job_update(job_id, state="failed", error=str(GENERIC_ERROR))
        raise
    job = cache.get(job_key(job_id)) or {}
    _job_update(
        job_id, state="done", done=job.get("total") or 1, total=job.get("total") or 1, file=path
    )
    return path


@task()
def render_document_task(*, job_id: str, slug: str, document: str, options: dict) -> str:
    return render_document_job(job_id=job_id, slug=slug, document=document, options=options)
