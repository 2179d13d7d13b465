"""Berita acara pelaksanaan and berita acara of the plenary decision."""

import datetime

import pytest
from django.template.loader import render_to_string

from bodies.models import Body, Village
from bodies.tests.factories import (
    BodyFactory,
    DistrictFactory,
    ProvinceFactory,
    RegencyFactory,
    VillageFactory,
)
from reports.documents import DocumentError, NumberMode, build_document
from reports.documents.base import clean_date, office_heading, office_name
from reports.models import DocumentNumber
from reports.pdf import STATIC_DIR
from reports.tests.factories import pdf_pages_text, pdf_text

pytestmark = pytest.mark.django_db


def numbers_beyond_the_plenary():
    """The register less the plenary's 231, which the seed records (so the next BA is 232)."""
    return DocumentNumber.objects.exclude(number="231/PL.02-BA/1509/2024")


def test_it_opens_with_the_last_day_in_words_and_the_venue(tebo_event_full):
    # Dated the day its facts are complete: it reports day 2's attendance too.
    document = build_document("berita-acara", event=tebo_event_full)
    text = pdf_text(document.pdf)
    assert document.filename == "berita-acara-bimtek-kpu-tebo-2024-11-12.pdf"
    assert (
        "Pada hari ini Selasa tanggal dua belas bulan November tahun dua ribu dua puluh empat, "
        "bertempat di GN Hotel Tebo"
    ) in text
    assert "Komisi Pemilihan Umum Kabupaten Tebo telah melaksanakan" in text
    assert "KOMISI PEMILIHAN UMUM" in text and "KABUPATEN TEBO" in text
    assert "TENTANG PELAKSANAAN BIMBINGAN TEKNIS" in text


def test_it_states_the_basis_programme_and_participants_in_words(tebo_event_full):
    text = pdf_text(build_document("berita-acara", event=tebo_event_full).pdf)
    assert "Peraturan Komisi Pemilihan Umum Nomor 2 Tahun 2024" in text
    # The plenary's berita acara is already a legal basis of the seed: cited once.
    assert text.count("231/PL.02-BA/1509/2024") == 1
    assert "Desi Arianto" in text and "Supriadi" in text
    assert "selama 2 (dua) hari, tanggal 11–12 November 2024" in text
    assert "Peserta kegiatan sebanyak 177 (seratus tujuh puluh tujuh) orang" in text
    assert "KPU Kabupaten Tebo: 24 (dua puluh empat) orang" in text
    assert "PPS se-Kabupaten Tebo (129 PPS): 129 (seratus dua puluh sembilan) orang" in text
    assert "hari ke-1 sebanyak 161 (seratus enam puluh satu) orang" in text
    assert "hari ke-2 sebanyak 152 (seratus lima puluh dua) orang" in text
    # The programme's days are written out, as the rest of the record writes dates.
    assert tebo_event_full.agenda_items.filter(day__day=12).exists()
    assert "11/11/2024" not in text and "12/11/2024" not in text
    assert "Selasa, 12 November 2024" in text


def test_it_closes_with_the_formula_signatures_and_lampiran(tebo_event_full):
    text = pdf_text(build_document("berita-acara", event=tebo_event_full).pdf)
    assert (
        "Demikian Berita Acara ini dibuat dengan sebenar-benarnya untuk dipergunakan "
        "sebagaimana mestinya."
    ) in text
    assert "No Nama Jabatan Tanda Tangan 1 Atiul Fuadiyah Ketua" in text
    assert "2 Supriadi Anggota" in text
    assert "LAMPIRAN BERITA ACARA" in text
    assert "Jumlah 177 177 88 161 152" in text


def konsep_pages(pdf: bytes) -> list[bool]:
    """For each page: does it carry the KONSEP mark of a draft?"""
    return ["KONSEP" in text.split() for text in pdf_pages_text(pdf)]


def test_without_a_number_the_draft_leaves_the_running_number_blank(tebo_event):
    text = pdf_text(build_document("berita-acara", event=tebo_event).pdf)
    assert "NOMOR: ....../PP.06-BA/1509/2024" in text
    assert "NOMOR : ....../PP.06-BA/1509/2024" in text  # the lampiran's head
    assert not numbers_beyond_the_plenary().exists()


