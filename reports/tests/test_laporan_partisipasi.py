import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from bodies.tests.factories import BodyFactory
from events.dates import date_indonesian
from events.models import TurnoutResult
from reports.documents import DocumentError, NumberMode, build_document
from reports.documents.laporan_partisipasi import _data
from reports.models import DocumentNumber
from reports.tests.r2_world import CHAIR_NAME, register


def result(world, *, dpt, votes, **fields):
    return TurnoutResult.objects.create(
        election=world.election, registered_voters=dpt, votes_cast=votes, **fields
    )


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def rows_by_name(report):
    return {row.name: row for row in report.rows}


def test_participation_gap_and_pps_share_per_kecamatan(world):
    result(world, district=world.alpha, dpt=1000, votes=600)
    result(world, district=world.beta, dpt=400, votes=350)
    register(world, unit=world.pps[0])  # Alpha: one PPS of two present
    register(world, unit=world.pps[2], present_days=0)  # Beta: registered, never came

    rows = rows_by_name(_data(world.event))

    assert rows["Alpha"].participation == Decimal("60.00")
    assert rows["Alpha"].gap == Decimal("-25.00")
    assert (rows["Alpha"].pps_present, rows["Alpha"].pps_total) == (1, 2)
    assert rows["Alpha"].pps_share == Decimal("50.00")
    assert rows["Beta"].participation == Decimal("87.50")
    assert rows["Beta"].gap == Decimal("2.50")
    assert rows["Beta"].pps_share == Decimal("0.00")


def test_the_regency_row_wins_over_the_sum_of_its_kecamatan(world):
    result(world, regency=world.regency, dpt=262261, votes=182271)
    result(world, district=world.alpha, dpt=1000, votes=600)

    report = _data(world.event)

    assert report.total.participation == Decimal("69.50")
    assert report.total.gap == Decimal("-15.50")
    assert report.narrative[0] == (
        "Tingkat partisipasi Kabupaten Uji 69,50 % atau 15,50 poin di bawah target 85 %."
    )


def test_the_regency_is_summed_from_its_kecamatan_only_when_all_have_data(world):
    result(world, district=world.alpha, dpt=1000, votes=600)
    assert _data(world.event).total.participation is None

    result(world, district=world.beta, dpt=1000, votes=900)
    report = _data(world.event)
    assert report.total.participation == Decimal("75.00")
    assert "Angka kabupaten dijumlahkan dari data seluruh kecamatan." in report.notes


def test_a_kecamatan_without_its_own_row_is_summed_from_its_villages(world):
    alpha_villages = [unit.village for unit in world.pps[:2]]
    result(world, village=alpha_villages[0], dpt=300, votes=150)
    result(world, village=alpha_villages[1], dpt=100, votes=90)

    report = _data(world.event)

    assert rows_by_name(report)["Alpha"].participation == Decimal("60.00")
    assert any("Kecamatan Alpha dijumlahkan dari 2 desa/kelurahan" in n for n in report.notes)


def test_above_target_and_without_target_read_as_such(world):
    result(world, regency=world.regency, dpt=100, votes=90)
    assert "5,00 poin di atas target 85 %" in _data(world.event).narrative[0]

    world.event.participation_target = None
    world.event.save(update_fields=["participation_target"])
    assert _data(world.event).narrative[0] == (
        "Tingkat partisipasi Kabupaten Uji 90,00 %; target partisipasi belum ditetapkan."
    )


def test_missing_results_read_belum_ada_data_and_never_crash(world):
    register(world, unit=world.pps[0])

    document = build_document("laporan-partisipasi", event=world.event)

    text = pdf_text(document.pdf)
    assert "belum ada data" in text
    assert "Data partisipasi pemilih Kabupaten Uji belum ada." in text
    assert "1 dari 3 PPS (33,33 %) hadir dalam Bimbingan Teknis." in text


def test_an_event_without_election_gets_a_report_saying_so(world):
    world.event.election = None
    world.event.save(update_fields=["election"])

    report = _data(world.event)

    assert all(row.participation is None for row in report.rows)
    assert report.notes[0].startswith("Kegiatan ini belum dikaitkan dengan pemilihan")
    assert build_document("laporan-partisipasi", event=world.event).pages >= 1


