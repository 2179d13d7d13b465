"""The surat undangan: a numbered Und letter to the PPK, with its lampiran."""

import datetime
import io

import pdfplumber
import pytest
from django.utils import timezone

from participants.tests.factories import QuotaRuleFactory
from reports.documents import DocumentError, NumberMode, build_document
from reports.documents.spec import NumberRequest
from reports.documents.undangan import data
from reports.models import DocumentNumber
from reports.tests.r2_world import CHAIR_NAME, build_world

SITE = "https://bimtek.example"


@pytest.fixture
def world(db, settings):
    settings.BIMTEK_SITE_URL = SITE
    world = build_world()
    QuotaRuleFactory(event=world.event, body_kind="PPK", role="secretariat")
    world.event.contact_name, world.event.contact_phone = "Rahmi <b>Kontak</b>", "0812-0000-1509"
    world.event.save()
    return world


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return " ".join(" ".join((page.extract_text() or "") for page in document.pages).split())


def test_the_letter_takes_an_und_number_and_says_who_comes_when_where_and_how(world):
    satker = world.kpu.satker_code
    document = build_document(
        "undangan", event=world.event, number_mode=NumberMode.NEW,
        signed_on="2024-11-04",
    )  # fmt: skip
    text = pdf_text(document.pdf)

    assert f"1/PP.06-Und/{satker}/2024" in text
    assert DocumentNumber.objects.get().document == "undangan"
    assert "Sifat : Penting" in text and "Lampiran : 1 (satu) berkas" in text
    assert "Hal : Undangan Bimbingan Teknis Peningkatan Partisipasi Masyarakat" in text
    assert "Yth. Ketua PPK Kecamatan se-Kabupaten Uji" in text
    assert "4 November 2024" in text and "11–12 November 2024" in text and "GN Hotel Tebo" in text
    assert "dari setiap PPK: 1 (satu) orang staf sekretariat PPK" in text
    assert "dari setiap PPS: 1 (satu) orang" in text
    assert f"{SITE}/daftar/bimtek-uji/" in text
    assert "Rahmi <b>Kontak</b> (0812-0000-1509)" in text
    assert CHAIR_NAME in text
    # Lampiran: both kecamatan and their PPS (the world has no PPK bodies): 3 invited
    assert "LAMPIRAN SURAT KETUA" in text and "Kecamatan Alpha" in text and "Kecamatan Beta" in text
    assert "PPS Desa Satu" in text and "PPS Desa Tiga" in text
    assert "3 (tiga) orang" in text
    assert document.filename.startswith("surat-undangan-")


def test_the_letter_carries_its_qr_code_of_the_registration_link(world):
    pdf = build_document("undangan", event=world.event, signed_on="2024-11-04").pdf
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert document.pages[0].rects or document.pages[0].curves  # the QR's modules


def test_one_letter_per_kecamatan_each_to_its_ppk_with_its_own_lampiran(world):
    context = data(
        event=world.event, paper="A4", per_kecamatan=True, signed_on="2024-11-04",
        numbering=NumberRequest(spec=__import__("reports.documents").documents.DOCUMENTS["undangan"],
                                event=world.event, mode=NumberMode.DRAFT),
    )  # fmt: skip
    letters = context["letters"]
    assert [letter["to"] for letter in letters] == [
        "Ketua PPK Kecamatan Alpha",
        "Ketua PPK Kecamatan Beta",
    ]
    assert [letter["seats"] for letter in letters] == [2, 1]
    text = pdf_text(
        build_document(
            "undangan", event=world.event, per_kecamatan=True, signed_on="2024-11-04"
        ).pdf
    )
    assert "Yth. Ketua PPK Kecamatan Alpha" in text and "Yth. Ketua PPK Kecamatan Beta" in text
    assert "....../PP.06-Und/" in text  # no number asked for: a draft


@pytest.mark.parametrize("day", ["2024-11-11", "2024-11-12"])
def test_a_letter_dated_on_or_after_the_first_day_is_refused_and_takes_no_number(world, day):
    with pytest.raises(DocumentError, match="undangan dikirim sebelum hari pertama kegiatan"):
        build_document("undangan", event=world.event, signed_on=day,
                       number_mode=NumberMode.NEW)  # fmt: skip
    assert not DocumentNumber.objects.exists()


def test_the_letter_is_dated_the_day_it_is_printed(world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2024, 11, 5))
    document = build_document("undangan", event=world.event)
    assert "5 November 2024" in pdf_text(document.pdf)


def test_a_letter_printed_on_the_first_day_is_refused_with_the_reason(world, monkeypatch):
    # It used to be dated the first day without a word: an invitation that arrives too late.
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 7))
    with pytest.raises(DocumentError, match="tidak dapat bertanggal 7 Desember 2026"):
        build_document("undangan", event=world.event)


def test_the_letter_data_queries_are_pinned(world, django_assert_num_queries):
    from reports.documents import DOCUMENTS

    request = NumberRequest(spec=DOCUMENTS["undangan"], event=world.event, mode=NumberMode.DRAFT)
    # quota overview (rules, units, taken counts), first session, the ketua
    with django_assert_num_queries(5):
        data(event=world.event, paper="A4", numbering=request, signed_on="2024-11-04")
