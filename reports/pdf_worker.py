"""WeasyPrint and nothing else: what a PDF worker process needs.

This module imports neither Django nor the portal, so a worker started with
"spawn" holds WeasyPrint alone (about 50 MB) instead of a copy of the portal's
process (about 100 MB); that is what keeps a 10,000-row document under its
memory budget while both cores lay out parts of it.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.urls import UNICODE_SCHEME_RE, URLFetcher


class LocalFileFetcher(URLFetcher):
    """Fetches `file:` and `data:` URLs only, and files only under `roots`."""

    def __init__(self, roots: Sequence[Path], **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, **kwargs)
        self.roots = [Path(r).resolve() for r in roots]

    def fetch(self, url, headers=None):
        # The scheme as WeasyPrint reads it (its own pattern, lower-cased): a
        # case-sensitive "file:" test let FILE:///etc/hostname through unchecked.
        match = UNICODE_SCHEME_RE.match(url)
        if match and match[1].lower() == "file":
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Refusing to read {path}: outside the document folders")
        return super().fetch(url, headers)


# Layout allocates millions of short-lived objects. With Python's default
# threshold (a collection every 700 allocations) the collector walks the whole
# heap of a Django process again and again; collecting every 20,000
# allocations instead makes a 177-row list about 10 % faster. Thresholds are
# process-wide, so overlapping renders in threads share one raised setting and
# the last one out restores the default.
_GC_THRESHOLD = (20_000, 20, 20)
_gc_lock = threading.Lock()
_gc_renders = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    global _gc_renders, _gc_saved
    with _gc_lock:
        if _gc_renders == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(*_GC_THRESHOLD)
        _gc_renders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_renders -= 1
            if _gc_renders == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)


def render_html(
    html: str, *, base_url: str, roots: Sequence[Path], target: Path | None = None
) -> tuple[bytes | None, int]:
    """One HTML string laid out and written: (PDF bytes, number of pages).

    With `target` the PDF goes to that file instead, and None comes back for its bytes.
    """
    with fewer_collections():
        document = HTML(
            string=html, base_url=base_url, url_fetcher=LocalFileFetcher(roots)
        ).render()
        return document.write_pdf(target), len(document.pages)


def render_part(job: tuple[str, str, Sequence[Path], Path]) -> int:
    """`render_html` to a file, for a process pool (which passes one argument); the pages.

    The part goes to disk here, not back through the pool's pipe: the process
    that joins the parts never holds more than the one it is joining.
    """
    html, base_url, roots, target = job
    _none, pages = render_html(html, base_url=base_url, roots=roots, target=target)
    give_memory_back()
    return pages


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int) -> None:
    """A pool worker's initializer: end with SIGKILL when the process that started it ends.

    A task worker killed mid-document (SIGKILL, the out-of-memory killer) gets no
    chance to stop its pool, and each orphaned worker would hold its 100-200 MB
    forever. The kernel signals on the death of the thread that started this
    process: the one that called render_parts, which waits for every part. Linux
    only; elsewhere nothing is set.
    """
    if _libc is None or not hasattr(_libc, "prctl"):
        return
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died before prctl: then this process is already an orphan.
    if os.getppid() != parent_pid:
        os._exit(1)


def give_memory_back() -> None:
    """Returns the memory of the part just laid out to the system.

    Without this a worker keeps the high-water mark of every part it laid out
    (about 10 MB more per part); with it, it starts each part from the same
    size, so two long-lived workers fit the 300 MB budget.
    """
    gc.collect()
    if _libc is not None:
        _libc.malloc_trim(0)


def _load_libc():
    # malloc_trim is glibc's; elsewhere (musl, macOS) memory is left as it is.
    # CDLL(None) is the running program with the C library it links: no search
    # (ctypes.util.find_library would start ldconfig in a child process).
    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        return libc
    except (OSError, AttributeError, TypeError):  # TypeError: Windows has no CDLL(None)
        return None


_libc = _load_libc()
