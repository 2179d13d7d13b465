"""Renders one official document of an event to a PDF file.

manage.py render_document bimtek-parmas-kpu-tebo-2024 daftar-hadir --day 2 --out dh.pdf
manage.py render_document bimtek-parmas-kpu-tebo-2024 laporan-partisipasi --signed-on 2024-12-02

--allocate takes the next number from the register, refused once the document has a
number (type a second one with --number if it really needs one); --number records one
given outside the portal; either makes a berita acara or laporan final. --draft prints a
draft marked KONSEP with a blank running number, even once it has a number. Without any
of them it is printed again with the number it has, else as a draft. The plenary's
berita acara carries the event's plenary number when the event records one. An option
the document does not take is refused, not ignored.

--queue renders it on the configured task queue instead (BIMTEK_TASKS_BACKEND: the
database's worker or RQ workers, possibly on another host), prints the progress and
copies the file from the storage; it exits with an error if the job fails (its worker
stopped beating included, within reports.tasks.STALE_SECONDS) or no file comes within
--timeout seconds.
"""

import shutil
import time
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Event
from reports.documents import DOCUMENTS, DocumentError, build_document
from reports.numbering import NumberMode
from reports.pdf import pdf_stream
from reports.selectors import event_for_documents
from reports.tasks import GENERIC_ERROR, job_get, job_start, options_to_json

# Each option as it is written on the command line.
FLAGS = {
    "day": "--day",
    "blank": "--blank",
    "per_kecamatan": "--per-kecamatan",
    "area": "--wilayah",
    "paper": "--paper",
    "number": "--number",
    "allocate": "--allocate",
    "draft": "--draft",
    "classification": "--classification",
    "date": "--date",
    "signed_on": "--signed-on",
    "format": "--format",
}
# The number flags, and the NumberMode each one chooses.
MODES = {"number": NumberMode.MANUAL, "allocate": NumberMode.NEW, "draft": NumberMode.DRAFT}
NUMBER_FLAGS = ("number", "allocate", "draft", "classification")


