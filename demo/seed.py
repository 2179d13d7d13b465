"""The founding case as demo data: KPU Kabupaten Tebo's Bimtek of 11-12 November 2024.

Everything comes from the news article in `/work/shared/seed/` (see the glossary);
what the article does not say is marked as a placeholder or as demo data. The
expected total (177) is not typed in anywhere: it follows from the three quota
rules and Tebo's 12 kecamatan and 129 desa/kelurahan in the shipped region data.

`seed_tebo_demo()` only creates what is missing, so a second run changes nothing
and staff edits made in the admin survive it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from django.db import transaction

from bodies.models import CURRENT_EDITION, Body, Division, Member, Regency
from events.models import (
    Election,
    Event,
    LegalBasis,
    ParticipantRole,
    QuotaRule,
    TurnoutResult,
)
from events.services import event_open_registration
from learning.demo import seed_learning
from reports.models import DocumentNumber
from reports.numbering import document_number_register

from .participants import fill_event_with_demo_participants
from .programme import add_agenda, add_quota_rules, add_speakers
from .spj import ensure_participant_accounts, seed_spj_demo

TEBO_CODE = "15.09"
JAMBI_PREFIX = "15"
EVENT_SLUG = "bimtek-parmas-kpu-tebo-2024"
SOSDIKLIH_DIVISION = "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat dan SDM"

KPU_TEBO_ADDRESS = "Jl. Lintas Tebo–Bungo, Muara Tebo, Kabupaten Tebo, Jambi (alamat contoh/demo)"
# (name, role, division) — the article names the ketua and Supriadi; the other
# seats are placeholders for the secretariat to fill in. Division names are those
# the bodies app seeds (bodies/migrations/0002_seed_divisions.py).
KPU_TEBO_MEMBERS = [
    ("Atiul Fuadiyah", Member.Role.KETUA, ""),
    ("Supriadi", Member.Role.ANGGOTA, SOSDIKLIH_DIVISION),
    (
        "Anggota KPU (isi nama) – Divisi Teknis",
        Member.Role.ANGGOTA,
        "Divisi Teknis Penyelenggaraan",
    ),
    ("Anggota KPU (isi nama) – Divisi Hukum", Member.Role.ANGGOTA, "Divisi Hukum dan Pengawasan"),
    (
        "Anggota KPU (isi nama) – Divisi Rendatin",
        Member.Role.ANGGOTA,
        "Divisi Perencanaan, Data dan Informasi",
    ),
    ("Sekretaris KPU Kabupaten Tebo (isi nama)", Member.Role.SEKRETARIS, ""),
]

ELECTION_NAME = "Pemilihan Gubernur dan Wakil Gubernur serta Bupati dan Wakil Bupati Tahun 2024"
LEGAL_BASES = [
    "Undang-Undang Nomor 10 Tahun 2016 tentang Perubahan Kedua atas Undang-Undang Nomor 1 "
    "Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun "
    "2014 tentang Pemilihan Gubernur, Bupati, dan Wali Kota menjadi Undang-Undang",
    "Peraturan Komisi Pemilihan Umum Nomor 8 Tahun 2022 tentang Pembentukan dan Tata Kerja "
    "Badan Ad Hoc Penyelenggara Pemilihan Umum dan Pemilihan Gubernur, Bupati, dan Wali Kota",
    "Peraturan Komisi Pemilihan Umum Nomor 2 Tahun 2024 tentang Tahapan dan Jadwal Pemilihan "
    "Gubernur dan Wakil Gubernur, Bupati dan Wakil Bupati, serta Wali Kota dan Wakil Wali Kota "
    "Tahun 2024",
    "Berita Acara Rapat Pleno KPU Kabupaten Tebo Nomor 231/PL.02-BA/1509/2024 tanggal "
    "2 November 2024",
]

# Tebo's reported turnout: 69.5 % of its DPT. The per-kecamatan figures below are
# ILLUSTRATIVE, generated deterministically so they add up to the regency's.
TEBO_DPT = 262_261
TEBO_VOTES = 182_271
ILLUSTRATIVE = "Ilustrasi data demo, bukan hasil resmi"


@dataclass
class SeedSummary:
    event: Event
    created: bool
    regions_imported: bool
    participants_added: int = 0


def _ensure_tebo(prefix: str) -> tuple[Regency, bool]:
    regency = Regency.objects.filter(code=TEBO_CODE, edition=CURRENT_EDITION).first()
    if regency is not None and regency.bodies.filter(kind=Body.Kind.KPU_KABKOTA).exists():
        return regency, False
    from bodies.data import SHIPPED_WILAYAH
    from bodies.services import bodies_derive_for_regency, regions_import

    if regency is None:
        regions_import(directory=SHIPPED_WILAYAH[CURRENT_EDITION], prefix=prefix)
        regency = Regency.objects.get(code=TEBO_CODE, edition=CURRENT_EDITION)
    bodies_derive_for_regency(regency=regency)
    return regency, True


def _ensure_members(kpu: Body) -> None:
    from bodies.services import member_add

    if not kpu.address:
        kpu.address = KPU_TEBO_ADDRESS
        kpu.save(update_fields=["address"])
    existing = set(kpu.members.values_list("name", flat=True))
    for order, (name, role, division_name) in enumerate(KPU_TEBO_MEMBERS, start=1):
        if name in existing:
            continue
        division = None
        if division_name:
            division, _ = Division.objects.get_or_create(name=division_name)
        member_add(body=kpu, name=name, role=role, division=division, order=order)


def _ensure_election(regency: Regency) -> Election:
    election, created = Election.objects.get_or_create(
        name=ELECTION_NAME,
        defaults={"kind": Election.Kind.PILKADA, "voting_day": date(2024, 11, 27)},
    )
    if created:
        election.provinces.add(regency.province)
        election.regencies.add(regency)
    return election


def _ensure_turnout(election: Election, regency: Regency) -> None:
    if TurnoutResult.objects.filter(election=election, regency=regency).exists():
        return
    TurnoutResult.objects.create(
        election=election,
        regency=regency,
        registered_voters=TEBO_DPT,
        votes_cast=TEBO_VOTES,
        source="Partisipasi 69,5 % sebagaimana diberitakan; DPT Pemilu Februari 2024",
    )
    # Illustrative split: DPT in proportion to each kecamatan's desa/kelurahan, a
    # turnout that swings a few points around the regency's, the last kecamatan
    # taking the rounding so both columns add up exactly.
    districts = list(regency.districts.order_by("code").prefetch_related("villages"))
    weights = [max(len(d.villages.all()), 1) for d in districts]
    swings = [Decimal(s) for s in ("0.02", "-0.03", "0.01", "-0.01", "0.03", "-0.02")]
    rate = Decimal(TEBO_VOTES) / Decimal(TEBO_DPT)
    dpt_left, votes_left = TEBO_DPT, TEBO_VOTES
    rows = []
    for index, district in enumerate(districts):
        if index == len(districts) - 1:
            dpt, votes = dpt_left, votes_left
        else:
            dpt = TEBO_DPT * weights[index] // sum(weights)
            votes = int(dpt * (rate + swings[index % len(swings)]))
        dpt_left, votes_left = dpt_left - dpt, votes_left - votes
        rows.append(
            TurnoutResult(
                election=election,
                district=district,
                registered_voters=dpt,
                votes_cast=votes,
                source=ILLUSTRATIVE,
            )
        )
    TurnoutResult.objects.bulk_create(rows)


def _ensure_event(kpu: Body, election: Election) -> tuple[Event, bool]:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is not None:
        return event, False
    event = Event(
        slug=EVENT_SLUG,
        organiser=kpu,
        election=election,
        title="Bimbingan Teknis Peningkatan Partisipasi Masyarakat",
        theme="Peningkatan partisipasi masyarakat pada Pemilihan Serentak Tahun 2024",
        purpose=(
            "Memberikan pemahaman kepada PPK dan PPS se-Kabupaten Tebo agar lebih aktif dan "
            "maksimal dalam sosialisasi, untuk meningkatkan partisipasi masyarakat pada "
            "Pemilihan Kepala Daerah Kabupaten Tebo Tahun 2024."
        ),
        venue_name="GN Hotel Tebo",
        venue_address="Muara Tebo, Kabupaten Tebo, Jambi",
        first_day=date(2024, 11, 11),
        last_day=date(2024, 11, 12),
        plenary_date=date(2024, 11, 2),
        plenary_place="Kantor KPU Kabupaten Tebo",
        plenary_ba_number="231/PL.02-BA/1509/2024",
        declared_total=177,
        participation_target=Decimal("85"),
        attendance_target=Decimal("95"),
    )
    event.full_clean()
    event.save()
    _add_programme(event)
    # Left open without a window so a visitor can try the form; the dates stay the seed's.
    event_open_registration(event=event)
    return event, True


def _add_programme(event: Event) -> None:
    """Who is invited (the quota rules), the legal basis, the speakers and the agenda."""
    rules = [
        (QuotaRule.Scope.FIXED, Body.Kind.KPU_KABKOTA, event.organiser, ParticipantRole.ANY, 24,
         "KPU Kabupaten Tebo"),
        (QuotaRule.Scope.PER_UNIT, Body.Kind.PPK, None, ParticipantRole.SOSDIKLIH, 1,
         "PPK: anggota PPK yang membidangi Sosdiklih, Parmas dan SDM"),
        (QuotaRule.Scope.PER_UNIT, Body.Kind.PPK, None, ParticipantRole.SECRETARIAT, 1,
         "PPK: sekretariat"),
        (QuotaRule.Scope.PER_UNIT, Body.Kind.PPS, None, ParticipantRole.SOSDIKLIH, 1,
         "PPS: anggota PPS yang membidangi Sosdiklih, Parmas dan SDM"),
    ]  # fmt: skip
    add_quota_rules(event, rules)
    for order, text in enumerate(LEGAL_BASES, start=1):
        LegalBasis.objects.create(event=event, text=text, order=order)
    desi, supriadi = add_speakers(
        event,
        [
            (
                "Desi Arianto",
                "Mantan anggota KPU Provinsi Jambi, Divisi Sosdiklih, Parmas dan SDM",
                "Strategi mengajak masyarakat datang ke TPS pada 27 November 2024",
            ),
            (
                "Supriadi",
                "Anggota KPU Kabupaten Tebo, Divisi Sosdiklih, Parmas dan SDM",
                "Kebijakan KPU Kabupaten Tebo: target partisipasi pemilih 85 persen",
            ),
        ],
    )
    day1, day2 = event.first_day, event.last_day
    add_agenda(
        event,
        [
            (day1, time(8, 0), time(9, 0), "Registrasi peserta", None),
            (day1, time(9, 0), time(10, 0), "Pembukaan oleh Ketua KPU Kabupaten Tebo", None),
            (day1, time(10, 0), time(12, 0), "Kebijakan sosialisasi dan target partisipasi", supriadi),
            (day1, time(13, 0), time(16, 0), "Strategi mengajak masyarakat datang ke TPS", desi),
            (day2, time(8, 0), time(11, 0), "Diskusi kelompok per kecamatan: rencana sosialisasi", None),
            (day2, time(11, 0), time(12, 0), "Rencana tindak lanjut PPK dan PPS", supriadi),
            (day2, time(13, 0), time(14, 0), "Penutupan", None),
        ],
    )  # fmt: skip


def _ensure_plenary_number(event: Event) -> None:
    """Put the plenary's BA 231 in the office's number register, as its paper register has it,
    so the next berita acara the portal numbers for 1509/2024 is 232, not 1."""
    if not DocumentNumber.objects.filter(
        office=event.organiser, number=event.plenary_ba_number
    ).exists():
        document_number_register(
            office=event.organiser,
            number=event.plenary_ba_number,
            event=event,
            document="berita-acara-pleno",
        )


def seed_tebo_demo(
    *, participants: bool = False, keep_free: int = 0, prefix: str = JAMBI_PREFIX
) -> SeedSummary:
    """Build (or complete) the Tebo demo; `prefix` is what to import when Tebo is missing.

    With `participants`, every seat is filled except those of `keep_free` PPS units.
    """
    with transaction.atomic():
        regency, imported = _ensure_tebo(prefix)
        kpu = Body.objects.get(kind=Body.Kind.KPU_KABKOTA, regency=regency)
        _ensure_members(kpu)
        election = _ensure_election(regency)
        _ensure_turnout(election, regency)
        event, created = _ensure_event(kpu, election)
        _ensure_plenary_number(event)
    summary = SeedSummary(event=event, created=created, regions_imported=imported)
    if participants:
        seed_spj_demo(event)
        summary.participants_added = fill_event_with_demo_participants(
            event=event, keep_free=keep_free
        )
        ensure_participant_accounts(event)
        # After the participants and their attendance: who answered the tests and survey.
        seed_learning(event=event)
    return summary
