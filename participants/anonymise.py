"""Removing personal data once it is no longer needed (UU 27/2022, storage limitation).

A registration keeps what the office's records and documents count: event, quota
rule, unit, seat, role, sex, status and attendance, so the quota overview,
`event_summary` and every document's totals are the same afterwards. It loses what
identifies the person: name, NIK, birth date, phone, e-mail (also where its notices
went), the bank account given for a transfer, and its private link.

The NIK column is not nullable and is unique per event among active registrations,
so it gets a placeholder that cannot be a NIK (letters) and is unique per row.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from .models import Notice, Registration, RegistrationLog

REMOVED_NAME = "(data pribadi dihapus)"


def anonymised_nik(pk: int) -> str:
    """`ANON000000001234`: 16 characters, never digits only, unique per registration."""
    return f"ANON{pk:012d}"


def default_cutoff(*, today: date | None = None) -> date:
    """Events that ended before this date are due (BIMTEK_ANONYMISE_AFTER_MONTHS)."""
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - settings.BIMTEK_ANONYMISE_AFTER_MONTHS
    year, month = divmod(months, 12)
    # The same day of the month, or the month's last day (31 March - 1 month: 28/29 Feb).
    for day in range(today.day, 27, -1):
        try:
            return date(year, month + 1, day)
        except ValueError:
            continue
    return date(year, month + 1, min(today.day, 28))


def _strip(registrations: QuerySet) -> int:
    now = timezone.now()
    pks = list(registrations.select_for_update().values_list("pk", flat=True))
    # One statement for every row (a national wave is ~100,000 of them); the NIK
    # placeholder is `anonymised_nik(pk)` written in SQL.
    Registration.objects.filter(pk__in=pks).update(
        full_name=REMOVED_NAME,
        nik=Concat(Value("ANON"), LPad(Cast("pk", CharField()), 12, Value("0"))),
        nik_in_review="",
        birth_date=None,
        phone="",
        email="",
        bank_name="",
        account_number="",
        account_holder="",
        private_link_hash=None,
        submission_key_hash="",
        anonymised_at=now,
    )
    # The e-mail address each notice went to is the person's too.
    Notice.objects.filter(registration_id__in=pks).update(sent_to="")
    # Old log entries carried the NIK (masked) in their detail: dropped with the rest.
    for entry in RegistrationLog.objects.filter(registration_id__in=pks, detail__has_key="nik"):
        detail = dict(entry.detail)
        detail.pop("nik", None)
        RegistrationLog.objects.filter(pk=entry.pk).update(detail=detail)
    return len(pks)


@transaction.atomic
def personal_data_anonymise(*, ended_before: date) -> int:
    """Remove the personal data of every registration of the events whose last day is
    before `ended_before`; the number of registrations changed. Safe to run again."""
    due = Registration.objects.filter(event__last_day__lt=ended_before, anonymised_at__isnull=True)
    return _strip(due)


@transaction.atomic
def registration_anonymise(*, registration: Registration) -> None:
    """One person's registration, at their request (erasure through the private link)."""
    _strip(Registration.objects.filter(pk=registration.pk, anonymised_at__isnull=True))