def test_a_draft_is_marked_konsep_on_every_page(tebo_event_full):
    marks = konsep_pages(build_document("berita-acara", event=tebo_event_full).pdf)
    assert len(marks) > 1 and all(marks)


@pytest.mark.parametrize(
    "options",
    [
        {"number_mode": NumberMode.MANUAL, "number": "240/PP.06-BA/1509/2024"},
        {"number_mode": NumberMode.NEW},
    ],
    ids=["typed", "allocated"],
)
def test_a_numbered_record_carries_no_konsep_mark(tebo_event_full, options):
    document = build_document("berita-acara", event=tebo_event_full, **options)
    assert not any(konsep_pages(document.pdf))
    # Printed again without a number, it keeps the one it has: still no draft.
    again = build_document("berita-acara", event=tebo_event_full)
    assert not any(konsep_pages(again.pdf))


def test_the_plenary_record_without_a_number_is_a_draft(tebo_event):
    tebo_event.plenary_ba_number = ""
    DocumentNumber.objects.filter(document="berita-acara-pleno").delete()  # nor in the register
    document = build_document("berita-acara-pleno", event=tebo_event)
    assert all(konsep_pages(document.pdf))
    assert "NOMOR: ....../PL.02-BA/1509/2024" in pdf_text(document.pdf)


def test_the_plenary_record_with_its_number_is_no_draft(tebo_event):
    assert not any(konsep_pages(build_document("berita-acara-pleno", event=tebo_event).pdf))
    tebo_event.plenary_ba_number = ""
    typed = build_document(
        "berita-acara-pleno",
        event=tebo_event,
        number_mode=NumberMode.MANUAL,
        number="12/PL.02-BA/1509/2024",
    )
    assert not any(konsep_pages(typed.pdf))


def test_it_allocates_the_next_number_when_asked_and_keeps_it(tebo_event, admin_user):
    document = build_document(
        "berita-acara",
        event=tebo_event,
        number_mode=NumberMode.NEW,
        classification="pp.06",
        actor=admin_user,
    )
    number = numbers_beyond_the_plenary().get()
    assert (number.number, number.event, number.document) == (
        "232/PP.06-BA/1509/2024",
        tebo_event,
        "berita-acara",
    )
    assert "NOMOR: 232/PP.06-BA/1509/2024" in pdf_text(document.pdf)
    # Rendering it again reuses the number instead of asking for another.
    again = pdf_text(build_document("berita-acara", event=tebo_event).pdf)
    assert "NOMOR: 232/PP.06-BA/1509/2024" in again
    assert "LAMPIRAN BERITA ACARA NOMOR : 232/PP.06-BA/1509/2024" in again
    assert numbers_beyond_the_plenary().count() == 1
    # A draft has no running number yet, so it may be dated in the new year.
    assert build_document(
        "berita-acara", event=tebo_event, date="2025-01-05", number_mode=NumberMode.DRAFT
    )


def test_it_records_a_number_given_outside_the_portal(tebo_event):
    text = pdf_text(
        build_document(
            "berita-acara",
            event=tebo_event,
            number_mode=NumberMode.MANUAL,
            number="240/PP.06-BA/1509/2024",
        ).pdf
    )
    assert "NOMOR: 240/PP.06-BA/1509/2024" in text
    assert numbers_beyond_the_plenary().get().entered_manually


def test_it_refuses_a_given_number_of_another_office(tebo_event):
    with pytest.raises(DocumentError, match="satker"):
        build_document(
            "berita-acara",
            event=tebo_event,
            number_mode=NumberMode.MANUAL,
            number="240/PP.06-BA/1508/2024",
        )
    assert not numbers_beyond_the_plenary().exists()


def test_it_dates_the_record_on_the_day_given(tebo_event):
    document = build_document("berita-acara", event=tebo_event, date="2024-11-12")
    assert "Selasa tanggal dua belas bulan November" in pdf_text(document.pdf)
    assert document.filename.endswith("2024-11-12.pdf")


