"""Laporan partisipasi of a KPU Provinsi's event (per regency) and of KPU RI's (per province).

Two provinces: Jambi (Tebo with kecamatan Alpha and Beta, Bungo with Gamma)
and Riau (Siak with Delta); a PPS per desa. The national event is KPU RI's,
the provincial one KPU Provinsi Jambi's.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from bodies.tests.factories import (
    BodyFactory,
    DistrictFactory,
    MemberFactory,
    ProvinceFactory,
    RegencyFactory,
    VillageFactory,
)
from events.models import TurnoutResult
from events.tests.factories import ElectionFactory, EventFactory, QuotaRuleFactory
from reports.documents import NumberMode, build_document
from reports.documents.laporan_partisipasi import _data
from reports.tests.factories import pdf_text
from reports.tests.r2_world import register


@pytest.fixture
def regions(db, kpu_ri, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jambi = ProvinceFactory(name="Jambi")
    riau = ProvinceFactory(name="Riau")
    offices = {p: BodyFactory(kpu_provinsi=True, province=p) for p in (jambi, riau)}
    MemberFactory(body=offices[jambi], ketua=True, name="Ketua Provinsi Jambi")
    tebo = RegencyFactory(province=jambi, name="Kabupaten Tebo")
    bungo = RegencyFactory(province=jambi, name="Kabupaten Bungo")
    siak = RegencyFactory(province=riau, name="Kabupaten Siak")
    alpha = DistrictFactory(regency=tebo, name="Alpha")
    beta = DistrictFactory(regency=tebo, name="Beta")
    gamma = DistrictFactory(regency=bungo, name="Gamma")
    delta = DistrictFactory(regency=siak, name="Delta")
    villages = {
        district: [VillageFactory(district=district) for _ in range(count)]
        for district, count in ((alpha, 2), (beta, 1), (gamma, 2), (delta, 1))
    }
    pps = {
        district: [BodyFactory(pps=True, village=village) for village in desa]
        for district, desa in villages.items()
    }
    return SimpleNamespace(
        election=ElectionFactory(),
        kpu_ri=kpu_ri,
        jambi=jambi,
        riau=riau,
        offices=offices,
        tebo=tebo,
        bungo=bungo,
        siak=siak,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        delta=delta,
        villages=villages,
        pps=pps,
    )


def event_of(regions, organiser, slug):
    """An event `register` can take: the organiser's, with a PPS rule."""
    event = EventFactory(
        organiser=organiser,
        election=regions.election,
        slug=slug,
        participation_target=Decimal("80"),
    )
    return SimpleNamespace(
        event=event,
        pps_rule=QuotaRuleFactory(event=event, body_kind="PPS"),
        kpu_rule=QuotaRuleFactory(event=event, fixed=True, seats=5),
    )


@pytest.fixture
def provincial(regions):
    return event_of(regions, regions.offices[regions.jambi], "bimtek-jambi")


@pytest.fixture
def national(regions):
    return event_of(regions, regions.kpu_ri, "bimtek-nasional")


def result(regions, *, dpt, votes, **region):
    return TurnoutResult.objects.create(
        election=regions.election, registered_voters=dpt, votes_cast=votes, **region
    )


def by_name(report):
    return {row.name: row for row in report.rows}


def test_a_provincial_event_reports_each_regency_and_the_province(regions, provincial):
    result(regions, regency=regions.tebo, dpt=1000, votes=700)
    result(regions, village=regions.villages[regions.gamma][0], dpt=300, votes=240)

    report = _data(provincial.event)

    assert report.level == "Kabupaten/Kota"
    assert list(by_name(report)) == ["Kabupaten Tebo", "Kabupaten Bungo"]
    assert report.area_name == "Provinsi Jambi"
    assert by_name(report)["Kabupaten Tebo"].participation == Decimal("70.00")
    # Bungo's one kecamatan is summed from the desa that reported.
    assert by_name(report)["Kabupaten Bungo"].participation == Decimal("80.00")
    assert report.total.registered_voters == 1300
    assert report.total.participation == Decimal("72.31")
    assert "Angka Provinsi Jambi dijumlahkan dari data seluruh kabupaten/kota." in report.notes
    assert (
        "Angka 1 kecamatan dijumlahkan dari desa/kelurahan yang datanya sudah masuk."
        in report.notes
    )
    assert report.narrative[1] == "1 dari 2 kabupaten/kota mencapai target."


def test_a_regency_is_summed_only_when_every_kecamatan_has_data(regions, provincial):
    result(regions, district=regions.alpha, dpt=500, votes=400)
    # Alpha's own row wins over its desa's: never counted twice.
    result(regions, village=regions.villages[regions.alpha][0], dpt=9999, votes=1)

    report = _data(provincial.event)
    assert by_name(report)["Kabupaten Tebo"].participation is None  # Beta is missing
    assert report.total.participation is None

    result(regions, village=regions.villages[regions.beta][0], dpt=500, votes=300)
    report = _data(provincial.event)
    tebo = by_name(report)["Kabupaten Tebo"]
    assert (tebo.registered_voters, tebo.votes_cast) == (1000, 700)
    assert "Angka Kabupaten Tebo dijumlahkan dari data seluruh kecamatan." in report.notes
    assert report.total.participation is None  # Bungo still has none


