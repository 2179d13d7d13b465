"""Registrations for an event, their seats, and daily attendance.

Personal data (NIK, phone, e-mail) is kept because the secretariat needs it to
verify identity and to contact people (UU 27/2022: collect only what the purpose
needs); lists and exports show it masked.
"""

from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.model_fields import acting_user, optional_fk
from bodies.models import Body
from events.accounts import mask_account
from events.dates import date_indonesian
from events.models import Event, ParticipantRole, QuotaRule, Speaker, owning_event

# RegistrationLog.detail["via"] of a change the person made through their private link.
VIA_PRIVATE_LINK = "private_link"

# Statuses that hold a seat. Rejected and cancelled registrations free theirs.
ACTIVE_STATUSES = ("pending", "verified")


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> "RegistrationQuerySet":
        """The registrations that hold a seat (ACTIVE_STATUSES)."""
        return self.filter(status__in=ACTIVE_STATUSES)


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    class Sex(models.TextChoices):
        MALE = "L", _("Male")
        FEMALE = "P", _("Female")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    quota_rule = models.ForeignKey(
        QuotaRule,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("quota rule"),
    )
    unit = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("unit"),
        help_text=_("The body the person represents: the fixed body, or the PPK/PPS unit."),
    )
    seat_number = models.PositiveIntegerField(_("seat number"))
    # A context of its own: bodies' "role" (a member's jabatan) would win the shared msgid.
    role = models.CharField(
        pgettext_lazy("registration", "role"), max_length=20, choices=ParticipantRole.choices
    )
    # The short code is for the check-in desk and is printed, exported and searched;
    # it opens nothing. The private link carries a separate 128-bit secret, of which
    # only its SHA-256 is kept (see participants/private_link.py).
    code = models.CharField(_("registration code"), max_length=12, unique=True)
    private_link_hash = models.CharField(
        _("private link (hash)"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    # Idempotency key sent with the form, so a double click or a retry on a bad
    # connection finds the registration it already made instead of a second one.
    # Kept as its SHA-256: the key leads to the private link (private_link.token_for_form).
    submission_key_hash = models.CharField(
        _("submission key (hash)"), max_length=64, blank=True, editable=False
    )

    full_name = models.CharField(_("full name"), max_length=150)
    # Empty (NULL) while the NIK the person gave is held by another active registration
    # of the event: the public form and the private link answer such a NIK exactly as
    # a free one (anything else would tell a stranger whose NIK holds a seat), and the
    # NIK waits in nik_in_review until staff sort it out. NULL, not "", so that the
    # unique constraint below stays as it is: NULLs never collide.
    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)  # noqa: DJ001
    nik_in_review = models.CharField(
        _("NIK awaiting review"),
        max_length=16,
        blank=True,
        help_text=_("Held by another registration of the event; cannot be verified so."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # Empty only once the personal data has been removed (anonymise_personal_data).
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    # A civil servant's golongan, for the SPJ: the payment lists' cost standards and
    # PPh 21 go by it (PP 80/2010), as for a speaker (Speaker.grade).
    grade = models.CharField(
        _("civil service grade (golongan)"), max_length=3, choices=Speaker.Grade.choices, blank=True
    )
    # The account the office transfers an allowance to (daftar nominatif non tunai):
    # given optionally on the private page, shown whole only on the payment list,
    # removed with the rest by anonymise_personal_data.
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    account_number = models.CharField(_("account number"), max_length=40, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=150, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = acting_user(_("status changed by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    # When name, NIK, birth date, phone and e-mail were removed (see anonymise.py).
    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "unit__satker_code", "seat_number"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        permissions = [
            ("view_full_nik", _("Can see the full NIK of a participant")),
            ("verify_registration", _("Can verify, reject and substitute registrations")),
            ("check_in", _("Can check participants in")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["quota_rule", "unit", "seat_number"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="registration_one_holder_per_seat",
            ),
            models.UniqueConstraint(
                fields=["event", "nik"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="registration_nik_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["event", "submission_key_hash"],
                condition=~Q(submission_key_hash=""),
                name="registration_submission_key_once",
            ),
            models.CheckConstraint(
                condition=Q(seat_number__gte=1), name="registration_seat_number_positive"
            ),
            # A NIK awaiting review is never verified: verifying takes the NIK itself.
            models.CheckConstraint(
                condition=Q(nik__isnull=False, nik_in_review="")
                | (Q(nik__isnull=True) & ~Q(nik_in_review="") & ~Q(status="verified")),
                name="registration_nik_or_nik_in_review",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            # The seats freed by rejected and cancelled registrations, in seat order per
            # (rule, unit): where the lowest free seat is looked for first (ledger.seat_query).
            models.Index(
                fields=["quota_rule", "unit", "seat_number"],
                condition=~Q(status__in=ACTIVE_STATUSES),
                name="registration_freed_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.full_name}"

    @property
    def stated_nik(self) -> str:
        """The NIK the person gave: their own, or the one awaiting review."""
        return self.nik or self.nik_in_review

    @property
    def masked_nik(self) -> str:
        """`1509**********12`: the region part and the last two digits only."""
        return mask_nik(self.stated_nik)

    @property
    def masked_account(self) -> str:
        return mask_account(self.account_number)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


def owning_registration(*, related_name: str) -> models.ForeignKey:
    """The registration a row belongs to and goes with (attendance, log, notices, tests)."""
    return models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("registration"),
    )


def mask_nik(nik: str) -> str:
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 6) + nik[-2:]


class Attendance(models.Model):
    """One person present on one day of the event."""

    registration = owning_registration(related_name="attendances")
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = acting_user(_("checked in by"))

    class Meta:
        ordering = ["day", "checked_in_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["registration", "day"], name="attendance_once_per_day")
        ]

    def __str__(self) -> str:
        return _("present on %(day)s") % {"day": date_indonesian(self.day)}


class CheckInCount(models.Model):
    """How many verified people are present on one day of an event: the desk's "N of M".

    Kept by the check-in service in the transaction that records the attendance (and by
    verification and the person's own correction, which move an attended registration in
    and out of "verified"), so the desk reads one row after each scan instead of counting
    every verified person (#22). `participants.checkin_counts` owns it.
    """

    event = owning_event(related_name="+")
    day = models.DateField(_("day"))
    present = models.PositiveIntegerField(_("present"), default=0)

    class Meta:
        verbose_name = _("check-in count")
        verbose_name_plural = _("check-in counts")
        constraints = [
            models.UniqueConstraint(fields=["event", "day"], name="check_in_count_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.present}"


class RegistrationLog(models.Model):
    """Who changed what on a registration, kept for accountability (UU 27/2022)."""

    class Action(models.TextChoices):
        CREATED = "created", _("registered")
        UPDATED = "updated", _("data corrected")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("cancelled")
        SUBSTITUTED = "substituted", _("substituted by another person")
        CHECKED_IN = "checked_in", _("checked in")
        LINK_ISSUED = "link_issued", _("new private link issued")
        ERASED = "erased", _("personal data erased at the person's request")

    registration = owning_registration(related_name="log")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    actor = acting_user(_("by"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("registration log entry")
        verbose_name_plural = _("registration log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {timezone.localtime(self.at):%d-%m-%Y %H.%M}"

    @property
    def by_participant(self) -> bool:
        """Made by the person through their private link. Entries from before `via`
        was written: a correction ("updated") has no other path."""
        return (self.detail or {}).get("via") == VIA_PRIVATE_LINK or (
            self.action == self.Action.UPDATED and self.actor_id is None
        )

    @property
    def actor_label(self) -> str:
        """Who made the change, for the history: a staff account, the person, or ""."""
        if self.actor_id is not None:
            return str(self.actor)
        return str(_("participant (private link)")) if self.by_participant else ""

    @property
    def detail_text(self) -> str:
        """The detail in words for the admin: `alasan: Data ganda`, `data diubah: nomor HP`."""
        parts = []
        for key, value in (self.detail or {}).items():
            if key in LOG_DETAIL_HIDDEN:
                continue
            if key == "fields":
                value = ", ".join(_field_name(name) for name in value)
            elif key == "day":
                value = _day(value)
            parts.append(f"{LOG_DETAIL_LABELS.get(key, key)}: {value}")
        return "; ".join(parts)


# The keys the services write into RegistrationLog.detail.
LOG_DETAIL_LABELS = {
    "seat": _("seat"),
    "unit": _("unit"),
    "reason": _("reason"),
    "fields": _("data changed"),
    "day": _("day"),
    "by": _("substituted by"),
    "substitutes": _("substitutes"),
}


# Not shown: "via" is said by actor_label; "nik" (old and new value, masked) was
# written before a NIK change was logged by its field name only.
LOG_DETAIL_HIDDEN = {"via", "nik"}


def _field_name(name: str) -> str:
    try:
        return str(Registration._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _day(value: str) -> str:
    try:
        return date_indonesian(date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


class AccessLog(models.Model):
    """Who saw a full NIK or took personal data out of the portal (UU 27/2022).

    Written by participants/access_log.py; superusers read it in the admin, nobody
    changes or deletes it there (the admin has no add, change or delete).
    """

    class Action(models.TextChoices):
        FULL_NIK = "full_nik", _("viewed a full NIK")
        EXPORT_CSV = "export_csv", _("exported the list (CSV)")
        EXPORT_XLSX = "export_xlsx", _("exported the list (XLSX)")
        DOCUMENT = "document", _("downloaded a document (PDF)")
        OWN_DATA = "own_data", _("participant downloaded their own data")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = acting_user(_("by"))
    # Kept as text too: the entry must still say who after the account is deleted.
    username = models.CharField(_("username"), max_length=150, blank=True)
    event = optional_fk(Event, models.SET_NULL, related_name="+", verbose_name=_("event"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    registration = optional_fk(
        Registration, models.SET_NULL, related_name="+", verbose_name=_("registration")
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")

    def __str__(self) -> str:
        return f"{self.username or '-'} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Access log entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Access log entries are never deleted.")


class RateCounter(models.Model):
    """Requests of one client in one window of a rate limit (see ratelimit.py).

    A row rather than the cache: the database cache's incr() reads then writes, so
    parallel requests all read the same count and all get through.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return f"{self.key} {self.count}"


class Notice(models.Model):
    """A message sent to a participant, kept so that none is sent twice (the reminder's
    daily run, a retried request)."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("registration confirmation")
        VERIFIED = "verified", _("verification result: verified")
        REJECTED = "rejected", _("verification result: rejected")
        REMINDER = "reminder", _("reminder the day before")
        NIK_USED_AGAIN = "nik_used_again", _("NIK used again by another registration")

    registration = owning_registration(related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="notice_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.sent_to}"


# The offline check-in desk's records (scans, devices): a module of their own.
from .models_offline import CheckInDevice, CheckInScan  # noqa: E402, F401
