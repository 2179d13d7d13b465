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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

STATIC_DIR = Path(settings.BASE_DIR) / "static"

# WeasyPrint reports every layout step at INFO; the portal's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def static_base_url() -> str:
    return STATIC_DIR.as_uri() + "/"


class LocalFileFetcher(URLFetcher):
    """Fetches `file:` and `data:` URLs only, and files only under the allowed folders."""

    def __init__(self, roots: Sequence[Path] | None = None, **kwargs):
        super().__init__(allowed_protocols={"file", "data"}, **kwargs)
        self.roots = [Path(r).resolve() for r in (roots or allowed_roots())]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Refusing to read {path}: outside the document folders")
        return super().fetch(url, headers)


def allowed_roots() -> list[Path]:
    return [STATIC_DIR, Path(settings.MEDIA_ROOT)]


@dataclass
class RenderedPdf:
    pdf: bytes
    pages: int


def html_to_pdf(html: str, *, base_url: str | None = None) -> RenderedPdf:
    """WeasyPrint alone: lay out one HTML string and write it."""
    document = HTML(
        string=html, base_url=base_url or static_base_url(), url_fetcher=LocalFileFetcher()
    ).render()
    return RenderedPdf(pdf=document.write_pdf(), pages=len(document.pages))


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


def _render_chunk(args: tuple[str, str]) -> tuple[bytes, int]:
    html, base_url = args
    rendered = html_to_pdf(html, base_url=base_url)
    return rendered.pdf, rendered.pages


def worker_count() -> int:
    """Cores this process may use (settings.BIMTEK_PDF_WORKERS caps it)."""
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, settings.BIMTEK_PDF_WORKERS or cores))


def render_pdf_chunked(
    *,
    template_name: str,
    chunk_context: Callable[[int, int], dict],
    chunks: int,
    paper: str,
    base_url: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RenderedPdf:
    """Renders `chunks` parts of one document in parallel and merges them.

    `chunk_context(index, count)` gives the template context of part `index`
    (0-based); `progress(parts done, chunks)` is called as parts finish, in
    order. The parts leave out their own page numbers (`stamp_page_numbers`
    is set in their context); "Halaman X dari Y" is stamped on the merged
    document, so it runs on across the parts.

    The templates are rendered here (the parts get HTML, nothing of Django or
    the database); the workers are forked, so they start at once with WeasyPrint
    already imported, and each lays out one part and exits, which gives its
    memory back before the next part starts.
    """
    base_url = base_url or static_base_url()
    jobs = [
        (
            render_to_string(
                template_name, {**chunk_context(i, chunks), "stamp_page_numbers": True}
            ),
            base_url,
        )
        for i in range(chunks)
    ]
    workers = min(workers or worker_count(), chunks)
    parts = []
    if workers <= 1:
        for job in jobs:
            parts.append(_render_chunk(job))
            if progress:
                progress(len(parts), chunks)
    else:
        # Forked workers never touch the inherited database connections, and
        # leave through os._exit, so those connections stay the parent's.
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=1) as pool:
            for part in pool.imap(_render_chunk, jobs, chunksize=1):
                parts.append(part)
                if progress:
                    progress(len(parts), chunks)
    del jobs
    total = sum(pages for _, pages in parts)
    merged = _merge_and_number([pdf for pdf, _ in parts], total=total, paper=paper)
    return RenderedPdf(pdf=merged, pages=total)


def page_number_overlay(*, total: int, paper: str) -> bytes:
    """A PDF of `total` empty pages that carry only "Halaman X dari Y", to stamp on.

    It uses the same @page rules as the documents, so the stamp sits exactly
    where a single-pass document prints its own page numbers.
    """
    html = render_to_string("reports/_page_numbers.html", {"paper": paper, "pages": range(total)})
    return html_to_pdf(html).pdf


def _merge_and_number(parts: list[bytes], *, total: int, paper: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    overlay = PdfReader(io.BytesIO(page_number_overlay(total=total, paper=paper)))
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