def test_the_pdf_prints_figures_number_and_the_chair_literally(world):
    result(world, district=world.alpha, dpt=262261, votes=182271)
    result(world, district=world.beta, dpt=1000, votes=900)

    number = f"12/PP.06-LP/{world.kpu.satker_code}/2024"  # of this office: it is recorded
    document = build_document(
        "laporan-partisipasi",
        event=world.event,
        paper="F4",
        number_mode=NumberMode.MANUAL,
        number=number,
        signed_on="2024-12-02",
    )

    text = pdf_text(document.pdf)
    assert "262.261" in text and "182.271" in text and "69,50 %" in text
    assert f"NOMOR: {number}" in text
    assert CHAIR_NAME in text
    assert "Halaman 1 dari" in text
    assert document.filename.endswith(".pdf") and "laporan-partisipasi" in document.filename
    width, height = PdfReader(io.BytesIO(document.pdf)).pages[0].mediabox[2:]
    assert round(float(height) / 72 * 25.4) == 330  # F4 / Folio


def test_report_data_costs_the_same_queries_whatever_the_number_of_regions(
    world, django_assert_num_queries
):
    result(world, district=world.alpha, dpt=1000, votes=600)
    result(world, village=world.pps[2].village, dpt=10, votes=5)
    register(world, unit=world.pps[0])
    register(world, unit=world.pps[2])

    # event+organiser+regency+election, chair, kecamatan, results, PPS per kecamatan, present
    with django_assert_num_queries(6):
        report = _data(world.event)
        chart, narrative = report.chart, report.narrative
    assert "Alpha" in chart and narrative


def test_the_founding_case_reads_69_50_percent_15_50_points_below_85(tebo_event):
    report = _data(tebo_event)

    assert len(report.rows) == 12
    assert report.total.registered_voters == 262261
    assert report.narrative[0] == (
        "Tingkat partisipasi Kabupaten Tebo 69,50 % atau 15,50 poin di bawah target 85 %."
    )
    assert report.total.pps_total == 129


def test_the_source_of_the_figures_is_named_once(world):
    result(world, district=world.alpha, dpt=10, votes=5, source="Rekapitulasi KPU")
    result(world, district=world.beta, dpt=10, votes=9, source="Rekapitulasi KPU")

    report = _data(world.event)

    assert report.notes.count("Sumber data: Rekapitulasi KPU.") == 1
    assert "1 dari 2 kecamatan mencapai target." in report.narrative


