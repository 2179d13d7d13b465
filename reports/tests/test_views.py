import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from participants.models import Registration
from reports import tasks
from reports.documents import DOCUMENTS
from reports.forms import DocumentOptionsForm
from reports.models import DocumentNumber
from reports.tests.factories import pdf_pages_text
from reports.tests.r2_world import register
from reports.verification import certificate_number


@pytest.fixture
def make_printer(staff_of, kpu_ri):
    """A staff account of KPU RI that prints documents (events.view_event) and numbers
    them (reports.allocate_number)."""
    return lambda username="printer": staff_of(
        kpu_ri, "events.view_event", "reports.allocate_number", username=username
    )


@pytest.fixture
def printer(make_printer):
    return make_printer()


@pytest.fixture
def printer_client(client, printer):
    client.force_login(printer)
    return client


def print_url(slug="bimtek-uji"):
    return reverse("reports:print", args=[slug])


def document_url(document, slug="bimtek-uji"):
    return reverse("reports:print-document", args=[slug, document])


def disposition_filename(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    return header.split('filename="', 1)[1].rstrip('"')


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- access -----------------------------------------------------------------

STAFF_URLS = [
    lambda: print_url(),
    lambda: reverse("reports:job", args=["abc"]),
    lambda: reverse("reports:job-download", args=["abc"]),
]


@pytest.mark.parametrize("url", STAFF_URLS)
def test_anonymous_users_are_sent_to_login(client, world, url):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_posts_make_nothing(client, world):
    response = client.post(document_url("laporan-partisipasi"), {"laporan-partisipasi-paper": "A4"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", STAFF_URLS)
def test_staff_without_the_permission_are_refused(staff_client, world, url):
    assert staff_client.get(url()).status_code == 403


def test_staff_without_the_permission_cannot_print(staff_client, world):
    response = staff_client.post(document_url("laporan-partisipasi"))
    assert response.status_code == 403


def test_unknown_event_and_unknown_document_are_404(printer_client, world):
    assert printer_client.get(print_url("tidak-ada")).status_code == 404
    assert printer_client.post(document_url("surat-cinta")).status_code == 404


# --- the print page ---------------------------------------------------------


def test_the_print_page_lists_the_six_documents_with_their_options(printer_client, world):
    response = printer_client.get(print_url())

    assert response.status_code == 200
    html = response.content.decode()
    for title in (spec.title for spec in DOCUMENTS.values()):
        assert title in html
    assert 'name="daftar-hadir-day"' in html and "Senin, 11 November 2024" in html
    assert 'name="daftar-hadir-blank"' in html
    assert 'name="berita-acara-number_mode"' in html
    assert 'name="sertifikat-registration"' in html
    assert reverse("admin:events_event_change", args=[world.event.pk]) in html


def test_the_print_page_offers_a_date_only_to_the_berita_acara_and_the_report(
    printer_client, world
):
    html = printer_client.get(print_url()).content.decode()

    # The one rule of documents.dates: the voting day, the last day, the printing day.
    assert 'type="date" name="laporan-partisipasi-signed_on" ' in html
    assert 'id="id_laporan-partisipasi-signed_on" value="2024-11-27"' in html
    assert (
        'type="date" name="berita-acara-date" id="id_berita-acara-date" value="2024-11-12"' in html
    )
    today = timezone.localdate().isoformat()
    assert f'id="id_undangan-signed_on" value="{today}"' in html
    # and says what an empty field means, document by document
    assert "Bila dikosongkan: hari terakhir kegiatan" in html
    assert "Bila dikosongkan: hari pemungutan suara" in html
    assert "hari pertama kegiatan" not in html
    for name in ("berita-acara-pleno", "daftar-hadir", "rekapitulasi", "sertifikat"):
        assert f'name="{name}-date"' not in html and f'name="{name}-signed_on"' not in html


def test_the_print_page_costs_a_fixed_number_of_queries(
    printer_client, world, django_assert_num_queries
):
    # session, user, user's permissions, group permissions, the user's office, event with
    # organiser, signatories, the numbers the documents carry, offline desks not yet sent,
    # the regencies and kecamatan a daftar hadir may be cut by
    with django_assert_num_queries(10):
        assert printer_client.get(print_url()).status_code == 200


# --- documents made in the request -----------------------------------------


def test_a_small_document_downloads_as_an_attachment(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {"laporan-partisipasi-paper": "A4", "laporan-partisipasi-number_mode": "none"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert disposition_filename(response).startswith("laporan-partisipasi-")
    assert body(response).startswith(b"%PDF")


def test_one_certificate_is_made_at_once(printer_client, world):
    person = register(world)

    response = printer_client.post(
        document_url("sertifikat"), {"sertifikat-registration": person.code.lower()}
    )

    assert disposition_filename(response) == f"sertifikat-bimtek-uji-{person.code}.pdf"
    text = PdfReader(io.BytesIO(body(response))).pages[0].extract_text()
    assert person.full_name in text


def test_a_certificate_for_someone_absent_is_refused_with_a_message(printer_client, world):
    person = register(world, present_days=0, full_name="Budi Absen")

    response = printer_client.post(
        document_url("sertifikat"), {"sertifikat-registration": person.code}, follow=True
    )

    assert response.redirect_chain[-1][0] == print_url()
    assert "Budi Absen" in str(list(response.context["messages"])[0])


def test_an_unknown_registration_code_is_refused_with_a_message(printer_client, world):
    response = printer_client.post(
        document_url("sertifikat"), {"sertifikat-registration": "ZZZZ"}, follow=True
    )

    assert "Sertifikat Peserta" in response.content.decode()
    assert response.redirect_chain[-1][0] == print_url()
    assert list(response.context["messages"])


def test_a_document_printed_without_a_number_is_marked_konsep(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {"laporan-partisipasi-paper": "A4", "laporan-partisipasi-number_mode": "none"},
    )

    pages = pdf_pages_text(body(response))
    assert all("KONSEP" in text.split() for text in pages)
    assert not DocumentNumber.objects.exists()


def test_taking_a_new_number_records_it_and_prints_it(printer_client, world, printer):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {
            "laporan-partisipasi-paper": "F4",
            "laporan-partisipasi-number_mode": "new",
            "laporan-partisipasi-classification": "PP.06",
            "laporan-partisipasi-signed_on": "2024-12-02",
        },
    )

    record = DocumentNumber.objects.get()
    assert record.number == f"1/PP.06-LP/{world.kpu.satker_code}/2024"
    assert (record.event, record.document, record.created_by) == (
        world.event,
        "laporan-partisipasi",
        printer,
    )
    text = PdfReader(io.BytesIO(body(response))).pages[0].extract_text()
    assert record.number in text
    assert "KONSEP" not in text.split()


def test_the_report_is_signed_on_the_day_chosen_and_numbered_in_its_year(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {
            "laporan-partisipasi-paper": "A4",
            "laporan-partisipasi-number_mode": "new",
            "laporan-partisipasi-classification": "PP.06",
            "laporan-partisipasi-signed_on": "2025-01-06",
        },
    )

    text = " ".join(pdf_pages_text(body(response)))
    assert "6 Januari 2025" in text
    assert DocumentNumber.objects.get().number == f"1/PP.06-LP/{world.kpu.satker_code}/2025"


def test_the_plenary_record_is_numbered_in_the_year_of_its_plenary(printer_client, world):
    world.event.plenary_date = datetime.date(2023, 12, 20)
    world.event.save(update_fields=["plenary_date"])

    printer_client.post(
        document_url("berita-acara-pleno"),
        {
            "berita-acara-pleno-paper": "A4",
            "berita-acara-pleno-number_mode": "new",
            "berita-acara-pleno-classification": "PL.02",
        },
    )

    assert DocumentNumber.objects.get().number == f"1/PL.02-BA/{world.kpu.satker_code}/2023"


def test_the_berita_acara_is_dated_on_the_day_chosen(printer_client, world):
    register(world, unit=world.pps[0])
    response = printer_client.post(
        document_url("berita-acara"),
        {
            "berita-acara-paper": "A4",
            "berita-acara-number_mode": "none",
            "berita-acara-date": "2024-11-12",
        },
    )

    assert disposition_filename(response).endswith("2024-11-12.pdf")
    assert "Selasa tanggal dua belas bulan November" in " ".join(pdf_pages_text(body(response)))


@pytest.mark.parametrize(
    ("document", "field"),
    [("laporan-partisipasi", "signed_on"), ("berita-acara", "date")],
)
@pytest.mark.parametrize("value", ["31-02-2024", "besok", "2024-02-31"])
def test_a_date_that_is_not_one_is_refused_with_a_message_and_takes_no_number(
    printer_client, world, document, field, value
):
    response = printer_client.post(
        document_url(document),
        {
            f"{document}-paper": "A4",
            f"{document}-number_mode": "new",
            f"{document}-classification": "PP.06",
            f"{document}-{field}": value,
        },
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == print_url()
    [message] = [str(m) for m in response.context["messages"]]
    assert f"“{value}” bukan tanggal; tulis dengan format TTTT-BB-HH" in message
    assert not DocumentNumber.objects.exists()


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "20241111", "2024-W46-1"])
def test_a_date_outside_the_numbered_years_or_not_written_yyyy_mm_dd_takes_no_number(
    printer_client, world, value
):
    response = printer_client.post(
        document_url("berita-acara"),
        {
            "berita-acara-paper": "A4",
            "berita-acara-number_mode": "new",
            "berita-acara-classification": "PP.06",
            "berita-acara-date": value,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == print_url()
    [message] = [str(m) for m in response.context["messages"]]
    assert "2000 sampai 2099" in message or f"“{value}” bukan tanggal" in message
    assert not DocumentNumber.objects.exists()


def test_a_huge_date_is_refused_with_a_short_message(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {"laporan-partisipasi-paper": "A4", "laporan-partisipasi-signed_on": "2" * 2_000_000},
        follow=True,
    )

    [message] = [str(m) for m in response.context["messages"]]
    assert f"“{'2' * 20}…” bukan tanggal" in message
    assert len(message) < 300


def test_a_refused_document_takes_no_number(printer_client, world):
    world.event.plenary_date = None
    world.event.save(update_fields=["plenary_date"])

    response = printer_client.post(
        document_url("berita-acara-pleno"),
        {
            "berita-acara-pleno-paper": "A4",
            "berita-acara-pleno-number_mode": "new",
            "berita-acara-pleno-classification": "PL.02",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == print_url()
    [message] = [str(m) for m in response.context["messages"]]
    assert "belum memiliki tanggal keputusan rapat pleno" in message
    assert not DocumentNumber.objects.exists()


def test_printing_again_without_a_number_keeps_the_number_taken(printer_client, world):
    fields = {
        "laporan-partisipasi-paper": "A4",
        "laporan-partisipasi-classification": "PP.06",
        "laporan-partisipasi-signed_on": "2024-12-02",
    }
    printer_client.post(
        document_url("laporan-partisipasi"),
        {**fields, "laporan-partisipasi-number_mode": "new"},
    )

    again = printer_client.post(
        document_url("laporan-partisipasi"),
        {**fields, "laporan-partisipasi-number_mode": "reuse"},
    )

    pages = pdf_pages_text(body(again))
    assert f"NOMOR: 1/PP.06-LP/{world.kpu.satker_code}/2024" in pages[0]
    assert not any("KONSEP" in text.split() for text in pages)
    assert DocumentNumber.objects.count() == 1


@pytest.mark.parametrize(
    ("document", "doc_type"), [("laporan-partisipasi", "LP"), ("berita-acara", "BA")]
)
def test_a_draft_carries_the_classification_typed(printer_client, world, document, doc_type):
    response = printer_client.post(
        document_url(document),
        {
            f"{document}-paper": "A4",
            f"{document}-number_mode": "none",
            f"{document}-classification": "pk.01",
        },
    )

    text = " ".join(pdf_pages_text(body(response)))
    assert f"....../PK.01-{doc_type}/{world.kpu.satker_code}/" in text
    assert not DocumentNumber.objects.exists()


def test_each_numbered_document_proposes_its_own_classification(world):
    initial = {
        document: DocumentOptionsForm(event=world.event, spec=DOCUMENTS[document])[
            "classification"
        ].initial
        for document in ("berita-acara", "berita-acara-pleno", "laporan-partisipasi")
    }
    assert initial == {
        "berita-acara": "PP.06",
        "berita-acara-pleno": "PL.02",
        "laporan-partisipasi": "PP.06",
    }


def test_an_empty_date_takes_the_default(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {
            "laporan-partisipasi-paper": "A4",
            "laporan-partisipasi-number_mode": "none",
            "laporan-partisipasi-signed_on": "",
        },
    )

    assert "27 November 2024" in " ".join(pdf_pages_text(body(response)))


def test_a_number_given_outside_the_portal_is_recorded(printer_client, world):
    number = f"231/PL.02-LP/{world.kpu.satker_code}/2024"

    printer_client.post(
        document_url("laporan-partisipasi"),
        {
            "laporan-partisipasi-paper": "A4",
            "laporan-partisipasi-number_mode": "manual",
            "laporan-partisipasi-number": number,
            "laporan-partisipasi-signed_on": "2024-12-02",
        },
    )

    assert DocumentNumber.objects.get().entered_manually


def test_a_malformed_number_is_refused_and_nothing_is_recorded(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {
            "laporan-partisipasi-paper": "A4",
            "laporan-partisipasi-number_mode": "manual",
            "laporan-partisipasi-number": "nomor asal",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == print_url()
    assert not DocumentNumber.objects.exists()
    assert list(response.context["messages"])


def test_manual_mode_without_a_number_asks_for_one(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"),
        {"laporan-partisipasi-paper": "A4", "laporan-partisipasi-number_mode": "manual"},
        follow=True,
    )

    assert not DocumentNumber.objects.exists()
    assert list(response.context["messages"])


def test_an_unknown_paper_size_is_refused(printer_client, world):
    response = printer_client.post(
        document_url("laporan-partisipasi"), {"laporan-partisipasi-paper": "A3"}, follow=True
    )
    assert response.redirect_chain[-1][0] == print_url()


# --- documents made in the background --------------------------------------


def test_all_certificates_go_to_a_job_page_then_download(printer_client, world):
    for unit in world.pps:
        register(world, unit=unit)

    response = printer_client.post(document_url("sertifikat"), {"sertifikat-registration": ""})

    assert response.status_code == 302
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    page = printer_client.get(response["Location"])
    html = page.content.decode()
    assert reverse("reports:job-download", args=[job_id]) in html
    assert 'http-equiv="refresh"' not in html  # finished: no more refreshing

    download = printer_client.get(reverse("reports:job-download", args=[job_id]))
    assert disposition_filename(download) == "sertifikat-bimtek-uji.pdf"
    assert len(PdfReader(io.BytesIO(body(download))).pages) == 3


def test_a_multi_part_certificate_job_shows_its_progress_advancing_then_done(
    printer_client, world, monkeypatch
):
    """Three parts of one certificate: the job page, read as each part finishes,
    counts certificates up, then offers the file."""
    monkeypatch.setattr("reports.documents.sertifikat.CHUNK_SIZE", 1)
    for unit in world.pps:
        register(world, unit=unit)
    pages = []
    update = tasks._job_update

    def read_the_page_after(job_id, **changes):
        job = update(job_id, **changes)
        if job["state"] == "running" and job["total"]:
            page = printer_client.get(reverse("reports:job", args=[job_id])).content.decode()
            pages.append(page)
        return job

    monkeypatch.setattr(tasks, "_job_update", read_the_page_after)

    response = printer_client.post(document_url("sertifikat"), {"sertifikat-registration": ""})

    assert len(pages) == 3
    assert [next(p for p in ("33 %", "66 %", "100 %") if p in page) for page in pages] == [
        "33 %",
        "66 %",
        "100 %",
    ]
    for done, page in zip((1, 2, 3), pages, strict=True):
        assert f"{done} dari 3 sertifikat selesai." in page
        assert 'http-equiv="refresh"' in page
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert tasks.job_get(job_id)["state"] == "done"
    final = printer_client.get(response["Location"]).content.decode()
    assert reverse("reports:job-download", args=[job_id]) in final
    assert 'http-equiv="refresh"' not in final


def test_a_national_certificate_jobs_progress_reads_with_thousands(printer_client, world, printer):
    tasks.cache.set(
        tasks.job_key("j90"),
        {
            "state": "running",
            "done": 2000,
            "total": 90000,
            "file": None,
            "error": None,
            "slug": "bimtek-uji",
            "document": "sertifikat",
            "user_id": printer.pk,
        },
    )
    tasks.cache.set(tasks.beat_key("j90"), "now", tasks.STALE_SECONDS)

    html = printer_client.get(reverse("reports:job", args=["j90"])).content.decode()

    assert "2.000 dari 90.000 sertifikat selesai." in html
    assert "2 %" in html


def test_a_running_job_page_refreshes_itself_and_shows_progress(printer_client, world, printer):
    tasks.cache.set(
        tasks.job_key("j1"),
        {
            "state": "running",
            "done": 60,
            "total": 177,
            "file": None,
            "error": None,
            "slug": "bimtek-uji",
            "document": "sertifikat",
            "user_id": printer.pk,
        },
    )
    tasks.cache.set(tasks.beat_key("j1"), "now", tasks.STALE_SECONDS)  # its worker is alive

    html = printer_client.get(reverse("reports:job", args=["j1"])).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in html
    assert "33 %" in html
    assert printer_client.get(reverse("reports:job-download", args=["j1"])).status_code == 404


def test_a_failed_job_shows_its_message(printer_client, world, printer):
    tasks.cache.set(
        tasks.job_key("j2"),
        {
            "state": "failed",
            "done": 0,
            "total": 0,
            "file": None,
            "error": "Kertas habis.",
            "slug": "bimtek-uji",
            "document": "sertifikat",
            "user_id": printer.pk,
        },
    )

    assert (
        "Kertas habis." in printer_client.get(reverse("reports:job", args=["j2"])).content.decode()
    )


def _running_job(job_id: str, user_id: int) -> None:
    tasks.cache.set(
        tasks.job_key(job_id),
        {
            "state": "running",
            "done": 60,
            "total": 140,
            "file": None,
            "error": None,
            "slug": "bimtek-uji",
            "document": "sertifikat",
            "options": {"registration": None},
            "user_id": user_id,
        },
    )


def test_a_running_job_whose_worker_stopped_beating_is_marked_failed_with_a_retry(
    printer_client, world, printer
):
    """Issue #18: a killed worker's job stayed "42 %, 60 dari 140" forever."""
    _running_job("lost", printer.pk)  # and no beat: its worker is gone

    html = printer_client.get(reverse("reports:job", args=["lost"])).content.decode()

    assert tasks.job_get("lost")["state"] == "failed"
    assert "Proses latar belakang berhenti saat menyusun dokumen ini" in html
    assert 'http-equiv="refresh"' not in html
    assert reverse("reports:job-retry", args=["lost"]) in html and "Buat ulang" in html


def test_make_it_again_renders_the_same_document_as_a_new_job(printer_client, world, printer):
    for unit in world.pps:
        register(world, unit=unit)
    _running_job("lost", printer.pk)

    response = printer_client.post(reverse("reports:job-retry", args=["lost"]))

    new_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert new_id != "lost"
    job = tasks.job_get(new_id)
    assert (job["state"], job["document"], job["user_id"]) == ("done", "sertifikat", printer.pk)


def test_a_queue_that_cannot_be_reached_fails_the_job_with_a_retry_not_a_500(
    printer_client, world, monkeypatch
):
    def unreachable(**kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks, "render_document_task", SimpleNamespace(enqueue=unreachable))
    for unit in world.pps:
        register(world, unit=unit)

    response = printer_client.post(document_url("sertifikat"), {"sertifikat-registration": ""})

    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert tasks.job_get(job_id)["state"] == "failed"
    html = printer_client.get(response["Location"]).content.decode()
    assert "Antrean proses latar belakang sedang tidak dapat dihubungi" in html
    assert "Buat ulang" in html


def test_a_job_still_beating_is_not_made_again(printer_client, world, printer):
    _running_job("alive", printer.pk)
    tasks.cache.set(tasks.beat_key("alive"), "now", tasks.STALE_SECONDS)

    response = printer_client.post(reverse("reports:job-retry", args=["alive"]))

    assert response["Location"] == reverse("reports:job", args=["alive"])
    assert tasks.job_get("alive")["state"] == "running"


def test_another_users_failed_job_cannot_be_made_again(client, world, printer, make_printer):
    _running_job("lost", printer.pk)
    client.force_login(make_printer("other"))
    assert client.post(reverse("reports:job-retry", args=["lost"])).status_code == 404


def test_unknown_jobs_are_404(printer_client, world):
    assert printer_client.get(reverse("reports:job", args=["nope"])).status_code == 404
    assert printer_client.get(reverse("reports:job-download", args=["nope"])).status_code == 404


def test_another_users_job_cannot_be_seen_or_downloaded(client, world, make_printer):
    register(world)
    owner = make_printer("owner")
    client.force_login(owner)
    response = client.post(document_url("sertifikat"), {"sertifikat-registration": ""})
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert tasks.job_get(job_id)["state"] == "done"

    client.force_login(make_printer("someone-else"))

    assert client.get(reverse("reports:job", args=[job_id])).status_code == 404
    assert client.get(reverse("reports:job-download", args=[job_id])).status_code == 404


# --- public certificate check ----------------------------------------------


def test_the_verification_page_confirms_a_present_participant_with_name_and_event_only(
    client, world
):
    person = register(world, full_name="Siti <b>Aminah</b> & Co")

    number = certificate_number(person.pk)
    response = client.get(reverse("reports:verify", args=[number.lower()]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Siti &lt;b&gt;Aminah&lt;/b&gt; &amp; Co" in html
    assert world.event.title in html
    assert person.nik not in html and person.phone not in html and person.unit.name not in html


def test_the_verification_page_does_not_confirm_an_absent_participant(client, world):
    person = register(world, present_days=0, full_name="Budi Absen")

    response = client.get(reverse("reports:verify", args=[certificate_number(person.pk)]))

    assert response.status_code == 404
    assert "Budi Absen" not in response.content.decode()


def test_the_verification_page_takes_neither_the_private_code_nor_a_forged_number(client, world):
    person = register(world, full_name="Siti Hadir")
    forged = f"{person.pk}-0000000000"

    for attempt in (person.code, forged, f"{person.pk}", "1" * 40):
        response = client.get(reverse("reports:verify", args=[attempt]))
        assert response.status_code == 404
        assert "Siti Hadir" not in response.content.decode()


def test_the_verification_page_does_not_confirm_an_unknown_code(client, world):
    response = client.get(reverse("reports:verify", args=["TIDAKADA"]))
    assert response.status_code == 404
    assert "TIDAKADA" in response.content.decode()


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_every_document_is_made_with_the_page_defaults_and_never_fails_badly(
    printer_client, world, document
):
    register(world, unit=world.pps[0])
    form = DocumentOptionsForm(event=world.event, spec=DOCUMENTS[document])
    defaults = {
        field.html_name: field.initial if field.initial is not None else "" for field in form
    }

    response = printer_client.post(document_url(document), defaults)

    if response.status_code == 200:
        assert body(response).startswith(b"%PDF")
    else:
        assert response.status_code == 302
        if response["Location"] == print_url():  # refused: the reason is shown
            assert list(response.wsgi_request._messages)
        else:
            job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
            assert tasks.job_get(job_id)["state"] == "done"


def test_a_long_attendance_list_is_made_in_the_background_with_its_options(
    printer_client, world, monkeypatch
):
    monkeypatch.setattr(tasks, "BACKGROUND_ROWS", 0)
    # Two parts: one row per page, one page per part.
    monkeypatch.setattr("reports.documents.daftar_hadir.CHUNK_SIZE", 1)
    monkeypatch.setattr("reports.documents.daftar_hadir.PARALLEL_FROM", 0)
    monkeypatch.setattr(
        "reports.documents.daftar_hadir.page_lengths", lambda rows, **_: [1 for _row in rows]
    )
    register(world, unit=world.pps[0], present_days=2)
    register(world, unit=world.pps[1], present_days=2)
    # The filled list names verified registrations only.
    Registration.objects.filter(event=world.event).update(status=Registration.Status.VERIFIED)

    response = printer_client.post(
        document_url("daftar-hadir"),
        {"daftar-hadir-paper": "F4", "daftar-hadir-day": "2", "daftar-hadir-blank": "0"},
    )

    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    job = tasks.job_get(job_id)
    assert (job["state"], job["done"], job["total"]) == ("done", 2, 2)  # parts, as they finish
    download = printer_client.get(reverse("reports:job-download", args=[job_id]))
    assert disposition_filename(download).startswith("daftar-hadir-hari-2-")
    page = PdfReader(io.BytesIO(body(download))).pages[0]
    assert round(float(page.mediabox[3]) / 72 * 25.4) == 330  # F4 / Folio


def test_printing_again_with_the_same_typed_number_is_allowed_but_not_for_another_document(
    printer_client, world
):
    number = f"231/PL.02-LP/{world.kpu.satker_code}/2024"
    fields = {
        "laporan-partisipasi-paper": "A4",
        "laporan-partisipasi-number_mode": "manual",
        "laporan-partisipasi-number": number,
        "laporan-partisipasi-signed_on": "2024-12-02",
    }

    first = printer_client.post(document_url("laporan-partisipasi"), fields)
    again = printer_client.post(document_url("laporan-partisipasi"), fields)
    elsewhere = printer_client.post(
        document_url("berita-acara"),
        {
            "berita-acara-paper": "A4",
            "berita-acara-number_mode": "manual",
            "berita-acara-number": number,
        },
    )

    assert first.status_code == again.status_code == 200
    assert elsewhere.status_code == 302 and elsewhere["Location"] == print_url()
    assert DocumentNumber.objects.count() == 1


# --- number modes -------------------------------------------------------------


def number_choices(response, document) -> tuple[list[str], str]:
    form = next(d["form"] for d in response.context["documents"] if d["name"] == document)
    field = form["number_mode"]
    return [label for _value, label in field.field.choices], field.value()


def test_a_numbered_document_is_offered_to_print_again_with_its_number_first(printer_client, world):
    fields = {
        "laporan-partisipasi-paper": "A4",
        "laporan-partisipasi-signed_on": "2024-12-02",
        "laporan-partisipasi-classification": "PP.06",
    }
    labels, initial = number_choices(printer_client.get(print_url()), "laporan-partisipasi")
    assert (labels[0], initial) == ("Konsep (tanpa nomor)", "none")

    printer_client.post(
        document_url("laporan-partisipasi"), {**fields, "laporan-partisipasi-number_mode": "new"}
    )

    number = f"1/PP.06-LP/{world.kpu.satker_code}/2024"
    page = printer_client.get(print_url())
    labels, initial = number_choices(page, "laporan-partisipasi")
    assert (labels[0], initial) == (f"Cetak ulang dengan nomor {number}", "reuse")
    assert "Ambil nomor berikutnya" in labels
    assert f"Cetak ulang dengan nomor {number}" in page.content.decode()


def test_taking_another_number_is_refused_naming_the_one_it_has(printer_client, world):
    fields = {
        "laporan-partisipasi-paper": "A4",
        "laporan-partisipasi-signed_on": "2024-12-02",
        "laporan-partisipasi-number_mode": "new",
    }
    printer_client.post(document_url("laporan-partisipasi"), fields)

    response = printer_client.post(document_url("laporan-partisipasi"), fields, follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    assert f"sudah bernomor 1/PP.06-LP/{world.kpu.satker_code}/2024" in message
    assert DocumentNumber.objects.count() == 1


def test_a_draft_is_konsep_with_a_blank_number_even_once_a_number_exists(printer_client, world):
    fields = {"laporan-partisipasi-paper": "A4", "laporan-partisipasi-signed_on": "2024-12-02"}
    printer_client.post(
        document_url("laporan-partisipasi"), {**fields, "laporan-partisipasi-number_mode": "new"}
    )

    draft = printer_client.post(
        document_url("laporan-partisipasi"), {**fields, "laporan-partisipasi-number_mode": "none"}
    )

    pages = pdf_pages_text(body(draft))
    assert f"NOMOR: ....../PP.06-LP/{world.kpu.satker_code}/2024" in pages[0]
    assert all("KONSEP" in text.split() for text in pages)


def test_the_plenary_with_a_recorded_number_is_offered_only_that_number_or_a_draft(
    printer_client, world
):
    world.event.plenary_ba_number = f"231/PL.02-BA/{world.kpu.satker_code}/2024"
    world.event.save(update_fields=["plenary_ba_number"])

    labels, initial = number_choices(printer_client.get(print_url()), "berita-acara-pleno")

    assert labels == [
        f"Cetak ulang dengan nomor {world.event.plenary_ba_number}",
        "Konsep (tanpa nomor)",
    ]
    assert initial == "reuse"


# --- SPJ lists and the undangan on the page -----------------------------------


@pytest.fixture
def paid_world(world):
    from events.models import AllowanceLine

    AllowanceLine.objects.create(event=world.event, kind="transport", amount=100_000)
    register(world, unit=world.pps[0], status="verified", full_name="Ani Dibayar")
    return world


def test_the_page_offers_the_spj_lists_as_xlsx_and_others_as_pdf_only(printer_client, world):
    html = printer_client.get(print_url()).content.decode()
    assert 'name="uang-transport-format" value="xlsx"' in html
    assert 'name="honorarium-format" value="xlsx"' in html
    assert 'name="rekapitulasi-format"' not in html


def test_the_bendahara_downloads_the_transport_list_as_xlsx(printer_client, paid_world):
    from openpyxl import load_workbook

    response = printer_client.post(
        document_url("uang-transport"),
        {"uang-transport-paper": "A4", "uang-transport-day": "1", "uang-transport-format": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert disposition_filename(response).endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
    # No, Nama, Unsur/Unit, Jabatan, Jumlah, Tanda Tangan
    assert any(row[1] == "Ani Dibayar" and row[4] == 100_000 for row in rows)


def test_the_undangan_printed_from_the_page_links_to_the_portal_address_not_the_request_host(
    printer_client, world, settings
):
    settings.BIMTEK_SITE_URL = "https://bimtek.kpu-tebo.example"
    response = printer_client.post(
        document_url("undangan"),
        {
            "undangan-paper": "A4",
            "undangan-number_mode": "none",
            "undangan-per_kecamatan": "1",
            "undangan-signed_on": "2024-11-04",
        },
    )
    assert response.status_code == 200
    text = " ".join(pdf_pages_text(body(response)))
    assert "https://bimtek.kpu-tebo.example/daftar/bimtek-uji/" in text
    assert "testserver" not in text


def test_an_undangan_printed_on_the_first_day_is_refused_with_the_reason(printer_client, world):
    response = printer_client.post(
        document_url("undangan"),
        {
            "undangan-paper": "A4",
            "undangan-number_mode": "none",
            "undangan-per_kecamatan": "0",
            "undangan-signed_on": "2024-11-11",
        },
    )
    assert response.status_code == 302  # back to the print page, with the reason
    page = printer_client.get(response["Location"]).content.decode()
    assert "undangan dikirim sebelum hari pertama kegiatan" in page


def test_the_spj_pages_need_the_print_permission(client, django_user_model, paid_world):
    user = django_user_model.objects.create_user(username="tanpa-izin", password="x", is_staff=True)
    client.force_login(user)
    response = client.post(document_url("uang-transport"), {"uang-transport-day": "1"})
    assert response.status_code == 403
