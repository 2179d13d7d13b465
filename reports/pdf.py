"""PDF rendering on WeasyPrint: the one way every official document becomes a PDF.

Templates link their stylesheet, fonts and logo with paths relative to
`static/` (`reports/print.css`, `img/logo-kpu.svg`), and the base URL is that
folder on disk, so nothing is ever fetched over the network and the output is
the same on every machine (the fonts are shipped in `static/reports/fonts/`).

Long documents (a daftar hadir of thousands of rows) are rendered in chunks on
every core and merged with pypdf; their "Halaman X dari Y" is stamped on
afterwards, because no chunk knows the page count of the others while it is
being laid out.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from reports.pdf_worker import LocalFileFetcher, die_with_parent, render_html, render_part

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# Parts handed to each worker ahead of the one it lays out: enough that no worker waits
# for the next HTML, few enough that the HTML of a long document is never held whole.
IN_FLIGHT_PER_WORKER = 2

# WeasyPrint reports every layout step at INFO; the portal's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def static_base_url() -> str:
    return STATIC_DIR.as_uri() + "/"


def allowed_roots() -> list[Path]:
    return [STATIC_DIR, Path(settings.MEDIA_ROOT)]


@dataclass
class RenderedPdf:
    pdf: bytes
    pages: int


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


# --- Long documents: chunks on every core, merged, then page numbers stamped.


def worker_count() -> int:
    """Cores this process may use (settings.BIMTEK_PDF_WORKERS caps it)."""
    # sched_getaffinity is Linux's (it honours taskset and cgroups); macOS lacks it.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return max(1, min(cores, settings.BIMTEK_PDF_WORKERS or cores))


def render_parts(
    htmls: Iterable[str],
    *,
    count: int | None = None,
    base_url: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[tuple[bytes, int]]:
    """Each HTML to (PDF, pages), in order, on up to `workers` processes.

    `htmls` is a list, or an iterator of `count` HTML strings that is read only
    as workers come free (at most IN_FLIGHT_PER_WORKER parts per worker are
    waiting or being laid out), so a document of thousands of parts never
    holds all of its HTML at once: the HTML of 90,000 certificates would be
    gigabytes. `progress(parts done, parts)` is called as parts finish, in
    order. The workers are started with "spawn" and import only
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
    workers = min(workers or worker_count(), count)
    if workers <= 1:
        return _render_here(htmls, count=count, base_url=base_url, roots=roots, progress=progress)
    return _render_in_pool(
        htmls, count=count, workers=workers, base_url=base_url, roots=roots, progress=progress
    )


def _render_here(htmls, *, count, base_url, roots, progress) -> list[tuple[bytes, int]]:
    """In this process: render_html, without render_part's memory trim, which only pays
    off in a worker that lays out part after part."""
    parts: list[tuple[bytes, int]] = []
    for html in htmls:
        parts.append(render_html(html, base_url=base_url, roots=roots))
        if progress:
            progress(len(parts), count)
    return parts


def _render_in_pool(htmls, *, count, workers, base_url, roots, progress) -> list[tuple[bytes, int]]:
    """On `workers` spawned processes, reading the HTML only as they come free."""
    parts: list[tuple[bytes, int]] = []
    # A process pool from concurrent.futures, not multiprocessing.Pool: if a
    # worker dies (killed for memory, say) the document fails with
    # BrokenProcessPool instead of waiting forever for the part it held.
    context = multiprocessing.get_context("spawn")
    source = iter(htmls)
    # die_with_parent: a worker killed mid-document takes its pool with it.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        waiting: deque[Future] = deque()

        def submit_next() -> None:
            html = next(source, None)
            if html is not None:
                waiting.append(pool.submit(render_part, (html, base_url, roots)))

        for _ in range(workers * IN_FLIGHT_PER_WORKER):
            submit_next()
        while waiting:
            parts.append(waiting.popleft().result())
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
    """Renders `chunks` parts of one document in parallel and merges them.

    `chunk_context(index, count)` gives the template context of part `index`
    (0-based); `progress(parts done, chunks)` is called as parts finish, in
    order. The parts leave out their own page numbers (`stamp_page_numbers`
    is set in their context); "Halaman X dari Y" is stamped on the merged
    document, so it runs on across the parts.

    The templates are rendered here: the workers get HTML, nothing of Django or
    the database (see `render_parts`). `relayout(index, pages)` sees how many
    pages each part took and may return another context to lay that part out
    again with, here, when it did not come out as planned.
    """
    htmls = (
        render_to_string(template_name, {**chunk_context(i, chunks), "stamp_page_numbers": True})
        for i in range(chunks)
    )
    parts = render_parts(htmls, count=chunks, base_url=base_url, workers=workers, progress=progress)
    for index, (_pdf, pages) in enumerate(parts):
        context = relayout(index, pages) if relayout else None
        if context is not None:
            html = render_to_string(template_name, {**context, "stamp_page_numbers": True})
            again = html_to_pdf(html, base_url=base_url)
            parts[index] = (again.pdf, again.pages)
    total = sum(pages for _, pages in parts)
    merged = merge_pdfs([pdf for pdf, _ in parts], total=total, paper=paper)
    return RenderedPdf(pdf=merged, pages=total)


def page_number_overlay(*, total: int, paper: str) -> bytes:
    """A PDF of `total` empty pages that carry only "Halaman X dari Y", to stamp on.

    It uses the same @page rules as the documents, so the stamp sits exactly
    where a single-pass document prints its own page numbers.
    """
    html = render_to_string("reports/_page_numbers.html", {"paper": paper, "pages": range(total)})
    return html_to_pdf(html).pdf


def merge_pdfs(parts: list[bytes], *, total: int | None = None, paper: str = "A4") -> bytes:
    """The parts as one PDF; with `total`, "Halaman X dari Y" stamped on every page."""
    if len(parts) == 1 and total is None:
        return parts[0]
    # Imported here: pypdf costs 13 MB, which a one-part document never needs.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    if total is not None:
        overlay = PdfReader(io.BytesIO(page_number_overlay(total=total, paper=paper)))
        for page, stamp in zip(writer.pages, overlay.pages, strict=True):
            page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
