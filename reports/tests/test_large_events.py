"""Documents of a large event: made by the worker, summed up by region, cut by region.

The national world: KPU RI organises, two provinces, three regencies; each
KPU Provinsi, KPU Kabupaten and PPS has seats. SUMMARY_FROM_UNITS is lowered so
its handful of units counts as "large" (the real threshold is a thousand).
"""

import re
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from bodies.models import Body
from bodies.tests.factories import (
    BodyFactory,
    DistrictFactory,
    ProvinceFactory,
    RegencyFactory,
    VillageFactory,
)
from events.tests.factories import EventFactory, QuotaRuleFactory
from participants.models import Registration
from reports import region_recap as region_recap_module
from reports import tasks
from reports.documents import DOCUMENTS, DocumentError, build_document
from reports.forms import DocumentOptionsForm
from reports.models import DocumentNumber
from reports.region_recap import region_recap
from reports.selectors import event_area, event_for_documents
from reports.tests.factories import fill_event, pdf_text
from reports.tests.r2_world import register
from reports.views import XLSX_TYPE


@pytest.fixture
def national(db, kpu_ri, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Body.objects.filter(pk=kpu_ri.pk).update(satker_code="RI")  # its numbers carry one
    jambi = ProvinceFactory(name="Jambi")
    riau = ProvinceFactory(name="Riau")
    tebo = RegencyFactory(province=jambi, name="Kabupaten Tebo")
    bungo = RegencyFactory(province=jambi, name="Kabupaten Bungo")
    siak = RegencyFactory(province=riau, name="Kabupaten Siak")
    for province in (jambi, riau):
        BodyFactory(kpu_provinsi=True, province=province)
    kab = {regency: BodyFactory(regency=regency) for regency in (tebo, bungo, siak)}
    pps = {}
    for regency, desa in ((tebo, 2), (bungo, 1), (siak, 1)):
        district = DistrictFactory(regency=regency, name=f"Kec {regency.name[10:]}")
        pps[regency] = [
            BodyFactory(pps=True, village=VillageFactory(district=district)) for _ in range(desa)
        ]
    event = EventFactory(organiser=kpu_ri, slug="bimtek-nasional", title="Bimtek Nasional")
    # KPU offices come on fixed rules (per-unit rules are for PPK and PPS only).
    QuotaRuleFactory(event=event, fixed=True, seats=3)
    jambi_office = Body.objects.get(kind=Body.Kind.KPU_PROVINSI, province=jambi)
    QuotaRuleFactory(
        event=event, fixed=True, body=jambi_office, body_kind=jambi_office.kind, seats=2
    )
    QuotaRuleFactory(event=event, fixed=True, body=kab[bungo], body_kind=kab[bungo].kind, seats=2)
    QuotaRuleFactory(event=event, body_kind=Body.Kind.PPS, seats=1)
    fill_event(event, limit=7)  # the KPU offices' seats: 3 + 2 + 2; no PPS
    return SimpleNamespace(
        event=event_for_documents(slug=event.slug),
        jambi=jambi,
        riau=riau,
        tebo=tebo,
        bungo=bungo,
        siak=siak,
        kab=kab,
        pps=pps,
    )


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(region_recap_module, "SUMMARY_FROM_UNITS", 2)


# --- Which documents the worker makes


def test_every_document_of_a_large_event_goes_to_the_worker(world, monkeypatch):
    register(world)
    monkeypatch.setattr(tasks, "BACKGROUND_ROWS", 0)

    for slug, spec in DOCUMENTS.items():
        for fmt in spec.formats:
            assert tasks.needs_background(event=world.event, document=slug, options={"format": fmt})
    person = world.event.registrations.get()
    assert tasks.needs_background(
        event=world.event, document="sertifikat", options={"registration": person}
    )


def test_an_event_with_many_units_is_large_before_anyone_registers(world, large):
    assert not world.event.registrations.exists()
    assert tasks.event_is_large(event=world.event)  # 3 PPS > 2
    assert tasks.needs_background(event=world.event, document="berita-acara", options={})


def test_a_small_event_makes_only_all_its_certificates_in_the_worker(world):
    register(world)
    in_worker = [slug for slug in DOCUMENTS if tasks.needs_background(
        event=world.event, document=slug, options={})]  # fmt: skip
    assert in_worker == ["sertifikat"]


def test_deciding_takes_two_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):  # seats taken; units covered
        tasks.event_is_large(event=world.event)


