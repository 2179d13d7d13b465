"""Fictional participants for the demo: every free seat of an event filled through
`registration_create`, so the demo data obeys the same rules as real sign-ups.

Deterministic (seeded by the event's slug) and idempotent: a second run fills
only the seats that are still empty. The people are invented: common Indonesian
given and family names, NIKs of valid form (region part from the unit's
kecamatan, real birth dates, day + 40 for women) that belong to nobody.
"""

import itertools
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bodies.models import Body, District
from events.models import Event, ParticipantRole, QuotaRule, participant_role_words
from events.selectors import units_for_rule
from participants import errors
from participants.checkin_counts import check_in_counts_rebuild
from participants.ledger import taken_counts
from participants.models import Attendance, Registration, RegistrationLog
from participants.nik import make_nik
from participants.person import PersonData
from participants.services import registration_create

MALE = [
    "Ahmad",
    "Muhammad",
    "Budi",
    "Supriadi",
    "Hendra",
    "Rizki",
    "Agus",
    "Dedi",
    "Eko",
    "Fajar",
    "Hasan",
    "Irwan",
    "Joko",
    "Rahmat",
    "Syafri",
    "Yusuf",
    "Zulkifli",
    "Andi",
    "Bambang",
    "Darmawan",
    "Firdaus",
    "Hamdani",
    "Iskandar",
    "Mulyadi",
    "Nasrul",
    "Ridwan",
    "Sutrisno",
    "Taufik",
]
FEMALE = [
    "Siti",
    "Nur",
    "Dewi",
    "Rina",
    "Sri",
    "Fitri",
    "Yuliana",
    "Lestari",
    "Aminah",
    "Ratna",
    "Wulandari",
    "Herlina",
    "Novita",
    "Rahmawati",
    "Sulastri",
    "Indah",
    "Maryani",
    "Desi",
    "Eka",
    "Puspita",
    "Nurhayati",
    "Safitri",
    "Yanti",
    "Zahra",
]
FAMILY = [
    "Saputra",
    "Hidayat",
    "Siregar",
    "Nasution",
    "Lubis",
    "Harahap",
    "Pratama",
    "Wijaya",
    "Susanto",
    "Kurniawan",
    "Setiawan",
    "Rahman",
    "Hakim",
    "Syahputra",
    "Marpaung",
    "Sembiring",
    "Simanjuntak",
    "Gunawan",
    "Hasibuan",
    "Ramadhan",
    "Sitompul",
    "Tanjung",
    "Effendi",
]
FAMILY_FEMALE = ["Putri", "Anggraini", "Handayani", "Permatasari", "Rahayu"]
TITLES_AFTER = ["S.Pd.", "S.E.", "S.H.", "S.Sos.", "S.IP.", "S.Kom.", "M.Si.", "S.Ag."]


def demo_name(rng: random.Random, sex: str) -> str:
    given = rng.choice(MALE if sex == "L" else FEMALE)
    roll = rng.random()
    if roll < 0.1:
        return given  # many Indonesians have a single name
    family = FAMILY + (FAMILY_FEMALE if sex == "P" else [])
    name = f"{given} {rng.choice(family)}"
    if roll > 0.75:
        name = f"{name}, {rng.choice(TITLES_AFTER)}"
    if roll > 0.92:
        before = rng.choice(["Drs.", "Ir.", "H."] if sex == "L" else ["Dra.", "Ir.", "Hj."])
        name = f"{before} {name}"
    return name


def demo_role(rule: QuotaRule, seat: int) -> str:
    if rule.role != ParticipantRole.ANY:
        return rule.role
    return ParticipantRole.COMMISSIONER if seat <= 5 else ParticipantRole.SECRETARIAT


def demo_position(unit: Body, role: str) -> str:
    kind = unit.get_kind_display() if unit.kind in Body.AD_HOC_KINDS else "KPU"
    return {
        ParticipantRole.COMMISSIONER: f"Anggota {kind}",
        ParticipantRole.SOSDIKLIH: participant_role_words(role=role, kind=kind),
        ParticipantRole.SECRETARIAT: f"Staf Sekretariat {kind}",
    }.get(role, f"Anggota {kind}")


def _region_code(unit: Body, districts: list[District], rng: random.Random) -> str:
    district = unit.district if unit.district_id else (rng.choice(districts) if districts else None)
    return (
        district.code if district else (unit.regency.code if unit.regency_id else "15.09") + ".01"
    )


def _units_kept_free(event: Event, keep_free: int) -> set[tuple[int, int]]:
    """The (rule, unit) pairs of the last `keep_free` PPS units, left for a visitor to try."""
    if keep_free <= 0:
        return set()
    rule = (
        event.quota_rules.filter(scope=QuotaRule.Scope.PER_UNIT, body_kind=Body.Kind.PPS)
        .order_by("order", "id")
        .last()
    )
    if rule is None:
        return set()
    units = units_for_rule(rule=rule).order_by("-satker_code")[:keep_free]
    return {(rule.pk, pk) for pk in units.values_list("pk", flat=True)}


