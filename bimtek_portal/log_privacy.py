"""No private link in any log line (issue #17 finding 9).

The private link `/daftar/p/<secret>/` opens a person's data, and Django logs every
4xx answer with its path ("Not Found: /daftar/p/<secret>/materi/9/", "Forbidden (CSRF
token missing.): /daftar/p/<secret>/ubah/", "Too Many Requests: ..."), gunicorn its
request line and, on a crash, the URI. Each view marking its answers as logged would
miss the next one, so the secret is masked where lines are written: on the portal's log
handler (settings.LOGGING) and on gunicorn's error and access logs (gunicorn.conf.py).
"""

import logging
import re

PRIVATE_LINK = re.compile(r"(/daftar/p/)[^/\s?#\"']+", re.IGNORECASE)
MASK = r"\1***"


def mask_private_links(text: str) -> str:
    return PRIVATE_LINK.sub(MASK, text)


class PrivateLinkFilter(logging.Filter):
    """Rewrites a record's message, traceback and stack with the secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg, record.args = mask_private_links(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_private_links(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_private_links(record.stack_info)
        return True
