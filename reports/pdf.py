"""PDF rendering on WeasyPrint: the one way every official document becomes a PDF.

Templates link their stylesheet, fonts and logo with paths relative to
`static/` (`reports/print.css`, `img/logo-kpu.svg`), and the base URL is that
folder on disk, so nothing is ever fetched over the network and the output is
the same on every machine (the fonts are shipped in `static/reports/fonts/`).

Long documents (a daftar hadir of thousands of rows) are rendered in chunks on
every core, each to a file, and joined part after part (`reports.pdf_join`);
their "Halaman X dari Y" is stamped on as they are joined, because no chunk
knows the page count of the others while it is being laid out.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import tempfile
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.template.loader import render_to_string

from reports.pdf_worker import (
    LocalFileFetcher,
    die_with_parent,
    render_html,
    render_part,
)

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# Parts handed to each worker ahead of the one it lays out: enough that no worker waits
# for the next HTML, few enough that the HTML of a long document is never held whole.
IN_FLIGHT_PER_WORKER = 2

# A joined document larger than this stays a file (PdfFile) instead of coming back as
# bytes: every document the print page makes in the request is far below it (a 400-row
# daftar hadir is some 60 KB); a large event's, made by the worker, may be far above
# (about 4 MB for 1,000 certificates with their QR codes, so 380 MB for 90,000).
IN_MEMORY_BYTES = 4 * 1024 * 1024

# WeasyPrint reports every layout step at INFO; the portal's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def static_base_url() -> str:
    return STATIC_DIR.as_uri() + "/"


def allowed_roots() -> list[Path]:
    return [STATIC_DIR, Path(settings.MEDIA_ROOT)]


class PdfFile:
    """A finished PDF too long to hold in memory: a file of its own, deleted with this object.

    `bytes(pdf)` reads it whole (a test, a short document); `open()` streams it
    (the worker saving it to storage, a download).
    """

    def __init__(self, path: Path):
        self.path = path
        self._delete = weakref.finalize(self, path.unlink, missing_ok=True)

    @classmethod
    def new(cls) -> PdfFile:
        handle, name = tempfile.mkstemp(prefix="bimtek-", suffix=".pdf")
        os.close(handle)
        return cls(Path(name))

    def __len__(self) -> int:
        return self.path.stat().st_size

    def __bytes__(self) -> bytes:
        return self.path.read_bytes()

    def open(self) -> BinaryIO:
        return self.path.open("rb")

    def delete(self) -> None:
        self._delete()


@dataclass
class RenderedPdf:
    pdf: bytes | PdfFile  # a PdfFile only for a long document (see join_parts)
    pages: int


def pdf_stream(pdf: bytes | PdfFile) -> BinaryIO:
    """A document's PDF (or workbook) to read from, whether it is in memory or a file."""
    return pdf.open() if isinstance(pdf, PdfFile) else io.BytesIO(pdf)


def html_to_pdf(html: str, *, base_url: str | None = None) -> RenderedPdf:
    """WeasyPrint alone: lay out one HTML string and write it."""
    pdf, pages = render_html(html, base_url=base_url or static_base_url(), roots=allowed_roots())
    return RenderedPdf(pdf=pdf, pages=pages)


def local_fetcher() -> LocalFileFetcher:
    """The fetcher documents use: static and media files, nothing else."""
    return LocalFileFetcher(allowed_roots())


def render_pdf_with_pages(
    *, template_name: str, context: dict, base_url: str | None = None
) -> RenderedPdf:
    html = render_to_string(template_name, context)
    return html_to_pdf(html, base_url=base_url)


def render_pdf(*, template_name: str, context: dict, base_url: str | None = None) -> bytes:
    """Renders a template under `templates/reports/` to PDF bytes."""
    return render_pdf_with_pages(
        template_name=template_name, context=context, base_url=base_url
    ).pdf


# --- Long documents: chunks on every core, to files, joined and numbered.


def worker_count() -> int:
    """Cores this process may use (settings.BIMTEK_PDF_WORKERS caps it)."""
    # sched_getaffinity is Linux's (it honours taskset and cgroups); macOS lacks it.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return max(1, min(cores, settings.BIMTEK_PDF_WORKERS or cores))


def render_parts(
    htmls: Iterable[str],
    *,
    folder: Path,
    count: int | None = None,
    base_url: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[Path, int]]:
    """Each HTML to a PDF file in `folder`, in order, on up to `workers` processes:
    [(file, pages)].

    `htmls` is a list, or an iterator of `count` HTML strings that is read only
    as workers come free (at most IN_FLIGHT_PER_WORKER parts per worker are
    waiting or being laid out), so a document of thousands of parts never
    holds all of its HTML at once: the HTML of 90,000 certificates would be
    gigabytes. Nor does it hold their PDFs: each part is written to its file by
    the worker that laid it out. `progress(parts done, parts)` is called as
    parts finish, in order. The workers are started with "spawn" and import only
    `reports.pdf_worker`: WeasyPrint without Django, about half the memory of a
    forked copy of this process, and no copy of its threads or database
    connections. They live until the last part and give each part's memory back
    as it is done.
    """
    base_url = base_url or static_base_url()
    roots = allowed_roots()
    if count is None:
        htmls = list(htmls)
        count = len(htmls)
    jobs = (
        (html, base_url, roots, folder / f"part-{index:06d}.pdf")
        for index, html in enumerate(htmls)
    )
    workers = min(workers or worker_count(), count)
    if workers <= 1:
        return _render_here(jobs, count=count, progress=progress)
    return _render_in_pool(jobs, count=count, workers=workers, progress=progress)


