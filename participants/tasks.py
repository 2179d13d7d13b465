"""E-mail to participants on the task queue, so a slow or hung mail server holds a
worker of the queue, never a web worker answering a registration.

A notice is recorded (`Notice`, unique per registration and kind) in the transaction
that sends it, so it goes out at most once however often it is tried. A failed send
(refused, or no answer within EMAIL_TIMEOUT) is tried again later, NOTICE_ATTEMPTS
times in all, then logged as an error.
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

NOTICE_ATTEMPTS = 4
# After the 1st, 2nd and 3rd failure: a mail server restarting is back within minutes.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))


def notice_enqueue(*, registration_id: int, kind: str, private_url: str = "", attempt: int = 1):
    """Queue one notice; a retry waits RETRY_DELAYS on a queue that can defer a task."""
    queued = notice_send_task
    if attempt > 1:
        queued = queued.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 2])
    queued.enqueue(
        registration_id=registration_id, kind=kind, private_url=private_url, attempt=attempt
    )


def _can_retry(attempt: int) -> bool:
    # The in-process backend (tests, BIMTEK_TASKS_BACKEND=immediate) cannot wait: no retry.
    return attempt < NOTICE_ATTEMPTS and notice_send_task.get_backend().supports_defer


@task()
def notice_send_task(
    *, registration_id: int, kind: str, private_url: str = "", attempt: int = 1
) -> bool:
    from .models import Registration
    from .notices import notice_send

    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:  # removed before its notice went out
        return False
    try:
        return notice_send(registration=registration, kind=kind, private_url=private_url)
    except Exception:
        if not _can_retry(attempt):
            logger.exception(
                "The %s notice of registration %s was not sent (attempt %s, the last)",
                kind,
                registration_id,
                attempt,
            )
            raise
        logger.warning(
            "The %s notice of registration %s failed (attempt %s); tried again later",
            kind,
            registration_id,
            attempt,
            exc_info=True,
        )
        notice_enqueue(
            registration_id=registration_id,
            kind=kind,
            private_url=private_url,
            attempt=attempt + 1,
        )
        return False