def test_it_is_dated_the_last_day_unless_told(tebo_event):
    document = build_document("berita-acara", event=tebo_event, date=datetime.date(2024, 11, 11))
    assert "Senin tanggal sebelas bulan November" in pdf_text(document.pdf)
    assert build_document("berita-acara", event=tebo_event, date="").filename.endswith(
        "2024-11-12.pdf"
    )


@pytest.mark.parametrize(
    ("value", "refusal"),
    [
        ("2024-10-01", "sebelum hari pertama"),  # before the plenary of 2 November too
        ("2024-11-05", "sebelum hari pertama"),  # after the plenary, before the event
    ],
)
def test_a_record_dated_before_the_event_is_refused_and_takes_no_number(tebo_event, value, refusal):
    with pytest.raises(DocumentError, match=refusal):
        build_document("berita-acara", event=tebo_event, date=value, number_mode=NumberMode.NEW)
    assert not numbers_beyond_the_plenary().exists()


def test_a_record_dated_before_its_plenary_is_refused_even_within_the_event(tebo_event):
    tebo_event.plenary_date = tebo_event.last_day
    with pytest.raises(DocumentError, match="sebelum rapat pleno"):
        build_document("berita-acara", event=tebo_event, date=tebo_event.first_day)


def test_a_numbered_record_must_be_dated_in_the_year_of_its_number(tebo_event):
    number = build_document("berita-acara", event=tebo_event, number_mode=NumberMode.NEW)
    assert number.filename.endswith("2024-11-12.pdf")

    with pytest.raises(DocumentError, match="232/PP.06-BA/1509/2024 tahun 2024"):
        build_document("berita-acara", event=tebo_event, date="2025-01-05")
    with pytest.raises(DocumentError, match="tahun 2024"):
        build_document(
            "berita-acara",
            event=tebo_event,
            date="2025-01-05",
            number_mode=NumberMode.MANUAL,
            number="9/PP.06-BA/1509/2024",
        )
    assert numbers_beyond_the_plenary().count() == 1


@pytest.mark.parametrize("value", ["12/11/2024", "31-02-2024", "2024-02-31", "besok"])
def test_it_refuses_a_date_that_is_not_one(tebo_event, value):
    with pytest.raises(DocumentError, match=f"“{value}” bukan tanggal; tulis .* 2024-11-11"):
        build_document("berita-acara", event=tebo_event, date=value, number_mode=NumberMode.NEW)
    assert not numbers_beyond_the_plenary().exists()


def test_the_plenary_record_carries_its_number_date_and_composition(tebo_event):
    document = build_document("berita-acara-pleno", event=tebo_event)
    text = pdf_text(document.pdf)
    assert document.filename == "berita-acara-pleno-kpu-tebo-2024-11-02.pdf"
    assert "NOMOR: 231/PL.02-BA/1509/2024" in text
    assert "Pada hari ini Sabtu tanggal dua bulan November tahun dua ribu dua puluh empat" in text
    assert "rapat pleno" in text
    assert "PPK: 2 (dua) orang per PPK × 12 (dua belas) PPK = 24 (dua puluh empat) orang" in text
    assert "PPS: 1 (satu) orang per PPS × 129 (seratus dua puluh sembilan) PPS" in text
    assert "24 + 24 + 129 = 177 (seratus tujuh puluh tujuh) orang" in text
    assert "11–12 November 2024" in text and "GN Hotel Tebo" in text
    assert "85% pada hari pemungutan suara 27 November 2024" in text
    # Its own number is not listed among the things it took into account.
    assert text.count("231/PL.02-BA/1509/2024") == 1


def test_the_plenary_record_needs_the_plenary_date(tebo_event):
    tebo_event.plenary_date = None
    with pytest.raises(DocumentError, match="rapat pleno"):
        build_document("berita-acara-pleno", event=tebo_event)


def test_a_name_with_markup_prints_literally(tebo_event):
    tebo_event.organiser.members.filter(name="Supriadi").update(name="Siti <b>Aminah</b> & Co")
    tebo_event.venue_name = "Aula <i>KPU</i> & Hotel"
    text = pdf_text(build_document("berita-acara-pleno", event=tebo_event).pdf)
    assert "Siti <b>Aminah</b> & Co" in text
    assert "Aula <i>KPU</i> & Hotel" in text