def _render_here(jobs, *, count, progress) -> list[tuple[Path, int]]:
    """In this process: render_html, without render_part's memory trim, which only pays
    off in a worker that lays out part after part."""
    parts: list[tuple[Path, int]] = []
    for html, base_url, roots, target in jobs:
        _none, pages = render_html(html, base_url=base_url, roots=roots, target=target)
        parts.append((target, pages))
        if progress:
            progress(len(parts), count)
    return parts


def _render_in_pool(jobs, *, count, workers, progress) -> list[tuple[Path, int]]:
    """On `workers` spawned processes, reading the HTML only as they come free."""
    parts: list[tuple[Path, int]] = []
    # A process pool from concurrent.futures, not multiprocessing.Pool: if a
    # worker dies (killed for memory, say) the document fails with
    # BrokenProcessPool instead of waiting forever for the part it held.
    context = multiprocessing.get_context("spawn")
    # die_with_parent: a worker killed mid-document takes its pool with it.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        waiting: deque[tuple[Path, Future]] = deque()

        def submit_next() -> None:
            job = next(jobs, None)
            if job is not None:
                waiting.append((job[3], pool.submit(render_part, job)))

        for _ in range(workers * IN_FLIGHT_PER_WORKER):
            submit_next()
        while waiting:
            target, future = waiting.popleft()
            parts.append((target, future.result()))
            submit_next()
            if progress:
                progress(len(parts), count)
    return parts


def render_pdf_chunked(
    *,
    template_name: str,
    chunk_context: Callable[[int, int], dict],
    chunks: int,
    paper: str,
    base_url: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    relayout: Callable[[int, int], dict | None] | None = None,
) -> RenderedPdf:
    """Renders `chunks` parts of one document in parallel and joins them.

    `chunk_context(index, count)` gives the template context of part `index`
    (0-based); `progress(parts done, chunks)` is called as parts finish, in
    order. The parts leave out their own page numbers (`stamp_page_numbers`
    is set in their context); "Halaman X dari Y" is stamped on as they are
    joined, so it runs on across the parts.

    The templates are rendered here: the workers get HTML, nothing of Django or
    the database (see `render_parts`). `relayout(index, pages)` sees how many
    pages each part took and may return another context to lay that part out
    again with, here, when it did not come out as planned.
    """
    htmls = (
        render_to_string(template_name, {**chunk_context(i, chunks), "stamp_page_numbers": True})
        for i in range(chunks)
    )
    with tempfile.TemporaryDirectory(prefix="bimtek-parts-") as folder:
        parts = render_parts(
            htmls,
            folder=Path(folder),
            count=chunks,
            base_url=base_url,
            workers=workers,
            progress=progress,
        )
        for index, (target, pages) in enumerate(parts):
            context = relayout(index, pages) if relayout else None
            if context is not None:
                html = render_to_string(template_name, {**context, "stamp_page_numbers": True})
                _none, pages = render_html(
                    html,
                    base_url=base_url or static_base_url(),
                    roots=allowed_roots(),
                    target=target,
                )
                parts[index] = (target, pages)
        return join_parts(parts, paper=paper)


def render_parts_joined(
    htmls: Iterable[str],
    *,
    count: int,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RenderedPdf:
    """`render_parts` joined as they are, for documents that number nothing across parts
    (a certificate is a page of its own)."""
    with tempfile.TemporaryDirectory(prefix="bimtek-parts-") as folder:
        parts = render_parts(
            htmls, folder=Path(folder), count=count, workers=workers, progress=progress
        )
        return join_parts(parts, paper=None)


def page_number_overlay(*, first: int, count: int, total: int, paper: str) -> bytes:
    """A PDF of `count` empty pages that carry only "Halaman X dari Y", X from `first`.

    It uses the same @page rules as the documents, so the stamp sits exactly
    where a single-pass document prints its own page numbers.
    """
    html = render_to_string(
        "reports/_page_numbers.html",
        {"paper": paper, "pages": range(count), "first": first, "total": total},
    )
    return html_to_pdf(html).pdf


def join_parts(parts: list[tuple[Path, int]], *, paper: str | None) -> RenderedPdf:
    """The part files as one PDF (the parts are deleted as they are read); with `paper`,
    "Halaman X dari Y" stamped on every page.

    A short result comes back as bytes; a long one stays the file it was written
    to (`PdfFile`): a national event's certificates are hundreds of MB.
    """
    total = sum(pages for _, pages in parts)
    if paper is None and len(parts) == 1:
        path, pages = parts[0]
        return RenderedPdf(pdf=path.read_bytes(), pages=pages)
    # Imported here: pypdf costs 13 MB, which a one-part document never needs.
    from reports.pdf_join import join_pdf_files

    def overlay(first: int, count: int) -> bytes:
        return page_number_overlay(first=first, count=count, total=total, paper=paper)

    result = PdfFile.new()
    with result.path.open("wb", buffering=1 << 20) as out:
        join_pdf_files(
            (path for path, _ in parts),
            out=out,
            total=total,
            overlay=overlay if paper is not None else None,
        )
    if len(result) > IN_MEMORY_BYTES:
        return RenderedPdf(pdf=result, pages=total)
    pdf = bytes(result)
    result.delete()
    return RenderedPdf(pdf=pdf, pages=total)
