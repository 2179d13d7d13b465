import datetime
import json
import os
import time

from reports import tasks
from reports.tests.factories import pdf_text
from reports.tests.r2_world import register


def test_a_job_renders_stores_the_pdf_and_ends_done(world, settings):
    for unit in world.pps:
        register(world, unit=unit)

    job_id = tasks.job_start(slug="bimtek-uji", document="sertifikat", options={}, user_id=7)

    job = tasks.job_get(job_id)
    assert job["state"] == "done"
    assert (job["done"], job["total"]) == (3, 3)
    assert job["file"] == f"documents/{job_id}/sertifikat-bimtek-uji.pdf"
    assert (settings.MEDIA_ROOT / job["file"]).read_bytes().startswith(b"%PDF")
    assert (job["user_id"], job["slug"], job["document"]) == (7, "bimtek-uji", "sertifikat")


def test_progress_is_reported_chunk_by_chunk(world, monkeypatch):
    monkeypatch.setattr("reports.documents.sertifikat.CHUNK_SIZE", 1)
    for unit in world.pps:
        register(world, unit=unit)
    seen = []
    update = tasks._job_update

    def spy(job_id, **changes):
        job = update(job_id, **changes)
        seen.append((job["state"], job["done"], job["total"]))
        return job

    monkeypatch.setattr(tasks, "_job_update", spy)

    tasks.job_start(slug="bimtek-uji", document="sertifikat", options={}, user_id=None)

    assert seen == [
        ("running", 0, 0),
        ("running", 1, 3),
        ("running", 2, 3),
        ("running", 3, 3),
        ("done", 3, 3),
    ]


def test_a_long_document_is_stored_from_its_file_and_the_file_is_deleted(
    world, settings, monkeypatch, tmp_path
):
    # Every joined document counts as long: it stays a file (reports.pdf.PdfFile).
    monkeypatch.setattr("reports.pdf.IN_MEMORY_BYTES", 0)
    monkeypatch.setattr("reports.documents.sertifikat.CHUNK_SIZE", 1)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    for unit in world.pps:
        register(world, unit=unit)

    job = tasks.job_get(
        tasks.job_start(slug="bimtek-uji", document="sertifikat", options={}, user_id=None)
    )

    stored = (settings.MEDIA_ROOT / job["file"]).read_bytes()
    assert job["state"] == "done" and stored.startswith(b"%PDF")
    assert pdf_text(stored).count("SERTIFIKAT") >= 3
    assert list(scratch.iterdir()) == []  # the parts' folder and the joined file are gone


def test_a_document_that_cannot_be_made_fails_with_its_message(world):
    register(world, present_days=0)

    job_id = tasks.job_start(slug="bimtek-uji", document="sertifikat", options={}, user_id=None)

    job = tasks.job_get(job_id)
    assert job["state"] == "failed"
    assert job["error"]
    assert job["file"] is None


def test_an_event_deleted_before_the_worker_runs_fails_clearly(db):
    job_id = tasks.job_start(slug="tidak-ada", document="sertifikat", options={}, user_id=None)

    assert tasks.job_get(job_id)["state"] == "failed"
    assert "tidak-ada" in tasks.job_get(job_id)["error"]


def test_a_registration_deleted_before_the_worker_runs_fails_clearly(world):
    job_id = tasks.job_start(
        slug="bimtek-uji", document="sertifikat", options={"registration": 999999}, user_id=None
    )

    assert tasks.job_get(job_id)["state"] == "failed"
    assert tasks.job_get(job_id)["error"]