def test_the_print_page_sends_a_large_events_berita_acara_to_the_worker_which_numbers_it(
    client, staff_of, kpu_ri, national, large
):
    printer = staff_of(kpu_ri, "events.view_event", "reports.allocate_number")
    client.force_login(printer)

    response = client.post(
        reverse("reports:print-document", args=[national.event.slug, "berita-acara"]),
        {"berita-acara-paper": "A4", "berita-acara-number_mode": "new"},
    )

    assert response.status_code == 302
    job_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    job = tasks.job_get(job_id)
    assert job["state"] == "done", job["error"]
    number = DocumentNumber.objects.get(event=national.event, document="berita-acara")
    assert number.created_by == printer  # the worker takes it in the name of who asked
    download = client.get(reverse("reports:job-download", args=[job_id]))
    assert download["Content-Type"] == "application/pdf"


def test_a_spreadsheet_made_by_the_worker_downloads_as_xlsx(client, staff_of, kpu_ri, world):
    printer = staff_of(kpu_ri, "events.view_event")
    client.force_login(printer)
    path = default_storage.save("documents/job-x/uang-transport.xlsx", ContentFile(b"PK\x03\x04"))
    tasks._job_update(
        "job-x", state="done", file=path, user_id=printer.pk, slug="bimtek-uji", document="x"
    )

    download = client.get(reverse("reports:job-download", args=["job-x"]))

    assert download["Content-Type"] == XLSX_TYPE


@pytest.fixture
def printer_client(client, staff_of, kpu_ri):
    client.force_login(staff_of(kpu_ri, "events.view_event", "reports.allocate_number"))
    return client


# --- Summed up by region


def test_the_region_recap_counts_per_province_and_regency(national):
    recap = region_recap(event=national.event)

    heads = {head.label: (head, lines) for head, lines in recap.provinces}
    by_code = sorted([national.jambi, national.riau], key=lambda province: province.code)
    assert list(heads) == ["Tingkat pusat", *(province.name for province in by_code)]
    pusat, nothing = heads["Tingkat pusat"]
    assert (pusat.counts.seats, pusat.counts.registered, pusat.counts.units) == (3, 3, 1)
    assert nothing == []
    jambi, jambi_lines = heads["Jambi"]
    regencies = sorted([national.tebo, national.bungo], key=lambda regency: regency.code)
    assert [line.label for line in jambi_lines] == [
        "Tingkat provinsi",
        *(regency.name for regency in regencies),
    ]
    lines = {line.label: line.counts for line in jambi_lines}
    assert (lines["Tingkat provinsi"].seats, lines["Tingkat provinsi"].registered) == (2, 2)
    tebo = lines["Kabupaten Tebo"]  # two PPS, nobody registered
    assert (tebo.seats, tebo.registered, tebo.units, tebo.units_missing) == (2, 0, 2, 2)
    bungo = lines["Kabupaten Bungo"]  # KPU Kabupaten Bungo's 2 seats taken, its PPS not
    assert (bungo.seats, bungo.registered, bungo.units, bungo.units_missing) == (3, 2, 2, 1)
    assert jambi.counts.seats == 2 + 2 + 3
    assert recap.total.seats == 3 + 2 + 2 + 4
    assert recap.total.registered == 7
    assert recap.total.units_missing == 4
    assert recap.total.present[0] == 7  # everyone on the first day


def test_the_region_recap_takes_three_queries_whatever_the_units(
    national, django_assert_num_queries
):
    with django_assert_num_queries(3):  # rules; units per region; registrations per region
        region_recap(event=national.event)
    for _ in range(5):
        BodyFactory(
            pps=True, village=VillageFactory(district=national.pps[national.siak][0].district)
        )
    with django_assert_num_queries(3):
        region_recap(event=national.event)


def test_a_large_events_rekapitulasi_is_per_province_and_regency(national, large):
    text = pdf_text(build_document("rekapitulasi", event=national.event).pdf)

    assert "B. Rekapitulasi per provinsi dan kabupaten/kota" in text
    assert re.search(r"Jambi \d", text) and "Kabupaten Bungo" in text and "Riau" in text
    assert "PPS Desa" not in text  # no unit is named
    assert "Unit yang belum mengirim peserta: 4 unit" in text


def test_building_a_summed_up_rekapitulasi_takes_five_queries(
    national, large, django_assert_num_queries
):
    # units covered; the region recap's three; the chair who signs
    with django_assert_num_queries(5):
        build_document("rekapitulasi", event=national.event)


