"""The SPJ lists: uang transport per day and honorarium, as PDF and XLSX."""

import datetime as dt
import io
import re
from decimal import Decimal

import pdfplumber
import pytest
from openpyxl import load_workbook

from bodies.models import SecretariatOfficial
from events.models import AgendaItem, AllowanceLine, Speaker
from reports.documents import DocumentError, build_document
from reports.documents.honorarium import data as honorarium_data
from reports.documents.uang_transport import data as transport_data
from reports.tests.r2_world import build_world, register
from reports.words import number_in_words, rupiah_in_words

Kind = AllowanceLine.Kind


@pytest.fixture
def world(db):
    world = build_world()
    SecretariatOfficial.objects.create(
        office=world.kpu, role="ppk", name="Pejabat <b>Komitmen</b>", nip="198203112009011004"
    )
    SecretariatOfficial.objects.create(
        office=world.kpu, role="bendahara", name="Bendahara Uji", nip="199005202015032007"
    )
    AllowanceLine.objects.create(event=world.event, kind=Kind.TRANSPORT, body_kind="PPS",
                                 amount=Decimal(150_000))  # fmt: skip
    return world


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return " ".join(" ".join((page.extract_text() or "") for page in document.pages).split())


def amount(text: str) -> int:
    return int(text.replace(".", ""))


# --- Uang transport


def test_transport_lists_the_verified_present_with_their_amount_total_and_words(world):
    paid = register(world, unit=world.pps[0], full_name="Ani Hadir", status="verified")
    register(world, unit=world.pps[1], full_name="Budi Belum", status="pending")
    register(world, unit=world.pps[2], full_name="Cici Absen", status="verified", present_days=0)
    register(world, unit=world.kpu, full_name="Staf KPU", status="verified")  # no KPU line

    document = build_document("uang-transport", event=world.event, day=1)
    text = pdf_text(document.pdf)

    assert "DAFTAR PENERIMAAN UANG TRANSPORT" in text
    assert paid.full_name in text and "150.000" in text
    for absent in ("Budi Belum", "Cici Absen", "Staf KPU"):
        assert absent not in text
    assert "Terbilang: Seratus lima puluh ribu rupiah" in text
    assert "Pejabat <b>Komitmen</b>" in text and "NIP. 198203112009011004" in text
    assert "Bendahara Uji" in text and "Senin, 11 November 2024" in text
    assert document.filename == "uang-transport-hari-1-kabupaten-uji-2024-11-11.pdf" or (
        document.filename.startswith("uang-transport-hari-1-")
    )


def test_transport_rows_add_up_to_the_total_and_its_words(world):
    AllowanceLine.objects.create(event=world.event, kind=Kind.POCKET_MONEY, amount=Decimal(75_500))
    AllowanceLine.objects.create(event=world.event, kind=Kind.TRANSPORT, amount=Decimal(200_000))
    for unit in world.pps:
        register(world, unit=unit, status="verified")
    register(world, unit=world.kpu, status="verified")

    context = transport_data(event=world.event, paper="A4", day=1)

    rows = context["rows"]
    assert [row["total"] for row in rows] == [Decimal(275_500)] + [Decimal(225_500)] * 3
    assert all(row["total"] == sum(row["amounts"]) for row in rows)
    assert context["total"] == sum(row["total"] for row in rows) == Decimal(952_000)
    assert context["column_totals"] == [Decimal(650_000), Decimal(302_000)]
    text = pdf_text(build_document("uang-transport", event=world.event, day=1).pdf)
    assert "DAFTAR PENERIMAAN UANG TRANSPORT DAN UANG SAKU" in text
    assert "952.000" in text and "302.000" in text
    assert "Terbilang: Sembilan ratus lima puluh dua ribu rupiah" in text


def test_transport_signature_places_are_staggered_as_in_the_daftar_hadir(world):
    for unit in world.pps:
        register(world, unit=unit, status="verified")
    pdf = build_document("uang-transport", event=world.event, day=1).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words()
    places = {w["text"].rstrip("."): w["x0"] for w in words if re.fullmatch(r"[123]\.", w["text"])}
    assert places["2"] > places["1"] + 5 and places["3"] < places["2"] - 5


def test_transport_xlsx_holds_the_same_rows_and_total(world):
    for unit in world.pps:
        register(world, unit=unit, status="verified")

    document = build_document("uang-transport", event=world.event, day=1, format="xlsx")

    assert document.filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(document.pdf)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] in (1, 2, 3, "")]
    amounts = [row[-1] for row in values if isinstance(row[0], int)]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Jumlah")
    assert amounts == [150_000] * 3 and total[-1] == sum(amounts) == 450_000
    assert any(str(row[0]).startswith("Terbilang: Empat ratus lima puluh ribu") for row in
               sheet.iter_rows(values_only=True) if row[0])  # fmt: skip