def test_a_national_event_reports_each_province_and_the_nation(regions, national):
    result(regions, regency=regions.tebo, dpt=1000, votes=700)
    result(regions, regency=regions.bungo, dpt=1000, votes=900)

    report = _data(national.event)
    assert report.level == "Provinsi"
    assert list(by_name(report)) == ["Provinsi Jambi", "Provinsi Riau"]
    assert by_name(report)["Provinsi Jambi"].participation == Decimal("80.00")
    assert by_name(report)["Provinsi Riau"].participation is None
    assert report.total.participation is None
    assert report.narrative[0] == "Data partisipasi pemilih secara nasional belum ada."

    result(regions, district=regions.delta, dpt=2000, votes=1000)
    report = _data(national.event)
    assert by_name(report)["Provinsi Riau"].participation == Decimal("50.00")
    assert (report.total.registered_voters, report.total.votes_cast) == (4000, 2600)
    assert report.total.participation == Decimal("65.00")
    assert "Angka nasional dijumlahkan dari data seluruh provinsi." in report.notes
    assert report.narrative[0] == (
        "Tingkat partisipasi secara nasional 65,00 % atau 15,00 poin di bawah target 80 %."
    )


def test_pps_present_are_counted_per_regency_and_per_province(regions, provincial, national):
    register(provincial, unit=regions.pps[regions.alpha][0])
    register(provincial, unit=regions.pps[regions.gamma][1], present_days=0)
    register(national, unit=regions.pps[regions.delta][0])

    rows = by_name(_data(provincial.event))
    assert (rows["Kabupaten Tebo"].pps_present, rows["Kabupaten Tebo"].pps_total) == (1, 3)
    assert (rows["Kabupaten Bungo"].pps_present, rows["Kabupaten Bungo"].pps_total) == (0, 2)

    report = _data(national.event)
    assert (by_name(report)["Provinsi Riau"].pps_present, report.total.pps_total) == (1, 6)
    assert report.total.pps_present == 1


def grow(regions, *, regencies):
    """More regencies, kecamatan, desa, PPS and results in each province."""
    for province in (regions.jambi, regions.riau):
        for n in range(regencies):
            regency = RegencyFactory(province=province)
            for _ in range(2):
                district = DistrictFactory(regency=regency)
                result(regions, district=district, dpt=100, votes=80)
                for _ in range(2):
                    village = VillageFactory(district=district)
                    BodyFactory(pps=True, village=village)
                    result(regions, village=village, dpt=10, votes=n)


@pytest.mark.parametrize(
    "which, queries",
    # event, chair, [provinces,] regencies, 4 turnout (regency, kecamatan, desa, sources),
    # PPS per region, PPS present per region
    [("provincial", 9), ("national", 10)],
)
def test_the_wide_report_costs_the_same_queries_whatever_the_regions(
    regions, request, which, queries, django_assert_num_queries
):
    event = request.getfixturevalue(which)
    result(regions, regency=regions.tebo, dpt=1000, votes=700)
    register(event, unit=regions.pps[regions.alpha][0])
    with django_assert_num_queries(queries):
        assert "Jambi" in _data(event.event).chart

    grow(regions, regencies=4)
    for district in (regions.beta, regions.gamma, regions.delta):
        register(event, unit=regions.pps[district][0])
    with django_assert_num_queries(queries):
        report = _data(event.event)
        chart, narrative = report.chart, report.narrative
    assert "Jambi" in chart and narrative
    assert len(report.rows) == (6 if which == "provincial" else 2)


def test_the_provincial_pdf_reads_per_regency_with_the_province_total(regions, provincial):
    result(regions, regency=regions.tebo, dpt=262261, votes=182271)
    result(regions, district=regions.gamma, dpt=1000, votes=900)
    register(provincial, unit=regions.pps[regions.alpha][0])

    document = build_document(
        "laporan-partisipasi",
        event=provincial.event,
        number_mode=NumberMode.MANUAL,
        number=f"3/PP.06-LP/{regions.offices[regions.jambi].satker_code}/2024",
        signed_on="2024-12-02",
    )

    text = " ".join(pdf_text(document.pdf).split())
    assert "Partisipasi Pemilih per Kabupaten/Kota" in text
    assert "Kabupaten Tebo 262.261 182.271 69,50 %" in text
    assert "Provinsi Jambi 263.261 183.171 69,58 %" in text
    assert "Ketua Provinsi Jambi".upper() in text.upper()