def test_an_unexpected_error_is_logged_and_the_user_sees_a_plain_message(
    world, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("reports.documents.laporan_partisipasi.data", broken)

    job_id = tasks.job_start(
        slug="bimtek-uji", document="laporan-partisipasi", options={}, user_id=None
    )

    job = tasks.job_get(job_id)
    assert job["state"] == "failed"
    assert job["error"] == str(tasks.GENERIC_ERROR)
    assert "disk on fire" in caplog.text


def test_the_job_function_runs_without_the_task_framework(world, settings):
    """What RQ or Celery would call: a plain function with JSON-able arguments."""
    person = register(world)
    options = tasks.options_to_json({"registration": person})
    json.dumps(options)
    tasks._job_update("job1", state="queued", done=0, total=0)

    path = tasks.render_document_job(
        job_id="job1", slug="bimtek-uji", document="sertifikat", options=options
    )

    assert path == f"documents/job1/sertifikat-bimtek-uji-{person.code}.pdf"
    assert (settings.MEDIA_ROOT / path).is_file()
    assert tasks.job_get("job1")["state"] == "done"


def test_options_travel_as_json_and_come_back_as_objects(world):
    person = register(world)
    sent = tasks.options_to_json({"registration": person, "day": 2, "paper": "F4"})

    assert sent == {"registration": person.pk, "day": 2, "paper": "F4"}
    assert tasks.options_from_json(sent)["registration"] == person


def test_a_dated_document_travels_as_json_and_is_made_on_its_date(world, settings):
    options = {"paper": "A4", "signed_on": datetime.date(2025, 1, 6)}
    sent = tasks.options_to_json(options)
    json.dumps(sent)
    tasks._job_update("job2", state="queued", done=0, total=0)

    path = tasks.render_document_job(
        job_id="job2", slug="bimtek-uji", document="laporan-partisipasi", options=sent
    )

    assert sent["signed_on"] == "2025-01-06"
    assert "6 Januari 2025" in pdf_text((settings.MEDIA_ROOT / path).read_bytes())


def test_all_certificates_go_to_the_background_one_certificate_does_not(world):
    person = register(world)

    assert tasks.needs_background(event=world.event, document="sertifikat", options={})
    assert not tasks.needs_background(
        event=world.event, document="sertifikat", options={"registration": person}
    )
    assert not tasks.needs_background(event=world.event, document="berita-acara", options={})


def test_a_long_attendance_list_goes_to_the_background(world, monkeypatch):
    register(world, unit=world.pps[0])
    register(world, unit=world.pps[1])
    monkeypatch.setattr(tasks, "BACKGROUND_ROWS", 2)
    assert not tasks.needs_background(event=world.event, document="daftar-hadir", options={})

    register(world, unit=world.pps[2])
    assert tasks.needs_background(event=world.event, document="daftar-hadir", options={})


def test_builders_get_only_the_options_they_take():
    options = {"paper": "A4", "day": 1, "blank": True, "number": "1/PP.06-BA/1509/2024"}

    assert tasks.builder_options("daftar-hadir", options) == {
        "paper": "A4",
        "day": 1,
        "blank": True,
    }
    assert tasks.builder_options("rekapitulasi", options) == {"paper": "A4"}


def test_numbered_documents_get_the_number_options_and_no_other_does():
    options = {"paper": "A4", "number": "1/PP.06-LP/1509/2024", "number_mode": "manual"}
    options["classification"] = "PK.01"

    for document in ("berita-acara", "berita-acara-pleno", "laporan-partisipasi"):
        assert tasks.builder_options(document, options) == options
    for document in ("daftar-hadir", "rekapitulasi"):
        assert tasks.builder_options(document, options) == {"paper": "A4"}
    assert tasks.builder_options("sertifikat", options) == {}


def test_unknown_jobs_are_none(db):
    assert tasks.job_get("no-such-job") is None


def test_files_of_forgotten_jobs_are_deleted_when_a_new_job_starts(world, settings):
    register(world)
    old = settings.MEDIA_ROOT / "documents" / "old-job" / "sertifikat.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF old")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))

    job_id = tasks.job_start(slug="bimtek-uji", document="sertifikat", options={}, user_id=None)

    assert not old.exists()
    assert (settings.MEDIA_ROOT / tasks.job_get(job_id)["file"]).exists()
    assert tasks.documents_prune() == 0


def make_job_file(settings, job: str, *, hours_old: float):
    path = settings.MEDIA_ROOT / "documents" / job / "daftar-hadir.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF")
    then = time.time() - hours_old * 3600
    os.utime(path, (then, then))
    return path


def test_prune_jobs_deletes_files_older_than_a_day_without_a_new_job(world, settings):
    from io import StringIO

    from django.core.management import call_command

    old = make_job_file(settings, "old-job", hours_old=25)
    recent = make_job_file(settings, "recent-job", hours_old=23)
    out = StringIO()
    call_command("prune_jobs", stdout=out)
    assert not old.exists() and not old.parent.exists()  # its folder too
    assert recent.exists()
    assert out.getvalue().startswith("1 job file(s)")


def test_prune_leaves_a_new_jobs_empty_folder_alone(world, settings):
    folder = settings.MEDIA_ROOT / "documents" / "starting-job"
    folder.mkdir(parents=True)
    assert tasks.documents_prune() == 0
    assert folder.exists()
