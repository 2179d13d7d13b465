"""What an event pays: the standard costs (SBM) of a fiscal year, the speakers with
their honorarium profile, and the per-day allowance lines of participants.

Kept apart from `events.models`, which imports them so that Django registers them and
`events.models.CostStandard` (and the rest) stay where callers look for them.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.model_fields import optional_fk
from bodies.models import Body


class CostStandard(models.Model):
    """One line of the standard costs (Standar Biaya Masukan) of a fiscal year.

    The national lines (no office) ship with the portal, each citing its PMK and
    line in `source`; the regional ones (transport lokal, uang harian rapat by
    province) are typed by the office, for its own events. An office's line
    takes precedence over the national one of the same item and year.
    """

    class Item(models.TextChoices):
        HONORARIUM_MINISTER = (
            "hon_minister",
            _("Speaker honorarium: minister or state official (per hour)"),
        )
        HONORARIUM_ESELON_I = "hon_eselon_1", _("Speaker honorarium: Eselon I (per hour)")
        HONORARIUM_ESELON_II = "hon_eselon_2", _("Speaker honorarium: Eselon II (per hour)")
        HONORARIUM_ESELON_III = (
            "hon_eselon_3",
            _("Speaker honorarium: Eselon III and below (per hour)"),
        )
        MODERATOR = "moderator", _("Moderator honorarium (per person per session)")
        TRANSPORT_LOCAL = "transport_local", _("Local transport (per person per trip)")
        MEETING_FULLBOARD = (
            "meeting_fullboard",
            _("Meeting allowance, fullboard (per person per day)"),
        )
        MEETING_FULLDAY = (
            "meeting_fullday",
            _("Meeting allowance, fullday/halfday (per person per day)"),
        )

    office = optional_fk(
        Body,
        models.CASCADE,
        related_name="cost_standards",
        verbose_name=_("office"),
        help_text=_("Empty for a national figure; the office for a figure of its region."),
    )
    year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    item = models.CharField(_("item"), max_length=20, choices=Item.choices)
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(0)]
    )
    source = models.CharField(
        _("source"),
        max_length=255,
        help_text=_(
            "The regulation and its line, e.g. PMK 49/2023, Lampiran I, honorarium narasumber."
        ),
    )

    class Meta:
        ordering = ["-year", "item", "office_id"]
        verbose_name = _("cost standard")
        verbose_name_plural = _("cost standards")
        constraints = [
            # Two constraints: NULLs are distinct in a unique index (see QuotaRule).
            models.UniqueConstraint(
                fields=["year", "item"],
                condition=Q(office__isnull=True),
                name="cost_standard_national_once_per_year",
                violation_error_message=_("This year already has a national figure for this item."),
            ),
            models.UniqueConstraint(
                fields=["office", "year", "item"],
                condition=Q(office__isnull=False),
                name="cost_standard_office_once_per_year",
                violation_error_message=_(
                    "This office already has a figure for this item and year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="cost_standard_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_item_display()}"


class Speaker(models.Model):
    """A speaker (or moderator) of the event, with what the honorarium list needs:
    the level the SBM pays by, the tax profile, whether they belong to the organiser,
    and the account the office transfers to."""

    class Level(models.TextChoices):
        MINISTER = "hon_minister", _("Minister or state official")
        ESELON_I = "hon_eselon_1", _("Eselon I or equivalent")
        ESELON_II = "hon_eselon_2", _("Eselon II or equivalent")
        ESELON_III = "hon_eselon_3", _("Eselon III and below, or equivalent")
        MODERATOR = "moderator", _("Moderator (paid per session)")

    class TaxStatus(models.TextChoices):
        ASN = "asn", _("Civil servant (ASN)")
        STATE_OFFICIAL = "state_official", _("State official")
        NON_ASN = "non_asn", _("Not a civil servant")

    class Grade(models.TextChoices):
        I = "I", "I"  # noqa: E741
        II = "II", "II"
        III = "III", "III"
        IV = "IV", "IV"

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    background = models.CharField(_("background"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.ESELON_III,
        help_text=_("The standard cost line the honorarium is paid by."),
    )  # fmt: skip
    tax_status = models.CharField(
        _("tax status"), max_length=16, choices=TaxStatus.choices, default=TaxStatus.NON_ASN
    )
    grade = models.CharField(
        _("civil service grade (golongan)"), max_length=3, choices=Grade.choices, blank=True,
        help_text=_("For a civil servant: the golongan decides the final tax (PP 80/2010)."),
    )  # fmt: skip
    has_npwp = models.BooleanField(
        _("has an NPWP (or a NIK registered as one)"), default=True,
        help_text=_("Without one a non-civil servant's PPh 21 is 20 % higher."),
    )  # fmt: skip
    is_internal = models.BooleanField(
        _("from the organising office"), default=False,
        help_text=_("The SBM pays a speaker honorarium to speakers from outside the organising "
                    "unit: an internal speaker is listed but not paid unless a reason is recorded."),
    )  # fmt: skip
    internal_pay_reason = models.CharField(
        _("reason an internal speaker is paid"), max_length=255, blank=True
    )
    rate_override = models.DecimalField(
        _("rate override (Rp)"), max_digits=12, decimal_places=0, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty: the cost standard of the event's year for the level."),
    )  # fmt: skip
    rate_override_reason = models.CharField(
        _("reason for the override"), max_length=255, blank=True
    )
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    account_number = models.CharField(_("account number"), max_length=40, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.tax_status == self.TaxStatus.ASN and not self.grade:
            errors["grade"] = _("A civil servant's tax depends on the golongan: choose it.")
        if self.rate_override is not None and not self.rate_override_reason.strip():
            errors["rate_override_reason"] = _("Say why the rate differs from the cost standard.")
        if errors:
            raise ValidationError(errors)


class AllowanceLine(models.Model):
    """An amount the event pays each participant per day: transport or uang saku,
    for one body kind or for every participant.

    The amount comes from the cost standards of the event's year (`standard`,
    the office's own figure first, then the national one), unless staff type an
    amount with the reason it differs. Amounts are whole rupiah; `tax_rate` is the
    percentage withheld, 0 for none. Speakers' honoraria are per speaker (their
    level and tax profile on `Speaker`), not a line here.
    """

    class Kind(models.TextChoices):
        TRANSPORT = "transport", _("Transport (per participant per day)")
        POCKET_MONEY = "uang_saku", _("Uang saku (per participant per day)")

    PER_DAY_KINDS = (Kind.TRANSPORT, Kind.POCKET_MONEY)

    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="allowance_lines",
        verbose_name=_("event"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    body_kind = models.CharField(
        _("body kind"),
        max_length=8,
        choices=Body.Kind.choices,
        blank=True,
        help_text=_("For transport or uang saku: whose participants; empty for everyone."),
    )
    standard = models.CharField(
        _("cost standard"),
        max_length=20,
        choices=CostStandard.Item.choices,
        blank=True,
        help_text=_("The line of the cost standards of the event's year the amount comes from."),
    )
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=12, decimal_places=0, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Empty: the cost standard's figure. Typed: an override, with its reason."),
    )  # fmt: skip
    override_reason = models.CharField(_("reason for the amount"), max_length=255, blank=True)
    tax_rate = models.DecimalField(
        _("tax rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Withheld from the amount, e.g. 5 for PPh 21 at 5 %; 0 for none."),
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("allowance line")
        verbose_name_plural = _("allowance lines")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "body_kind"],
                name="allowance_line_once_per_kind_and_body_kind",
                violation_error_message=_(
                    "This event already has an amount of this kind for these participants."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="allowance_line_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(tax_rate__gte=0, tax_rate__lte=100),
                name="allowance_line_tax_rate_percent",
                violation_error_message=_("A tax rate is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | ~Q(standard=""),
                name="allowance_line_amount_or_standard",
                violation_error_message=_(
                    "Choose the cost standard the amount comes from, or type the amount."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    def clean(self) -> None:
        if self.amount is None and not self.standard:
            raise ValidationError(
                {
                    "standard": _(
                        "Choose the cost standard the amount comes from, or type the amount."
                    )
                }
            )
        if self.amount is not None and not self.override_reason.strip():
            raise ValidationError(
                {
                    "override_reason": _(
                        "Say why this amount is typed rather than taken from the cost standards."
                    )
                }
            )