def test_the_record_dates_a_plenary_of_another_year_in_words(tebo_event):
    tebo_event.plenary_date = datetime.date(2025, 1, 31)
    text = pdf_text(build_document("berita-acara-pleno", event=tebo_event).pdf)
    assert "Jumat tanggal tiga puluh satu bulan Januari tahun dua ribu dua puluh lima" in text


def test_building_the_record_takes_ten_queries(tebo_event_full, django_assert_num_queries):
    from reports.selectors import event_for_documents

    event = event_for_documents(slug=tebo_event_full.slug)
    # units covered (whether to sum up by region), berita_acara_data 8 (recap 4, legal
    # bases, speakers, agenda, members) + its number
    with django_assert_num_queries(10):
        build_document("berita-acara", event=event)
    with django_assert_num_queries(9):
        build_document("berita-acara-pleno", event=event)


def test_the_plenary_record_without_its_date_is_refused_before_it_takes_a_number(tebo_event):
    tebo_event.plenary_date = None
    with pytest.raises(DocumentError, match="rapat pleno"):
        build_document("berita-acara-pleno", event=tebo_event, number_mode=NumberMode.NEW)
    assert not numbers_beyond_the_plenary().exists()


def test_the_plenary_record_takes_the_next_number_when_asked_and_keeps_it(tebo_event):
    tebo_event.plenary_ba_number = ""
    # The seed's 231 stays in the register, but as no document's number.
    DocumentNumber.objects.filter(number="231/PL.02-BA/1509/2024").update(document="")
    document = build_document("berita-acara-pleno", event=tebo_event, number_mode=NumberMode.NEW)
    assert "NOMOR: 232/PL.02-BA/1509/2024" in pdf_text(document.pdf)
    assert numbers_beyond_the_plenary().get().document == "berita-acara-pleno"
    again = build_document("berita-acara-pleno", event=tebo_event)
    assert "NOMOR: 232/PL.02-BA/1509/2024" in pdf_text(again.pdf)
    assert not any(konsep_pages(again.pdf))


def test_a_draft_is_a_draft_even_once_the_record_has_a_number(tebo_event):
    build_document("berita-acara", event=tebo_event, number_mode=NumberMode.NEW)

    draft = build_document("berita-acara", event=tebo_event, number_mode=NumberMode.DRAFT)

    assert "NOMOR: ....../PP.06-BA/1509/2024" in pdf_text(draft.pdf)
    assert all(konsep_pages(draft.pdf))
    assert "232/PP.06-BA/1509/2024" not in pdf_text(draft.pdf)


def test_taking_the_next_number_is_refused_once_the_record_has_one(tebo_event):
    build_document("berita-acara", event=tebo_event, number_mode=NumberMode.NEW)

    with pytest.raises(DocumentError, match="sudah bernomor 232/PP.06-BA/1509/2024"):
        build_document("berita-acara", event=tebo_event, number_mode=NumberMode.NEW)

    assert numbers_beyond_the_plenary().count() == 1
    # A second number is still possible, typed as one given outside the portal.
    typed = build_document(
        "berita-acara",
        event=tebo_event,
        number_mode=NumberMode.MANUAL,
        number="240/PP.06-BA/1509/2024",
    )
    assert "NOMOR: 240/PP.06-BA/1509/2024" in pdf_text(typed.pdf)
    again = build_document("berita-acara", event=tebo_event)
    assert "NOMOR: 240/PP.06-BA/1509/2024" in pdf_text(again.pdf)


