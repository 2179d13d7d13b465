"""manage.py render_document."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.documents import DOCUMENTS
from reports.models import DocumentNumber
from reports.tests.factories import pdf_pages_text, pdf_text

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("render_document", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_document_and_prints_one_line(tebo_event, tmp_path):
    target = tmp_path / "pleno.pdf"
    output = run(tebo_event.slug, "berita-acara-pleno", "--out", str(target), "--paper", "F4")
    assert output.count("\n") == 1
    assert "berita-acara-pleno" in output and "halaman" in output
    assert "231/PL.02-BA/1509/2024" in pdf_text(target.read_bytes())


def test_it_names_the_file_after_the_document_in_a_folder(tebo_event_full, tmp_path):
    run(tebo_event_full.slug, "daftar-hadir", "--day", "2", "--blank", "--out", str(tmp_path))
    path = tmp_path / "daftar-hadir-hari-2-kosong-kpu-tebo-2024-11-12.pdf"
    assert "Selasa, 12 November 2024" in pdf_text(path.read_bytes())


def test_it_allocates_a_number_when_asked(tebo_event, tmp_path):
    run(tebo_event.slug, "berita-acara", "--allocate", "--out", str(tmp_path / "ba.pdf"))
    assert "NOMOR: 232/PP.06-BA/1509/2024" in pdf_text((tmp_path / "ba.pdf").read_bytes())


def test_it_refuses_a_second_number_and_prints_a_draft_when_asked(tebo_event, tmp_path):
    out = tmp_path / "ba.pdf"
    run(tebo_event.slug, "berita-acara", "--allocate", "--out", str(out))

    with pytest.raises(CommandError, match="sudah bernomor 232/PP.06-BA/1509/2024"):
        run(tebo_event.slug, "berita-acara", "--allocate", "--out", str(out))
    run(tebo_event.slug, "berita-acara", "--draft", "--out", str(out))

    assert "NOMOR: ....../PP.06-BA/1509/2024" in pdf_text(out.read_bytes())
    assert all(konsep_pages(out))
    assert DocumentNumber.objects.filter(document="berita-acara").count() == 1


def test_it_refuses_an_unknown_event(db, tmp_path):
    with pytest.raises(CommandError, match="Tidak ada acara"):
        run("tidak-ada", "rekapitulasi", "--out", str(tmp_path))


def test_it_refuses_an_unknown_document(tebo_event, tmp_path):
    with pytest.raises(CommandError, match="tidak dikenal"):
        run(tebo_event.slug, "surat-cinta", "--out", str(tmp_path))


def test_it_refuses_a_day_the_event_does_not_have(tebo_event, tmp_path):
    with pytest.raises(CommandError, match="Hari ke-5 tidak ada"):
        run(tebo_event.slug, "daftar-hadir", "--day", "5", "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_it_refuses_a_bad_number(tebo_event, tmp_path):
    with pytest.raises(CommandError, match="pola"):
        run(tebo_event.slug, "berita-acara", "--number", "231", "--out", str(tmp_path))


def konsep_pages(path) -> list[bool]:
    return ["KONSEP" in text.split() for text in pdf_pages_text(path.read_bytes())]


def test_without_a_number_the_berita_acara_is_a_draft_marked_konsep(tebo_event, tmp_path):
    run(tebo_event.slug, "berita-acara", "--out", str(tmp_path / "ba.pdf"))
    marks = konsep_pages(tmp_path / "ba.pdf")
    assert len(marks) > 1 and all(marks)


def test_with_a_number_the_berita_acara_is_no_draft(tebo_event, tmp_path):
    out = tmp_path / "ba.pdf"
    run(tebo_event.slug, "berita-acara", "--number", "240/PP.06-BA/1509/2024", "--out", str(out))
    assert not any(konsep_pages(out))


def test_the_report_is_signed_on_the_day_given(tebo_event, tmp_path):
    out = tmp_path / "lp.pdf"
    run(tebo_event.slug, "laporan-partisipasi", "--signed-on", "2024-12-02", "--out", str(out))
    text = pdf_text(out.read_bytes())
    assert "Muara Tebo, 2 Desember 2024" in text
    assert all(konsep_pages(out))


@pytest.mark.parametrize(
    ("document", "option"),
    [("laporan-partisipasi", "--signed-on"), ("berita-acara", "--date")],
)
@pytest.mark.parametrize("value", ["31-02-2024", "besok"])
def test_it_refuses_a_date_that_is_not_one(tebo_event, tmp_path, document, option, value):
    with pytest.raises(CommandError, match=f"“{value}” bukan tanggal; tulis dengan format"):
        run(tebo_event.slug, document, option, value, "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("document", "option"),
    [
        ("berita-acara", "--signed-on"),
        ("laporan-partisipasi", "--date"),
        ("rekapitulasi", "--date"),
    ],
)
def test_it_refuses_a_date_option_the_document_does_not_take(
    tebo_event, tmp_path, document, option
):
    with pytest.raises(CommandError, match=f"{option} tidak berlaku"):
        run(tebo_event.slug, document, option, "2024-12-02", "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_the_report_takes_the_next_number_when_asked(tebo_event, tmp_path):
    out = tmp_path / "lp.pdf"
    run(
        tebo_event.slug,
        "laporan-partisipasi",
        "--allocate",
        "--classification",
        "PK.01",
        "--signed-on",
        "2024-12-02",
        "--out",
        str(out),
    )
    assert "NOMOR: 1/PK.01-LP/1509/2024" in pdf_text(out.read_bytes())
    assert not any(konsep_pages(out))
    # Printed again without a number, it keeps the one it took.
    run(tebo_event.slug, "laporan-partisipasi", "--signed-on", "2024-12-03", "--out", str(out))
    assert "NOMOR: 1/PK.01-LP/1509/2024" in pdf_text(out.read_bytes())
    assert not any(konsep_pages(out))


def test_a_draft_report_carries_the_classification_given(tebo_event, tmp_path):
    out = tmp_path / "lp.pdf"
    run(tebo_event.slug, "laporan-partisipasi", "--classification", "PK.01", "--out", str(out))
    assert "NOMOR: ....../PK.01-LP/1509/" in pdf_text(out.read_bytes())
    assert not DocumentNumber.objects.filter(document="laporan-partisipasi").exists()


def test_a_refused_document_takes_no_number(tebo_event, tmp_path):
    tebo_event.plenary_date = None
    tebo_event.save(update_fields=["plenary_date"])
    before = DocumentNumber.objects.count()

    with pytest.raises(CommandError, match="belum memiliki tanggal keputusan rapat pleno"):
        run(tebo_event.slug, "berita-acara-pleno", "--allocate", "--out", str(tmp_path))

    assert DocumentNumber.objects.count() == before
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("document", "options", "flag"),
    [
        ("daftar-hadir", ["--number", "240/PP.06-BA/1509/2024"], "--number"),
        ("daftar-hadir", ["--allocate"], "--allocate"),
        ("rekapitulasi", ["--draft"], "--draft"),
        ("daftar-hadir", ["--classification", "PP.06"], "--classification"),
        ("sertifikat", ["--blank"], "--blank"),
        ("sertifikat", ["--paper", "F4"], "--paper"),
        ("rekapitulasi", ["--day", "1"], "--day"),
        ("berita-acara", ["--blank"], "--blank"),
        ("berita-acara-pleno", ["--date", "2024-11-02"], "--date"),
    ],
)
def test_it_refuses_every_option_the_document_does_not_take(
    tebo_event, tmp_path, document, options, flag
):
    before = DocumentNumber.objects.count()
    with pytest.raises(
        CommandError, match=f"{flag} tidak berlaku untuk {DOCUMENTS[document].title}"
    ):
        run(tebo_event.slug, document, *options, "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    assert DocumentNumber.objects.count() == before


@pytest.mark.parametrize(
    "options",
    [["--number", "240/PP.06-BA/1509/2024", "--allocate"], ["--allocate", "--draft"]],
)
def test_it_refuses_two_number_choices_at_once(tebo_event, tmp_path, options):
    with pytest.raises(CommandError, match="--number, --allocate dan --draft"):
        run(tebo_event.slug, "berita-acara", *options, "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("document", "options", "expected"),
    [
        ("undangan", ["--allocate", "--signed-on", "2024-11-04"], "1/PP.06-Und/1509/2024"),
        (
            "undangan",
            ["--per-kecamatan", "--signed-on", "2024-11-04"],
            "Yth. Ketua PPK Kecamatan Tebo Ilir",
        ),
        ("uang-transport", ["--day", "2"], "Selasa, 12 November 2024"),
        ("honorarium", [], "Desi Arianto"),
        ("uang-transport-non-tunai", ["--day", "1"], "Nomor Rekening"),
        ("honorarium-non-tunai", [], "DAFTAR NOMINATIF PEMBAYARAN NON TUNAI HONORARIUM"),
        ("laporan-evaluasi", [], "HASIL EVALUASI PEMBELAJARAN DAN KEPUASAN PESERTA"),
    ],
)
def test_every_new_document_renders_for_the_seeded_tebo_demo(
    tebo_event, tmp_path, settings, document, options, expected
):
    settings.BIMTEK_SITE_URL = "https://bimtek.kpu-tebo.example"
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("seed_demo", "--participants", stdout=StringIO())
    target = tmp_path / "out.pdf"
    run(tebo_event.slug, document, *options, "--out", str(target))
    text = pdf_text(target.read_bytes())
    assert expected in text
    if document.startswith(("uang-transport", "honorarium")):
        assert "Terbilang:" in text or "Terbilang (jumlah diterima):" in text
        assert "Kode Akun/MAK :" in text and "Sumber Dana :" in text and "Nomor Bukti :" in text


def test_the_spj_lists_come_as_xlsx_and_other_documents_refuse_it(tebo_event, tmp_path):
    call_command("seed_demo", "--participants", stdout=StringIO())
    output = run(tebo_event.slug, "honorarium", "--format", "xlsx", "--out", str(tmp_path))
    assert ".xlsx" in output and "halaman" not in output
    assert list(tmp_path.glob("honorarium-narasumber-*.xlsx"))
    with pytest.raises(CommandError, match="--format tidak berlaku"):
        run(tebo_event.slug, "rekapitulasi", "--format", "xlsx", "--out", str(tmp_path))


def test_the_undangan_without_the_portal_address_is_refused_naming_the_setting(
    tebo_event, tmp_path, settings
):
    settings.BIMTEK_SITE_URL = ""
    with pytest.raises(CommandError, match="BIMTEK_SITE_URL"):
        run(
            tebo_event.slug, "undangan", "--allocate", "--signed-on", "2024-11-04",
            "--out", str(tmp_path),
        )  # fmt: skip
    assert not DocumentNumber.objects.filter(document="undangan").exists()