def test_a_large_events_berita_acara_annex_is_per_province_and_regency(national, large):
    text = pdf_text(build_document("berita-acara", event=national.event).pdf)

    assert "LAMPIRAN BERITA ACARA" in text
    assert "B. Per provinsi dan kabupaten/kota" in text
    assert "Rincian peserta per unsur dan per provinsi dan kabupaten/kota" in text
    assert "Kabupaten Siak" in text
    assert "KPU (3 unit): 7 (tujuh) orang" in text  # KPU RI, KPU Provinsi Jambi, KPU Bungo


def test_a_provincial_event_is_per_regency(national, large):
    province_office = Body.objects.get(kind=Body.Kind.KPU_PROVINSI, province=national.jambi)
    event = EventFactory(organiser=province_office, slug="bimtek-jambi")
    QuotaRuleFactory(event=event, body_kind=Body.Kind.PPS, seats=1)
    fill_event(event)

    text = pdf_text(build_document("rekapitulasi", event=event_for_documents(slug=event.slug)).pdf)

    assert "B. Rekapitulasi per kabupaten/kota" in text
    assert "Kabupaten Tebo" in text and "Kabupaten Bungo" in text
    assert "Kabupaten Siak" not in text


# --- Daftar hadir of one regency or kecamatan


def test_a_daftar_hadir_of_one_kecamatan_lists_only_its_people(world):
    register(world, unit=world.pps[0], full_name="Orang Alpha Satu", present_days=1)
    register(world, unit=world.pps[2], full_name="Orang Beta Tiga", present_days=1)

    document = build_document(
        "daftar-hadir", event=world.event, day=1, blank=True, area=world.alpha.code
    )
    text = pdf_text(document.pdf)

    assert "Orang Alpha Satu" in text and "Orang Beta Tiga" not in text
    assert "Kecamatan Alpha, Kabupaten Uji" in text
    assert f"-wilayah-{world.alpha.code}-" in document.filename


def test_a_daftar_hadir_of_one_regency_of_a_national_event(national):
    document = build_document(
        "daftar-hadir", event=national.event, day=1, blank=True, area=national.bungo.code
    )
    text = pdf_text(document.pdf)

    assert "KPU Kabupaten Bungo" in text and "KPU Kabupaten Tebo" not in text
    assert "Jumlah peserta terdaftar: 2 (dua) orang" in text


def test_a_region_outside_the_event_is_refused(world, national):
    with pytest.raises(DocumentError, match="bukan kabupaten/kota atau kecamatan"):
        build_document("daftar-hadir", event=world.event, day=1, area=national.tebo.code)
    assert event_area(event=world.event, code="99.99") is None


def test_a_daftar_hadir_of_one_kecamatan_takes_one_query_more(world, django_assert_num_queries):
    registration = register(world, unit=world.pps[0], present_days=1)
    # The filled list names verified registrations only.
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.VERIFIED)
    event = event_for_documents(slug=world.event.slug)
    # the area; the counts; registrations streamed onto pages; the chair; then the rows
    # read for the one pass: registrations, the day's attendance
    with django_assert_num_queries(6):
        build_document("daftar-hadir", event=event, day=1, area=world.alpha.code)


def test_the_print_page_offers_the_kecamatan_of_a_one_regency_event(world):
    form = DocumentOptionsForm(event=world.event, spec=DOCUMENTS["daftar-hadir"])

    assert [label for _code, label in form.fields["area"].choices] == [
        "Semua peserta",
        "Kecamatan Alpha",
        "Kecamatan Beta",
    ]
    assert (
        "area" not in DocumentOptionsForm(event=world.event, spec=DOCUMENTS["rekapitulasi"]).fields
    )


def test_the_print_page_offers_regencies_then_the_kecamatan_of_the_one_chosen(national):
    spec = DOCUMENTS["daftar-hadir"]
    form = DocumentOptionsForm(event=national.event, spec=spec)
    codes = [code for code, _label in form.fields["area"].choices]
    assert codes == ["", *sorted(r.code for r in (national.tebo, national.bungo, national.siak))]

    chosen = DocumentOptionsForm(event=national.event, spec=spec, regency=national.siak.code)
    district = national.pps[national.siak][0].district
    assert (district.code, f"Kecamatan {district.name}") in chosen.fields["area"].choices
    assert chosen.fields["area"].initial == national.siak.code


def test_the_print_page_shows_the_regency_choice_for_an_event_of_several(printer_client, national):
    response = printer_client.get(
        reverse("reports:print", args=[national.event.slug]), {"kabupaten": national.siak.code}
    )
    html = response.content.decode()
    assert 'name="kabupaten"' in html
    assert f'value="{national.pps[national.siak][0].district.code}"' in html