def test_the_plenary_record_carries_the_events_number_and_no_other(tebo_event):
    assert tebo_event.plenary_ba_number == "231/PL.02-BA/1509/2024"
    for options in (
        {"number_mode": NumberMode.NEW},
        {"number_mode": NumberMode.MANUAL, "number": "12/PL.02-BA/1509/2024"},
    ):
        with pytest.raises(DocumentError, match="231/PL.02-BA/1509/2024"):
            build_document("berita-acara-pleno", event=tebo_event, **options)
    assert not numbers_beyond_the_plenary().exists()
    same = build_document(
        "berita-acara-pleno",
        event=tebo_event,
        number_mode=NumberMode.MANUAL,
        number="231/PL.02-BA/1509/2024",
    )
    assert "231/PL.02-BA/1509/2024" in pdf_text(same.pdf)
    draft = build_document("berita-acara-pleno", event=tebo_event, number_mode=NumberMode.DRAFT)
    assert all(konsep_pages(draft.pdf)) and "....../PL.02-BA/1509/2024" in pdf_text(draft.pdf)


def test_it_refuses_the_number_another_document_carries(tebo_event):
    with pytest.raises(DocumentError, match="sudah dipakai"):
        build_document(
            "berita-acara",
            event=tebo_event,
            number_mode=NumberMode.MANUAL,
            number="231/PL.02-BA/1509/2024",
        )


# --- Dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["20241111", "2024-W46-1", "2024-11-11T10:00", "2024-11-1", "2024-311"]
)
def test_a_date_is_only_ever_written_yyyy_mm_dd(value):
    with pytest.raises(DocumentError, match=f"“{value}” bukan tanggal"):
        clean_date(value)


def test_a_date_is_read_with_the_spaces_around_it():
    assert clean_date(" 2024-11-11 ") == datetime.date(2024, 11, 11)


@pytest.mark.parametrize(
    "value", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01", datetime.date(1, 1, 1)]
)
def test_a_date_outside_the_years_documents_are_numbered_in_is_refused(value):
    with pytest.raises(DocumentError, match="2000 sampai 2099"):
        clean_date(value)


def test_the_first_and_last_day_of_those_years_are_dates():
    assert clean_date("2000-01-01") == datetime.date(2000, 1, 1)
    assert clean_date("2099-12-31") == datetime.date(2099, 12, 31)


def test_a_long_input_is_echoed_shortened():
    with pytest.raises(DocumentError) as refused:
        clean_date("9" * 2_000_000)
    message = str(refused.value)
    assert f"“{'9' * 20}…” bukan tanggal" in message
    assert len(message) < 200


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_record_dated_outside_those_years_is_refused_and_takes_no_number(tebo_event, value):
    with pytest.raises(DocumentError, match="2000 sampai 2099"):
        build_document("berita-acara", event=tebo_event, date=value, number_mode=NumberMode.NEW)
    assert not numbers_beyond_the_plenary().exists()


# --- The office, as its kop and its sentences name it ------------------------


def body_of(kind: str, edition: str = "2025") -> Body:
    """An office of `kind`; the 2022 edition writes region names in capitals."""
    spelt = str.upper if edition == "2022" else str
    province = ProvinceFactory(name=spelt("Jambi"), edition=edition)
    tebo = RegencyFactory(
        province=province, name="KAB. TEBO" if spelt is str.upper else "Kabupaten Tebo"
    )
    district = DistrictFactory(regency=tebo, name=spelt("VII Koto"))

    def pps(name, **kind):
        return BodyFactory(
            pps=True, village=VillageFactory(district=district, name=spelt(name), **kind)
        )

    return {
        "kpu_ri": lambda: BodyFactory(kpu_ri=True),
        "kpu_provinsi": lambda: BodyFactory(kpu_provinsi=True, province=province),
        "kpu_kabupaten": lambda: BodyFactory(regency=tebo),
        "kpu_kota": lambda: BodyFactory(
            regency=RegencyFactory(province=province, kota=True, name=spelt("Kota Jambi"))
        ),
        "ppk": lambda: BodyFactory(ppk=True, district=district),
        "pps_desa": lambda: pps("Teluk Kepayang Pulau Indah"),
        "pps_kelurahan": lambda: pps("Muara Tebo", kelurahan=True),
        "pps_desa_adat": lambda: pps("Uji", kind=Village.Kind.DESA_ADAT),
    }[kind]()