class Command(BaseCommand):
    help = "Render an official document (berita acara, daftar hadir, ...) of an event to PDF."

    def add_arguments(self, parser):
        self._add_what_arguments(parser)
        self._add_numbering_arguments(parser)
        self._add_date_arguments(parser)
        self._add_output_arguments(parser)

    def _add_what_arguments(self, parser):
        """Which document of which event, on what paper, for which day or region."""
        parser.add_argument("slug", help="The event's slug.")
        parser.add_argument("document", help="One of: " + ", ".join(DOCUMENTS))
        parser.add_argument(
            "--out", help="File or folder to write (default: the document's own file name)."
        )
        parser.add_argument(
            "--day", help="Day of the event, from 1 (daftar hadir, uang transport)."
        )
        parser.add_argument("--blank", action="store_true", help="Blank list to sign on paper.")
        parser.add_argument(
            "--per-kecamatan",
            action="store_true",
            help="Surat undangan: one letter per kecamatan, each to its PPK with its own lampiran.",
        )
        parser.add_argument(
            "--wilayah",
            dest="area",
            help="Daftar hadir: only the participants of one regency or kecamatan, by its "
            "Kemendagri code (15.09, 15.09.01).",
        )
        parser.add_argument("--paper", help="A4 (default) or F4 (Folio, 215 x 330 mm).")

    def _add_numbering_arguments(self, parser):
        """How the document is numbered: typed, allocated, reprinted or a draft."""
        parser.add_argument("--number", help="Document number given outside the portal.")
        parser.add_argument(
            "--allocate",
            action="store_true",
            help="Take the next number from the register; refused when the document "
            "already has one (without --allocate it is printed again with that number).",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="A draft marked KONSEP with a blank running number, even if it has a number.",
        )
        parser.add_argument(
            "--classification", help="Archive classification in the number or draft, e.g. PP.06."
        )

    def _add_date_arguments(self, parser):
        parser.add_argument(
            "--date", help="Date of the berita acara or letter, YYYY-MM-DD (default: see README)."
        )
        parser.add_argument(
            "--signed-on",
            help="Signing date of the laporan partisipasi, YYYY-MM-DD (default: today).",
        )

    def _add_output_arguments(self, parser):
        """The file's format, and whether a worker renders it."""
        parser.add_argument(
            "--format",
            choices=("pdf", "xlsx"),
            help="xlsx: the list as a spreadsheet (uang transport, honorarium).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Render on the configured task queue (BIMTEK_TASKS_BACKEND: a database or "
            "RQ worker, on any host) and wait for the file.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=600,
            help="With --queue: seconds to wait for the worker (default 600).",
        )

    def handle(self, *args, slug, document, out, queue, timeout, **options):
        spec = DOCUMENTS.get(document)
        if spec is None:
            raise CommandError(
                _("Unknown document “%(name)s”: choose one of %(known)s.")
                % {"name": document, "known": ", ".join(DOCUMENTS)}
            )
        try:
            event = event_for_documents(slug=slug)
        except Event.DoesNotExist:
            raise CommandError(_("No event with the slug “%(slug)s”.") % {"slug": slug}) from None
        chosen = {key: options[key] for key in FLAGS if options[key] not in (None, "", False)}
        if chosen.get("format") == "pdf":
            del chosen["format"]  # every document is a PDF
        taken = set(spec.takes) | (set(NUMBER_FLAGS) if spec.numbered else set())
        for key in chosen:
            if key not in taken:
                raise CommandError(
                    _("%(option)s does not apply to the %(document)s.")
                    % {"option": FLAGS[key], "document": spec.title}
                )
        modes = [MODES[key] for key in MODES if key in chosen]
        if len(modes) > 1:
            raise CommandError(_("Give only one of --number, --allocate and --draft."))
        for key in ("allocate", "draft"):
            chosen.pop(key, None)
        if spec.numbered:
            chosen["number_mode"] = modes[0] if modes else NumberMode.REPRINT
        started = time.perf_counter()
        if queue:
            self._render_on_queue(event, document, chosen, out=out, timeout=timeout)
            return
        try:
            result = build_document(document, event=event, **chosen)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        path = Path(out) if out else Path(result.filename)
        if path.is_dir():
            path = path / result.filename
        with pdf_stream(result.pdf) as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        pages = f"{result.pages} halaman, " if result.pages else ""
        self.stdout.write(
            f"{document}: {path} ({pages}{len(result.pdf) // 1024} KB, "
            f"{time.perf_counter() - started:.2f} s)"
        )

    def _render_on_queue(self, event, document: str, chosen: dict, *, out, timeout: float):
        """Enqueue the job as the print page does, print its progress, copy its file here.

        The worker may run on another host: the file comes back through the configured
        storage (a shared folder or S3), the progress through the shared cache.
        """
        started = time.perf_counter()
        job_id = job_start(
            slug=event.slug, document=document, options=options_to_json(chosen), user_id=None
        )
        self.stdout.write(
            f"{document}: job {job_id} queued ({settings.TASKS['default']['BACKEND']})"
        )
        shown = None
        while True:
            job = job_get(job_id)
            if job is None:
                raise CommandError(_("The job was lost: is the cache shared with the worker?"))
            state = (job["state"], job.get("done"), job.get("total"))
            if state != shown:
                shown = state
                self.stdout.write(
                    f"  {job['state']} {job.get('done') or 0}/{job.get('total') or 0}"
                )
            if job["state"] == "failed":
                raise CommandError(job.get("error") or str(GENERIC_ERROR))
            if job["state"] == "done":
                break
            if time.perf_counter() - started > timeout:
                if job["state"] == "queued":
                    raise CommandError(
                        _("No worker took the job in %(seconds)d s: is one running for this queue?")
                        % {"seconds": timeout}
                    )
                # Running and still beating (else job_get had marked it failed): slow, not lost.
                raise CommandError(
                    _("The job is still running after %(seconds)d s (%(done)s of %(total)s done).")
                    % {
                        "seconds": timeout,
                        "done": job.get("done") or 0,
                        "total": job.get("total") or 0,
                    }
                )
            time.sleep(0.5)
        name = PurePosixPath(job["file"]).name
        path = Path(out) if out else Path(name)
        if path.is_dir():
            path = path / name
        with default_storage.open(job["file"], "rb") as stored:
            path.write_bytes(stored.read())
        self.stdout.write(
            f"{document}: {path} ({path.stat().st_size // 1024} KB, "
            f"{time.perf_counter() - started:.2f} s through the queue)"
        )