def konsep_pages(pdf: bytes) -> list[bool]:
    return ["KONSEP" in page.extract_text().split() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_without_a_number_the_report_is_a_draft_marked_konsep_on_every_page(world):
    document = build_document("laporan-partisipasi", event=world.event, signed_on="2024-12-02")

    assert all(konsep_pages(document.pdf))
    assert f"NOMOR: ....../PP.06-LP/{world.kpu.satker_code}/2024" in pdf_text(document.pdf)


def test_a_numbered_report_carries_no_konsep_mark(world):
    number = f"12/PP.06-LP/{world.kpu.satker_code}/2024"
    document = build_document(
        "laporan-partisipasi",
        event=world.event,
        number_mode=NumberMode.MANUAL,
        number=number,
        signed_on="2024-12-02",
    )
    assert not any(konsep_pages(document.pdf))


def test_the_tebo_draft_is_marked_on_each_of_its_pages(tebo_event):
    marks = konsep_pages(build_document("laporan-partisipasi", event=tebo_event).pdf)
    assert len(marks) > 1 and all(marks)


def test_it_is_signed_on_the_day_given(world):
    document = build_document(
        "laporan-partisipasi", event=world.event, signed_on=datetime.date(2025, 1, 6)
    )
    text = pdf_text(document.pdf)
    assert "Uji, 6 Januari 2025" in text
    assert f"....../PP.06-LP/{world.kpu.satker_code}/2025" in text  # the year it is signed


def test_it_is_dated_and_numbered_when_the_turnout_is_known_unless_told(world):
    # Printed in 2026 for the 2024 event, it was dated and numbered 2026.
    document = build_document("laporan-partisipasi", event=world.event, number_mode="new")
    text = pdf_text(document.pdf)
    assert "Uji, 27 November 2024" in text  # the election's voting day
    assert f"1/PP.06-LP/{world.kpu.satker_code}/2024" in text


def test_without_an_election_it_is_dated_the_events_last_day(world):
    world.event.election = None
    world.event.save(update_fields=["election"])
    text = pdf_text(build_document("laporan-partisipasi", event=world.event).pdf)
    assert f"Uji, {date_indonesian(world.event.last_day)}" in text


@pytest.mark.parametrize("value", ["31-02-2024", "besok", "2024-13-01"])
def test_it_refuses_a_signing_date_that_is_not_one(world, value):
    with pytest.raises(DocumentError, match=f"“{value}” bukan tanggal"):
        build_document("laporan-partisipasi", event=world.event, signed_on=value)


def test_it_takes_the_next_number_when_asked_and_keeps_it(world, admin_user):
    satker = world.kpu.satker_code
    document = build_document(
        "laporan-partisipasi",
        event=world.event,
        number_mode=NumberMode.NEW,
        classification="pk.01",
        signed_on="2025-01-06",
        actor=admin_user,
    )

    record = DocumentNumber.objects.get()
    assert record.number == f"1/PK.01-LP/{satker}/2025"
    assert (record.event, record.document, record.created_by) == (
        world.event,
        "laporan-partisipasi",
        admin_user,
    )
    assert f"NOMOR: 1/PK.01-LP/{satker}/2025" in pdf_text(document.pdf)
    assert not any(konsep_pages(document.pdf))
    # Printed again without a number, it keeps the one it took: no draft, no new number.
    again = build_document("laporan-partisipasi", event=world.event, signed_on="2025-01-07")
    assert f"NOMOR: 1/PK.01-LP/{satker}/2025" in pdf_text(again.pdf)
    assert not any(konsep_pages(again.pdf))
    assert DocumentNumber.objects.count() == 1
    # Signed today (a later year), the 2025 number would not fit its date.
    with pytest.raises(DocumentError, match="harus bertanggal tahun 2025"):
        build_document("laporan-partisipasi", event=world.event)


def test_it_records_a_number_given_outside_the_portal(world):
    number = f"12/PP.06-LP/{world.kpu.satker_code}/2024"
    build_document(
        "laporan-partisipasi",
        event=world.event,
        number_mode=NumberMode.MANUAL,
        number=number,
        signed_on="2024-12-02",
    )
    assert DocumentNumber.objects.get(number=number).entered_manually


def test_a_draft_shows_the_classification_given(world):
    document = build_document(
        "laporan-partisipasi", event=world.event, classification="pk.01", signed_on="2024-12-02"
    )
    assert f"NOMOR: ....../PK.01-LP/{world.kpu.satker_code}/2024" in pdf_text(document.pdf)
    assert all(konsep_pages(document.pdf))


def test_it_refuses_a_classification_that_is_not_an_archive_code(world):
    with pytest.raises(DocumentError, match="klasifikasi"):
        build_document("laporan-partisipasi", event=world.event, classification="PP06")


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
def test_it_refuses_a_signing_date_outside_the_years_documents_are_numbered_in(world, value):
    with pytest.raises(DocumentError, match="2000.*2099"):
        build_document(
            "laporan-partisipasi", event=world.event, signed_on=value, number_mode=NumberMode.NEW
        )
    assert not DocumentNumber.objects.exists()


def test_the_chair_of_a_ppk_signs_with_the_kecamatan_named_once(world):
    ppk = BodyFactory(ppk=True, district=world.alpha)
    world.event.organiser = ppk
    world.event.save(update_fields=["organiser"])

    text = " ".join(pdf_text(build_document("laporan-partisipasi", event=world.event).pdf).split())

    assert "KETUA PANITIA PEMILIHAN KECAMATAN ALPHA" in text
    assert "KECAMATAN KECAMATAN" not in text