OFFICES = {
    "kpu_ri": (
        ("KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"),
        "Komisi Pemilihan Umum Republik Indonesia",
    ),
    "kpu_provinsi": (
        ("KOMISI PEMILIHAN UMUM", "PROVINSI JAMBI"),
        "Komisi Pemilihan Umum Provinsi Jambi",
    ),
    "kpu_kabupaten": (
        ("KOMISI PEMILIHAN UMUM", "KABUPATEN TEBO"),
        "Komisi Pemilihan Umum Kabupaten Tebo",
    ),
    "kpu_kota": (("KOMISI PEMILIHAN UMUM", "KOTA JAMBI"), "Komisi Pemilihan Umum Kota Jambi"),
    "ppk": (
        ("PANITIA PEMILIHAN KECAMATAN", "VII KOTO"),
        "Panitia Pemilihan Kecamatan VII Koto",
    ),
    "pps_desa": (
        ("PANITIA PEMUNGUTAN SUARA", "DESA TELUK KEPAYANG PULAU INDAH"),
        "Panitia Pemungutan Suara Desa Teluk Kepayang Pulau Indah",
    ),
    "pps_kelurahan": (
        ("PANITIA PEMUNGUTAN SUARA", "KELURAHAN MUARA TEBO"),
        "Panitia Pemungutan Suara Kelurahan Muara Tebo",
    ),
    "pps_desa_adat": (
        ("PANITIA PEMUNGUTAN SUARA", "DESA ADAT UJI"),
        "Panitia Pemungutan Suara Desa Adat Uji",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("edition", ["2025", "2022"])
@pytest.mark.parametrize("kind", list(OFFICES))
def test_every_kind_of_office_is_named_once_in_its_kop_and_its_sentences(kind, edition):
    office = body_of(kind, edition)
    heading, name = OFFICES[kind]
    assert office_heading(office) == heading
    assert office_name(office) == name


PLACES = {
    "kpu_ri": "Jakarta",
    "kpu_provinsi": "Jambi",
    "kpu_kabupaten": "Tebo",
    "kpu_kota": "Jambi",
    "ppk": "VII Koto",
    "pps_desa": "Teluk Kepayang Pulau Indah",
}


@pytest.mark.django_db
@pytest.mark.parametrize("edition", ["2025", "2022"])
@pytest.mark.parametrize("kind", list(PLACES))
def test_every_kind_of_office_signs_in_its_place_spelt_as_a_sentence_writes_it(kind, edition):
    from reports.documents.base import office_place

    assert office_place(body_of(kind, edition)) == PLACES[kind]


@pytest.mark.django_db
def test_an_office_without_its_region_is_named_as_recorded():
    office = Body(kind=Body.Kind.PPK, name="PPK Uji")  # as the database would not keep it
    assert office_heading(office) == ("PPK UJI", "")
    assert office_name(office) == "PPK Uji"


def test_the_konsep_mark_is_styled_by_the_print_stylesheet():
    mark = render_to_string("reports/_draft_mark.html")
    assert 'class="draft-mark"' in mark and "style=" not in mark
    assert ".draft-mark {" in (STATIC_DIR / "reports/print.css").read_text()


def test_a_record_of_a_ppk_names_its_kecamatan_once(tebo_event):
    tebo_event.organiser = Body.objects.get(kind=Body.Kind.PPK, district__name="VII Koto")
    tebo_event.save(update_fields=["organiser"])

    text = " ".join(pdf_text(build_document("berita-acara", event=tebo_event).pdf).split())

    assert "PANITIA PEMILIHAN KECAMATAN VII KOTO" in text
    assert "Panitia Pemilihan Kecamatan VII Koto telah melaksanakan" in text
    assert "PPS se-Kecamatan VII Koto (" in text
    assert "Kecamatan Kecamatan" not in text and "se-Panitia" not in text


def test_an_event_without_a_legal_basis_prints_no_empty_basis_heading(tebo_event_full):
    tebo_event_full.legal_bases.all().delete()
    tebo_event_full.plenary_ba_number = ""
    tebo_event_full.save(update_fields=["plenary_ba_number"])
    text = pdf_text(build_document("berita-acara", event=tebo_event_full).pdf)
    assert "Dasar pelaksanaan" not in text
    assert "Waktu dan tempat" in text