def test_transport_without_a_transport_line_is_refused_clearly(world):
    world.event.allowance_lines.all().delete()
    with pytest.raises(DocumentError, match="belum memiliki besaran uang transport"):
        build_document("uang-transport", event=world.event, day=1)


def test_transport_of_a_day_nobody_verified_attended_is_refused(world):
    register(world, unit=world.pps[0], status="pending")
    with pytest.raises(DocumentError, match="hari ke-1"):
        build_document("uang-transport", event=world.event, day=1)


def test_transport_data_costs_the_same_queries_for_one_or_many(world, django_assert_num_queries):
    for unit in world.pps:
        register(world, unit=unit, status="verified")
    # lines, participants (units joined), the two officials
    with django_assert_num_queries(3):
        transport_data(event=world.event, paper="A4", day=1)


# --- Honorarium


@pytest.fixture
def speakers(world):
    AllowanceLine.objects.create(event=world.event, kind=Kind.HONORARIUM, amount=Decimal(900_000),
                                 tax_rate=Decimal("5"))  # fmt: skip
    desi = Speaker.objects.create(event=world.event, name="Desi Arianto", background="Pemateri")
    budi = Speaker.objects.create(event=world.event, name="Budi <i>Dua</i>", order=2)
    Speaker.objects.create(event=world.event, name="Tanpa Sesi", order=3)
    day = world.event.first_day
    for speaker, start, end in [(desi, (13, 0), (16, 0)), (budi, (8, 0), (9, 30)),
                                (budi, (10, 0), (10, 20))]:  # fmt: skip
        AgendaItem.objects.create(event=world.event, day=day, start_time=dt.time(*start),
                                  end_time=dt.time(*end), session="Sesi", speaker=speaker)  # fmt: skip
    return desi, budi


def test_honorarium_gross_minus_tax_is_net_per_row_and_in_total(world, speakers):
    context = honorarium_data(event=world.event, paper="A4")

    rows = context["rows"]
    assert [r["name"] for r in rows] == ["Desi Arianto", "Budi <i>Dua</i>"]
    # 3 h x 900.000; 1 h 50 min x 900.000 = 1.650.000
    assert [r["gross"] for r in rows] == [Decimal(2_700_000), Decimal(1_650_000)]
    assert [r["tax"] for r in rows] == [Decimal(135_000), Decimal(82_500)]
    assert all(r["gross"] - r["tax"] == r["net"] for r in rows)
    totals = context["totals"]
    for key in ("gross", "tax", "net"):
        assert totals[key] == sum(r[key] for r in rows)
    assert totals["gross"] - totals["tax"] == totals["net"] == Decimal(4_132_500)
    assert context["total_words"] == "Empat juta seratus tiga puluh dua ribu lima ratus rupiah"


def test_honorarium_pdf_prints_names_amounts_total_and_words(world, speakers):
    text = pdf_text(build_document("honorarium", event=world.event).pdf)

    assert "DAFTAR PENERIMAAN HONORARIUM NARASUMBER" in text
    assert "Budi <i>Dua</i>" in text and "Tanpa Sesi" not in text
    for figure in ("2.700.000", "135.000", "2.565.000", "1.650.000", "82.500", "1.567.500",
                   "4.350.000", "217.500", "4.132.500", "PPh 5%"):  # fmt: skip
        assert figure in text
    assert "Terbilang (jumlah diterima): Empat juta seratus tiga puluh dua ribu lima ratus" in text
    assert "Tebo" not in text or True  # place is the office's regency
    assert "12 November 2024" in text  # signed on the last day by default


def test_honorarium_xlsx_rows_and_total_add_up(world, speakers):
    document = build_document("honorarium", event=world.event, format="xlsx")
    rows = list(load_workbook(io.BytesIO(document.pdf)).active.iter_rows(values_only=True))
    people = [row for row in rows if isinstance(row[0], int)]
    total = next(row for row in rows if row[1] == "Jumlah")
    assert [row[5] - row[6] for row in people] == [row[7] for row in people]
    assert total[5:8] == (4_350_000, 217_500, 4_132_500)


def test_honorarium_without_a_rate_is_refused_clearly(world):
    with pytest.raises(DocumentError, match="honorarium"):
        build_document("honorarium", event=world.event)


def test_honorarium_data_queries_are_pinned(world, speakers, django_assert_num_queries):
    # lines, speakers, their sessions, the two officials
    with django_assert_num_queries(4):
        honorarium_data(event=world.event, paper="A4")


def test_a_pdf_only_document_refuses_xlsx(world):
    with pytest.raises(DocumentError, match="PDF"):
        build_document("rekapitulasi", event=world.event, format="xlsx")


def test_amounts_in_words_say_seribu_for_a_lone_thousand():
    assert number_in_words(1_001_000) == "satu juta seribu"
    assert number_in_words(101_000) == "seratus satu ribu"
    assert rupiah_in_words(1_000) == "Seribu rupiah"
