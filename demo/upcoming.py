"""A Bimtek of KPU Kabupaten Tebo still to come, dated from the day the seed runs, so
the demo shows today what only happens before and during an event: the public form,
the private page, the pre-test (open now), verification, the desk and the papers.

The founding case (demo/seed.py, November 2024) is over; this one starts
UPCOMING_AFTER_DAYS after the seed's day and lasts two days. The desk opens on a
day of the event: on the day the demo is tried, that is a practice day ("hari
latihan") recorded for the first day (README, "Two commands").

Idempotent: while the seeded event is still ahead (its first day after today) a
second run reuses it and adds nothing; once it has begun or is over, the next run
adds a new one dated from that day, under its own slug, and leaves the old one as
it is. Everything here is fictional demo data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from bodies.models import Body
from events.models import Event, ParticipantRole, QuotaRule
from events.services import event_open_registration
from learning.demo import seed_learning_ahead

from .participants import fill_event_with_demo_participants
from .programme import add_agenda, add_quota_rules, add_speakers
from .spj import DEMO_CONTACT

SLUG_PREFIX = "bimtek-pendidikan-pemilih-kpu-tebo-"
UPCOMING_AFTER_DAYS = 3
# A few sign-ups so far: about half verified, the others waiting for staff.
REGISTERED = 18
VERIFIED_SHARE = 0.5


@dataclass
class UpcomingSummary:
    event: Event
    created: bool
    participants_added: int = 0


def upcoming_event(*, organiser: Body, today: date) -> Event | None:
    """The demo's event still ahead of `today`, if the seed made one."""
    return (
        Event.objects.filter(organiser=organiser, slug__startswith=SLUG_PREFIX, first_day__gt=today)
        .order_by("first_day")
        .first()
    )


def seed_upcoming_demo(
    *, organiser: Body, participants: bool = False, today: date | None = None
) -> UpcomingSummary:
    """Build (or find) the upcoming Bimtek; with `participants`, its first sign-ups."""
    today = today or timezone.localdate()
    with transaction.atomic():
        event = upcoming_event(organiser=organiser, today=today)
        created = event is None
        if created:
            event = _create(organiser, first_day=today + timedelta(days=UPCOMING_AFTER_DAYS))
    zone = timezone.get_current_timezone()
    # The pre-test is open from the seed's day until the first session.
    seed_learning_ahead(
        event=event, pre_test_opens_at=datetime.combine(today, time(0, 0), tzinfo=zone)
    )
    summary = UpcomingSummary(event=event, created=created)
    if participants:
        summary.participants_added = fill_event_with_demo_participants(
            event=event, up_to=REGISTERED, verified_share=VERIFIED_SHARE, attendance=False
        )
    return summary


def _create(organiser: Body, *, first_day: date) -> Event:
    event = Event(
        slug=f"{SLUG_PREFIX}{first_day:%Y-%m-%d}",
        organiser=organiser,
        title="Bimbingan Teknis Pendidikan Pemilih Berkelanjutan",
        theme="Sosialisasi dan pendidikan pemilih di desa dan kelurahan (acara demo)",
        purpose=(
            "Acara demo yang dibuat saat data contoh dimuat: membekali PPK dan PPS se-Kabupaten "
            "Tebo untuk pendidikan pemilih berkelanjutan di wilayahnya."
        ),
        venue_name="Aula Kantor KPU Kabupaten Tebo",
        venue_address="Muara Tebo, Kabupaten Tebo, Jambi",
        first_day=first_day,
        last_day=first_day + timedelta(days=1),
        contact_name=DEMO_CONTACT[0],
        contact_phone=DEMO_CONTACT[1],
    )
    event.full_clean()
    event.save()
    _add_programme(event)
    # Open until the evening before the first day (walk-ins are the desk's business).
    closes_at = datetime.combine(
        first_day - timedelta(days=1), time(23, 59), tzinfo=timezone.get_current_timezone()
    )
    event_open_registration(event=event, closes_at=closes_at)
    return event


def _add_programme(event: Event) -> None:
    """Who is invited (the quota rules), the speakers and the agenda."""
    # PPK and PPS first: the demo's sign-ups fill the rules in this order.
    rules = [
        (QuotaRule.Scope.PER_UNIT, Body.Kind.PPK, None, ParticipantRole.SOSDIKLIH, 1,
         "PPK: anggota PPK yang membidangi Sosdiklih, Parmas dan SDM"),
        (QuotaRule.Scope.PER_UNIT, Body.Kind.PPS, None, ParticipantRole.SOSDIKLIH, 1,
         "PPS: anggota PPS yang membidangi Sosdiklih, Parmas dan SDM"),
        (QuotaRule.Scope.FIXED, Body.Kind.KPU_KABKOTA, event.organiser, ParticipantRole.ANY, 6,
         "KPU Kabupaten Tebo"),
    ]  # fmt: skip
    add_quota_rules(event, rules)
    supriadi, guest = add_speakers(
        event,
        [
            (
                "Supriadi",
                "Anggota KPU Kabupaten Tebo, Divisi Sosdiklih, Parmas dan SDM",
                "Program pendidikan pemilih berkelanjutan KPU Kabupaten Tebo",
            ),
            (
                "Narasumber KPU Provinsi Jambi (contoh)",
                "Divisi Sosdiklih, Parmas dan SDM KPU Provinsi Jambi (demo)",
                "Merancang sosialisasi untuk pemilih pemula dan pemilih disabilitas",
            ),
        ],
    )
    day1, day2 = event.first_day, event.last_day
    add_agenda(
        event,
        [
            (day1, time(8, 0), time(9, 0), "Registrasi peserta", None),
            (day1, time(9, 0), time(9, 30), "Pembukaan oleh Ketua KPU Kabupaten Tebo", None),
            (day1, time(9, 30), time(12, 0), "Program pendidikan pemilih berkelanjutan", supriadi),
            (day1, time(13, 0), time(15, 30), "Sosialisasi untuk pemilih pemula dan disabilitas", guest),
            (day2, time(8, 0), time(11, 0), "Praktik: rencana sosialisasi per desa/kelurahan", None),
            (day2, time(11, 0), time(12, 0), "Rencana tindak lanjut dan penutupan", None),
        ],
    )  # fmt: skip
