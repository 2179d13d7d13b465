import datetime as dt
import io
import itertools
import time

import pdfplumber
import pytest
from django.db.models import Count
from pypdf import PdfReader

from bodies.labels import unit_label
from events.models import AgendaItem
from events.tests.factories import EventFactory
from learning.models import CertificateRule
from participants.models import Registration
from reports.documents import DocumentError, build_document, sertifikat
from reports.tests.r2_world import CHAIR_NAME, register
from reports.verification import certificate_number


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_certificate_says_who_came_as_what_to_which_event_and_who_signs(world):
    person = register(world, unit=world.pps[0], full_name="Siti <b>Aminah</b> & Co", position="")

    document = build_document("sertifikat", event=world.event, registration=person)

    (text,) = pages_text(document.pdf)
    text = one_line(text)
    assert "SERTIFIKAT" in text
    assert "Siti <b>Aminah</b> & Co" in text
    assert "Anggota PPS yang membidangi Sosialisasi" in text and unit_label(person.unit) in text
    assert "sebagai PESERTA Bimbingan Teknis Peningkatan Partisipasi Masyarakat" in text
    assert "diselenggarakan oleh Komisi Pemilihan Umum Kabupaten Uji" in text
    assert "pada tanggal 11–12 November 2024 di GN Hotel Tebo" in text
    assert "12 November 2024" in text
    assert CHAIR_NAME in text and "Ketua Lama" not in text
    assert certificate_number(person.pk) in text
    # Nothing of the private link (nor the code, kept off paper others copy).
    assert person.code not in text
    assert person.private_token not in text and person.private_link_hash not in text
    assert document.filename == f"sertifikat-bimtek-uji-{person.code}.pdf"


def test_the_position_typed_at_registration_is_the_role_printed(world):
    person = register(world, unit=world.kpu, position="Kepala Subbagian Teknis")

    data = sertifikat._data(world.event, registration=person)

    assert data.certificates[0].role == "Kepala Subbagian Teknis"
    assert data.certificates[0].unit == "KPU Kabupaten Uji"


def test_the_qr_code_carries_the_verification_url(world, settings):
    settings.BIMTEK_SITE_URL = "https://portal.example/"
    person = register(world)

    data = sertifikat._data(world.event, registration=person)

    certificate = data.certificates[0]
    number = certificate_number(person.pk)
    assert certificate.verify_url == f"https://portal.example/dokumen/verifikasi/{number}/"
    assert certificate.qr_svg.startswith("<svg") and "viewBox" in certificate.qr_svg


def test_by_default_only_participants_present_on_every_day_get_a_page_each(world):
    one_day = register(world, unit=world.pps[0], present_days=1, full_name="Satu Hari")
    both = register(world, unit=world.pps[1], present_days=2)
    register(world, unit=world.pps[2], present_days=0, full_name="Tidak Datang")
    cancelled = register(world, unit=world.kpu, status=Registration.Status.CANCELLED)

    document = build_document("sertifikat", event=world.event)

    texts = pages_text(document.pdf)
    assert document.pages == len(texts) == 1
    joined = "\n".join(texts)
    assert both.full_name in joined
    assert one_day.full_name not in joined
    assert "Tidak Datang" not in joined and cancelled.code not in joined
    assert document.filename == "sertifikat-bimtek-uji.pdf"


def test_with_the_any_day_rule_participants_present_on_some_day_get_one_page_each(world):
    CertificateRule.objects.create(event=world.event, attendance=CertificateRule.Attendance.ANY_DAY)
    first = register(world, unit=world.pps[0], present_days=1)
    both = register(world, unit=world.pps[1], present_days=2)
    register(world, unit=world.pps[2], present_days=0, full_name="Tidak Datang")

    document = build_document("sertifikat", event=world.event)

    joined = "\n".join(pages_text(document.pdf))
    assert document.pages == 2
    assert first.full_name in joined and both.full_name in joined
    assert "Tidak Datang" not in joined


@pytest.mark.parametrize(
    "name",
    [
        "Prof. Dr. Ir. Hj. Raden Ayu Kusumawardhani Mangkunegoro Sastrowardoyo Hadiningrat "
        "Purbonegoro, S.H., M.H., M.Sc., Ph.D., M.Kn., S.Sos., M.Si., M.Pd., S.Kom., M.T.",
        "A" * 70,
    ],
)
def test_a_long_name_and_role_shrink_to_stay_clear_of_the_signature_and_the_edge(world, name):
    person = register(world, full_name=name[:150], position="Anggota " + "Divisi Teknis " * 6)
    pdf = build_document("sertifikat", event=world.event, registration=person).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()
        # No word is printed over another (the name or role over the signature block).
        for a, b in itertools.combinations(words, 2):
            apart = (
                a["x1"] <= b["x0"] + 0.5
                or b["x1"] <= a["x0"] + 0.5
                or a["bottom"] <= b["top"] + 0.5
                or b["bottom"] <= a["top"] + 0.5
            )
            assert apart, (a["text"], b["text"])
        assert max(c["x1"] for c in page.chars) < page.width - 10 * 72 / 25.4
        assert len(document.pages) == 1


