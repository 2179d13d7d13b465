"""Factories for the reports app, and a quick way to fill an event with people.

`fill_event` writes registrations straight into every seat of an event (bulk
inserts, not the registration service: documents only read them), with
attendance on each day, so document tests and the benchmark can have 177 or
10,000 participants in a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from bodies.tests.factories import BodyFactory
from participants.ledger import quota_overview
from participants.models import Attendance, Registration
from participants.nik import make_nik
from reports.models import DocumentNumber, format_document_number


class DocumentNumberFactory(DjangoModelFactory):
    class Meta:
        model = DocumentNumber

    office = factory.SubFactory(BodyFactory)
    classification = "PP.06"
    doc_type = "BA"
    year = 2024
    running_number = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(
        lambda o: format_document_number(
            running_number=o.running_number,
            classification=o.classification,
            doc_type=o.doc_type,
            satker=o.office.satker_code,
            year=o.year,
        )
    )


@dataclass
class Filled:
    registrations: int
    present: list[int]  # per day


def absent_on(number: int, day_index: int) -> bool:
    """Who stays away: every 11th person on day 1, every 7th on day 2, and so on."""
    return number % (11 - 4 * day_index if day_index < 2 else 5) == 0


def fill_event(
    event,
    *,
    limit: int | None = None,
    extra_per_unit: int = 0,
    names: dict[int, str] | None = None,
    verified_every: int = 2,
) -> Filled:
    """Takes every seat of `event` (up to `limit`), with attendance on every day.

    `extra_per_unit` raises each per-unit rule's seats first (to reach 10,000
    people on Tebo's 141 units); `names` overrides the name of person number n.
    """
    if extra_per_unit:
        event.quota_rules.filter(scope="per_unit").update(seats=F("seats") + extra_per_unit)
    overview = quota_overview(event=event)
    days = [
        event.first_day + dt.timedelta(days=i)
        for i in range((event.last_day - event.first_day).days + 1)
    ]
    registrations = []
    number = 0
    for rule in overview.rules:
        for line in rule.lines:
            for seat in range(1, line.seats + 1):
                number += 1
                if limit is not None and number > limit:
                    break
                name = (names or {}).get(number, f"Peserta Contoh {number:05d}")
                registrations.append(
                    Registration(
                        event=event,
                        quota_rule=rule.rule,
                        unit=line.unit,
                        seat_number=seat,
                        role=rule.rule.role,
                        code=f"T{event.pk:03d}{number:07d}"[:12],
                        full_name=name,
                        nik=make_nik(
                            region_code="15.09.01",
                            sex="L",
                            birth_date=dt.date(
                                1980 + number % 20, 1 + number % 12, 1 + number % 28
                            ),
                            serial=number % 10000,
                        ),
                        sex="L",
                        birth_date=dt.date(1980 + number % 20, 1 + number % 12, 1 + number % 28),
                        phone=f"+62812{number:07d}",
                        position="Anggota" if number % 3 else "Staf Sekretariat",
                        status=(
                            Registration.Status.VERIFIED
                            if number % verified_every == 0
                            else Registration.Status.PENDING
                        ),
                    )
                )
    Registration.objects.bulk_create(registrations, batch_size=1000)
    saved = list(
        Registration.objects.filter(event=event).order_by("id").values_list("id", flat=True)
    )
    present = [0] * len(days)
    attendances = []
    for index, pk in enumerate(saved, start=1):
        for day_index, day in enumerate(days):
            if absent_on(index, day_index):
                continue
            present[day_index] += 1
            moment = timezone.make_aware(
                dt.datetime.combine(day, dt.time(7, 30)) + dt.timedelta(seconds=index * 7)
            )
            attendances.append(Attendance(registration_id=pk, day=day, checked_in_at=moment))
    Attendance.objects.bulk_create(attendances, batch_size=1000)
    return Filled(registrations=len(saved), present=present)


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    import io

    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF with its line breaks folded into spaces."""
    return " ".join(" ".join(pdf_pages_text(pdf)).split())
