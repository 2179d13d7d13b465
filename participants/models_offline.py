"""What the offline check-in desk sends: every scan as it came, and the devices that send.

Imported by models.py (Django finds an app's models there); a module of its own so the
desk's records read apart from the registration they point at.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.model_fields import acting_user, optional_fk
from events.models import Event, owning_event

from .models import Attendance, Registration


class CheckInScan(models.Model):
    """One scan made at a desk, stored as the device sent it and never changed.

    The attendance is derived from it (the first scan of a person on a day makes the
    `Attendance` row, later ones are duplicates); a scan that cannot count by itself
    (unknown code, cancelled registration, a day outside the event) waits for the
    Sekretariat's review. Only the review fields are written after the insert.
    """

    class How(models.TextChoices):
        CAMERA = "camera", _("camera")
        TYPED = "typed", _("typed code")
        NAME = "name", _("name")
        PAPER = "paper", _("paper attendance list")

    class Result(models.TextChoices):
        RECORDED = "recorded", _("recorded")
        DUPLICATE = "duplicate", _("duplicate")
        NEEDS_REVIEW = "needs_review", _("needs review")

    class Review(models.TextChoices):
        ACCEPTED = "accepted", _("accepted as present")
        DISMISSED = "dismissed", _("dismissed")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="check_in_scans", verbose_name=_("event")
    )
    device = models.CharField(_("device"), max_length=64)
    nonce = models.UUIDField(_("nonce"))
    code = models.CharField(_("code or name as sent"), max_length=150)
    # Kept when the registration is found, even when the scan cannot count (cancelled).
    registration = optional_fk(
        Registration, models.SET_NULL, related_name="check_in_scans", verbose_name=_("registration")
    )
    day = models.DateField(_("day"))
    scanned_at = models.DateTimeField(_("time on the device"))
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    message = models.CharField(_("message"), max_length=300, blank=True)
    attendance = optional_fk(
        Attendance, models.SET_NULL, related_name="+", verbose_name=_("attendance")
    )
    sent_by = acting_user(_("sent by"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = acting_user(_("reviewed by"))

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("check-in scan")
        verbose_name_plural = _("check-in scans")
        constraints = [
            # A device sends a scan again until it hears back: the replay finds this row.
            models.UniqueConstraint(fields=["device", "nonce"], name="check_in_scan_once"),
        ]
        indexes = [models.Index(fields=["event", "result"])]

    def __str__(self) -> str:
        return f"{self.code} {self.day} ({self.get_result_display()})"


class CheckInDevice(models.Model):
    """A browser that downloaded an event's roster: what it last told the server.

    The print page warns about devices whose last word was "I still hold scans".
    `version` is the roster version it last received, so a sync answers with the
    check-ins other desks made since then.
    """

    event = owning_event(related_name="check_in_devices")
    device = models.CharField(_("device"), max_length=64)
    user = acting_user(_("account"))
    version = models.BigIntegerField(_("roster version"), default=0)
    pending = models.PositiveIntegerField(_("scans not yet sent (as last reported)"), default=0)
    last_seen_at = models.DateTimeField(_("last heard from"))
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("check-in device")
        verbose_name_plural = _("check-in devices")
        constraints = [
            models.UniqueConstraint(fields=["event", "device"], name="check_in_device_once"),
        ]

    def __str__(self) -> str:
        return self.device