def fill_event_with_demo_participants(
    *,
    event: Event,
    keep_free: int = 0,
    up_to: int | None = None,
    verified_share: float = 0.9,
    attendance: bool = True,
) -> int:
    """Fill every empty seat of every rule and unit; return how many registrations were made.

    `keep_free` leaves the seats of that many PPS units empty, so that someone
    trying the demo can still register (the README's run command uses it).
    `up_to` stops once the event holds that many registrations (an event still to
    come: a few sign-ups so far), `verified_share` of the new ones are verified (the
    rest wait for staff), and `attendance` records who came (an event that is over).
    """
    rng = random.Random(f"bimtek-demo:{event.slug}")
    taken = taken_counts(event=event)
    kept_free = _units_kept_free(event, keep_free)
    districts = list(
        District.objects.filter(regency_id=event.organiser.regency_id).order_by("code")
    )
    already = Registration.objects.filter(event=event).count()
    wanted = None if up_to is None else max(up_to - already, 0)
    serials = itertools.count(already + 1)
    created: list[Registration] = []
    with transaction.atomic():
        for rule in event.quota_rules.select_related("event__organiser").order_by("order", "id"):
            if wanted is not None and len(created) >= wanted:
                break
            # The village too: the log names a PPS by desa and kecamatan (unit_label).
            units = (
                units_for_rule(rule=rule)
                .select_related("district", "regency", "village")
                .order_by("pk")
            )
            for unit in units:
                if (rule.pk, unit.pk) in kept_free:
                    continue
                for seat in range(taken.get((rule.pk, unit.pk), 0) + 1, rule.seats + 1):
                    if wanted is not None and len(created) >= wanted:
                        break
                    registration = _demo_register(
                        event=event,
                        rule=rule,
                        unit=unit,
                        seat=seat,
                        rng=rng,
                        districts=districts,
                        serials=serials,
                    )
                    if registration is not None:
                        created.append(registration)
        _demo_verify([r for r in created if rng.random() < verified_share])
        if attendance:
            _demo_attendance(event, created, rng)
    return len(created)


def _demo_register(
    *,
    event: Event,
    rule: QuotaRule,
    unit: Body,
    seat: int,
    rng: random.Random,
    districts: list[District],
    serials: Iterator[int],
) -> Registration | None:
    """A made-up person in the seat; a NIK already taken is drawn again (20 tries)."""
    sex = "P" if rng.random() < 0.4 else "L"
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 35 * 365))
    role = demo_role(rule, seat)
    for _attempt in range(20):
        nik = make_nik(
            region_code=_region_code(unit, districts, rng),
            sex=sex,
            birth_date=born,
            serial=next(serials) % 10000 or 1,
        )
        try:
            return registration_create(
                event=event,
                quota_rule=rule,
                unit=unit,
                role=role,
                person=PersonData(
                    full_name=demo_name(rng, sex),
                    nik=nik,
                    phone=f"08{rng.choice('1235')}{rng.randrange(10**8, 10**9)}",
                    position=demo_position(unit, role),
                    institution=unit.name,
                ),
            )
        except errors.DuplicateNik:
            continue
    return None


def _demo_verify(registrations: list[Registration]) -> None:
    """What registration_verify does, in two queries: no seat or constraint is involved."""
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        status=Registration.Status.VERIFIED, status_changed_at=now, updated_at=now
    )
    RegistrationLog.objects.bulk_create(
        [RegistrationLog(registration=r, action="verified") for r in registrations]
    )
    for registration in registrations:
        registration.status = Registration.Status.VERIFIED


def _demo_attendance(event: Event, registrations: list[Registration], rng: random.Random) -> None:
    """Most verified people came both days, arriving between 07.15 and 08.45; a few did not."""
    zone = timezone.get_current_timezone()
    attendances, entries = [], []
    for day in event.days:
        start = datetime.combine(day, time(7, 15), tzinfo=zone)
        for registration in registrations:
            if registration.status != Registration.Status.VERIFIED or rng.random() < 0.06:
                continue
            at = start + timedelta(minutes=rng.randrange(0, 90), seconds=rng.randrange(60))
            attendances.append(Attendance(registration=registration, day=day, checked_in_at=at))
            entries.append(
                RegistrationLog(
                    registration=registration,
                    action=RegistrationLog.Action.CHECKED_IN,
                    detail={"day": day.isoformat()},
                )
            )
    Attendance.objects.bulk_create(attendances, ignore_conflicts=True)
    RegistrationLog.objects.bulk_create(entries)
    # Written in bulk around the check-in service: the desk's kept counts follow.
    check_in_counts_rebuild(event=event)