def test_an_absent_participant_gets_no_certificate(world):
    absent = register(world, present_days=0, full_name="Budi Absen")

    with pytest.raises(DocumentError, match="Budi Absen belum tercatat hadir"):
        build_document("sertifikat", event=world.event, registration=absent)


def test_no_certificates_before_anyone_is_present(world):
    register(world, present_days=0)

    with pytest.raises(DocumentError, match="Belum ada peserta yang tercatat hadir"):
        build_document("sertifikat", event=world.event)


def test_a_registration_of_another_event_is_refused(world):
    person = register(world)
    another_event = EventFactory(organiser=world.kpu)

    with pytest.raises(DocumentError, match="tidak terdaftar pada kegiatan tersebut"):
        build_document("sertifikat", event=another_event, registration=person)


def test_long_runs_render_in_chunks_and_report_progress(world, monkeypatch):
    monkeypatch.setattr(sertifikat, "CHUNK_SIZE", 2)
    register(world, unit=world.pps[0])
    register(world, unit=world.pps[1])
    register(world, unit=world.pps[2])
    seen = []

    document = build_document(
        "sertifikat", event=world.event, workers=1, progress=lambda *p: seen.append(p)
    )

    assert seen == [(2, 3), (3, 3)]
    assert document.pages == len(pages_text(document.pdf)) == 3


def test_parts_laid_out_in_parallel_come_back_in_order(world, monkeypatch):
    monkeypatch.setattr(sertifikat, "CHUNK_SIZE", 1)
    people = [register(world, unit=unit) for unit in world.pps]
    seen = []

    document = build_document(
        "sertifikat", event=world.event, workers=2, progress=lambda *p: seen.append(p)
    )

    texts = pages_text(document.pdf)
    expected = [c.number for c in sertifikat._data(world.event).certificates]
    assert [next(number for number in expected if number in text) for text in texts] == expected
    assert sorted(expected) == sorted(certificate_number(p.pk) for p in people)
    assert [done for done, _ in seen] == [1, 2, 3]


def test_certificate_data_costs_four_queries_however_many_people(world, django_assert_num_queries):
    for unit in world.pps:
        register(world, unit=unit)

    world.event.training_hours = 16
    world.event.save(update_fields=["training_hours"])
    # event with organiser and regency, chair, certificate rule, participants
    with django_assert_num_queries(4):
        data = sertifikat._data(world.event)
    assert len(data.certificates) == 3
    # Without the office's figure, the agenda gives it: one query more.
    world.event.training_hours = None
    world.event.save(update_fields=["training_hours"])
    with django_assert_num_queries(5):
        sertifikat._data(world.event)


def test_the_certificate_prints_the_training_hours_in_jp(world):
    register(world, unit=world.pps[0])
    day = world.event.first_day
    for start, end in [(8, 12), (13, 16), (16, 17)]:  # 8 h = 480 min = 10 JP of 45 min
        AgendaItem.objects.create(event=world.event, day=day, start_time=dt.time(start),
                                  end_time=dt.time(end), session="Sesi")  # fmt: skip
    AgendaItem.objects.create(
        event=world.event, day=day, start_time=dt.time(7), session="Tanpa akhir"
    )

    text = " ".join(pages_text(build_document("sertifikat", event=world.event).pdf))
    assert "selama 10 (sepuluh) jam pelajaran (JP)" in " ".join(text.split())

    world.event.training_hours = 32
    world.event.save(update_fields=["training_hours"])
    text = " ".join(pages_text(build_document("sertifikat", event=world.event).pdf))
    assert "selama 32 (tiga puluh dua) jam pelajaran (JP)" in " ".join(text.split())


@pytest.mark.slow
def test_the_certificates_of_the_founding_case(tebo_event_full):
    """All 177 seats taken, most present on both days: those get a certificate, by the
    event's default rule (half a minute; `-m "not slow"` leaves it out)."""
    event = tebo_event_full
    present_pks = set(
        event.registrations.annotate(days=Count("attendances__day", distinct=True))
        .filter(days=len(event.days))
        .values_list("pk", flat=True)
    )
    present = {certificate_number(pk) for pk in present_pks}
    absent = {
        certificate_number(pk) for pk in event.registrations.values_list("pk", flat=True)
    } - present
    started = time.perf_counter()
    seen = []

    document = build_document("sertifikat", event=event, progress=lambda *p: seen.append(p))

    seconds = time.perf_counter() - started
    texts = pages_text(document.pdf)
    assert document.pages == len(texts) == len(present) > 100
    assert seen[-1] == (len(present), len(present))
    assert {number for text in texts for number in present | absent if number in text} == present
    print(f"\n{len(texts)} certificates: {seconds:.1f} s, {len(document.pdf) / 1e6:.2f} MB")
