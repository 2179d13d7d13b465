"""Elections, training events (Bimtek) and the quota rules that say who may come."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.model_fields import optional_fk
from bodies.models import Body, District, Province, Regency, Village

# The payment models live in models_spj; imported here so Django registers them and
# `events.models.CostStandard` keeps working for every caller.
from events.models_spj import AllowanceLine, CostStandard, Speaker  # noqa: F401

# An event's targets, each a percentage or empty: checked by the database and by clean().
PERCENT_FIELDS = ("participation_target", "attendance_target")
PERCENT_MESSAGE = _("A target is a percentage between 0 and 100.")


def percent_target(verbose_name) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, null=True, blank=True)


def percent_constraint(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
        name=f"event_{field}_percent",
        violation_error_message=PERCENT_MESSAGE,
    )


# A title goes into e-mail subjects, where a line break is refused (BadHeaderError) and
# every notice of the event stopped without a word (issue #17 finding 9).
ONE_LINE = RegexValidator(
    r"[\x00-\x1f\x7f\u2028\u2029]",
    inverse_match=True,
    message=_("Write it on one line: a line break or tab stops the event's e-mails."),
    code="line_break",
)


class Election(models.Model):
    class Kind(models.TextChoices):
        PEMILU = "pemilu", _("General election (Pemilu)")
        PILKADA = "pilkada", _("Regional election (Pilkada)")
        PILGUB = "pilgub", _("Governor election (Pilgub)")
        PILBUP = "pilbup", _("Regent/mayor election (Pilbup/Pilwalkot)")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    voting_day = models.DateField(_("voting day"))
    provinces = models.ManyToManyField(Province, blank=True, verbose_name=_("provinces"))
    regencies = models.ManyToManyField(Regency, blank=True, verbose_name=_("regencies"))

    class Meta:
        ordering = ["-voting_day", "name"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Registration open")
        CLOSED = "closed", _("Registration closed")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    organiser = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="organised_events", verbose_name=_("organiser")
    )
    election = optional_fk(
        Election, models.PROTECT, related_name="events", verbose_name=_("election")
    )
    title = models.CharField(_("title"), max_length=255, validators=[ONE_LINE])
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    plenary_date = models.DateField(_("plenary decision date"), null=True, blank=True)
    plenary_place = models.CharField(_("plenary place"), max_length=200, blank=True)
    plenary_ba_number = models.CharField(
        _("plenary berita acara number"), max_length=80, blank=True
    )
    declared_total = models.PositiveIntegerField(
        _("declared total participants"),
        null=True,
        blank=True,
        help_text=_("The total the plenary decision declared; compared with the derived total."),
    )
    participation_target = percent_target(_("voter participation target (%)"))
    attendance_target = percent_target(_("attendance target (%)"))
    contact_name = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Named in the invitation letter for questions about the event."),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    training_hours = models.PositiveSmallIntegerField(
        _("training hours (JP)"), null=True, blank=True,
        help_text=_("Printed on the certificates; empty: the agenda's sessions in 45-minute hours."),
    )  # fmt: skip
    # The heads of the SPJ payment lists (uang transport, honorarium).
    funding_source = models.CharField(
        _("source of funds"), max_length=200, blank=True,
        help_text=_("E.g. DIPA KPU Kabupaten Tebo TA 2024, or Hibah (NPHD) Pilkada 2024."),
    )  # fmt: skip
    payment_basis = models.CharField(
        _("basis of payment (dasar)"), max_length=200, blank=True,
        help_text=_("The number of the invitation or decree the payment rests on."),
    )  # fmt: skip
    transport_account_code = models.CharField(
        _("account code (MAK), transport"), max_length=60, blank=True,
        help_text=_("E.g. 524113 (transport lokal), as the office's DIPA has it."),
    )  # fmt: skip
    honorarium_account_code = models.CharField(
        _("account code (MAK), honorarium"), max_length=60, blank=True,
        help_text=_("E.g. 522151 (honorarium narasumber), as the office's DIPA has it."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-first_day", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="event_last_day_not_before_first",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            *(percent_constraint(field) for field in PERCENT_FIELDS),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> list[date]:
        """Every day of the event, the first and the last included."""
        span = (self.last_day - self.first_day).days
        return [self.first_day + timedelta(days=n) for n in range(span + 1)]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.first_day and self.last_day and self.last_day < self.first_day:
            errors["last_day"] = _("The last day cannot be before the first day.")
        for field in PERCENT_FIELDS:
            value = getattr(self, field)
            if value is not None and not Decimal("0") <= value <= Decimal("100"):
                errors[field] = PERCENT_MESSAGE
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if errors:
            raise ValidationError(errors)


def owning_event(*, related_name: str) -> models.ForeignKey:
    """The event a row belongs to and goes with (a material, a test, a desk's device)."""
    return models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("event")
    )


class LegalBasis(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="legal_bases")
    text = models.TextField(_("regulation"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal basis")

    def __str__(self) -> str:
        return self.text


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("start"))
    end_time = models.TimeField(_("end"), null=True, blank=True)
    session = models.CharField(_("session"), max_length=255)
    speaker = optional_fk(
        Speaker, models.SET_NULL, related_name="agenda_items", verbose_name=_("speaker")
    )

    class Meta:
        ordering = ["day", "start_time", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return f"{self.day} {self.start_time:%H.%M} {self.session}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        # In an admin inline the event may be unsaved yet: use it as it is.
        event = getattr(self, "event", None)
        if event and event.first_day and event.last_day and self.day:
            if not event.first_day <= self.day <= event.last_day:
                errors["day"] = _("The day must be one of the event's days.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("A session must end after it starts.")
        if errors:
            raise ValidationError(errors)


class ParticipantRole(models.TextChoices):
    """The capacity a participant comes in, as a quota rule asks for it."""

    ANY = "any", _("Any member or staff")
    COMMISSIONER = "commissioner", _("Chair or member")
    SOSDIKLIH = "sosdiklih", _("Member for Sosdiklih, Parmas dan SDM")
    SECRETARIAT = "secretariat", _("Secretariat staff")


# Whom a role means in a body, as official documents say it: one wording everywhere, the
# surat undangan's ("Anggota PPS yang membidangi ..."), not "Anggota Divisi ..." here and
# "penanggung jawab ..." there. Indonesian only, as the documents are.
ROLE_WORDS = {
    ParticipantRole.SOSDIKLIH: "Anggota {kind} yang membidangi Sosialisasi, Pendidikan Pemilih, "
    "Partisipasi Masyarakat dan SDM",
    ParticipantRole.SECRETARIAT: "Staf sekretariat {kind}",
    ParticipantRole.COMMISSIONER: "Ketua atau anggota {kind}",
    ParticipantRole.ANY: "Anggota atau staf sekretariat {kind}",
}


def participant_role_words(*, role: str, kind: str) -> str:
    """ "Anggota PPS yang membidangi Sosialisasi, ..." for role sosdiklih and kind "PPS"."""
    return ROLE_WORDS[ParticipantRole(role)].format(kind=kind)


class QuotaRule(models.Model):
    """Who may come, and how many seats they have.

    A FIXED rule gives `seats` to one body (24 for KPU Kabupaten Tebo); a
    PER_UNIT rule gives `seats` to *every* unit of `body_kind` in the
    organiser's area (1 per PPS), so the expected total follows the region data
    and is never typed in.

    How a seat is held: a registration takes seat number 1..seats of its
    (rule, unit) pair, and a partial unique constraint on (rule, unit,
    seat_number) over active registrations makes the database refuse a second
    holder of the same seat. The service computes the lowest free number under
    a row lock on the rule (PostgreSQL) or the IMMEDIATE write lock (SQLite),
    so a unit can never hold more than `seats` active registrations, and
    cancelling frees the seat without any counter to keep in step.
    """

    class Scope(models.TextChoices):
        FIXED = "fixed", _("Fixed number for one body")
        PER_UNIT = "per_unit", _("Per unit in the organiser's area")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quota_rules")
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    body_kind = models.CharField(_("body kind"), max_length=8, choices=Body.Kind.choices)
    body = optional_fk(
        Body,
        models.PROTECT,
        related_name="quota_rules",
        verbose_name=_("body"),
        help_text=_("Only for a fixed rule: the body whose people fill the seats."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.ANY
    )
    seats = models.PositiveIntegerField(_("seats"), help_text=_("Per unit for a per-unit rule."))
    label = models.CharField(_("label"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("quota rule")
        verbose_name_plural = _("quota rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="fixed", body__isnull=False)
                | Q(scope="per_unit", body__isnull=True),
                name="quota_rule_fixed_has_body_per_unit_has_none",
                violation_error_message=_(
                    "A fixed rule needs a body; a per-unit rule must not have one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scope="fixed") | Q(body_kind__in=["PPK", "PPS"]),
                name="quota_rule_per_unit_only_for_ad_hoc_bodies",
                violation_error_message=_("A per-unit rule is only for PPK or PPS."),
            ),
            # Two constraints, not one with `body` in it: NULLs are distinct in
            # a unique index, so per-unit rules (body NULL) would never clash.
            models.UniqueConstraint(
                fields=["event", "body", "role"],
                condition=Q(scope="fixed"),
                name="quota_rule_unique_fixed_per_event",
                violation_error_message=_("This event already has a rule for this body and role."),
            ),
            models.UniqueConstraint(
                fields=["event", "body_kind", "role"],
                condition=Q(scope="per_unit"),
                name="quota_rule_unique_per_unit_per_event",
                violation_error_message=_(
                    "This event already has a per-unit rule for this body kind and role."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.get_body_kind_display()} / {self.get_role_display()}"

    def clean(self) -> None:
        """Rules about the row itself; rules about other rows are in `quota_rule_validate`."""
        errors: dict[str, str] = {}
        # Negative numbers are refused by the field itself; zero is refused here.
        if self.seats == 0:
            errors["seats"] = _("A rule gives at least one seat.")
        if self.scope == self.Scope.FIXED:
            if self.body_id is None:
                errors["body"] = _("A fixed rule needs the body whose people fill the seats.")
            elif self.body_kind and self.body.kind != self.body_kind:
                errors["body"] = _("%(body)s is a %(kind)s, not a %(expected)s.") % {
                    "body": self.body,
                    "kind": self.body.get_kind_display(),
                    "expected": self.get_body_kind_display(),
                }
        elif self.scope == self.Scope.PER_UNIT:
            if self.body_id is not None:
                errors["body"] = _("A per-unit rule applies to every unit: leave the body empty.")
            if self.body_kind and self.body_kind not in Body.AD_HOC_KINDS:
                errors["body_kind"] = _(
                    "A per-unit rule is only for PPK or PPS; give a KPU office a fixed rule."
                )
        if errors:
            raise ValidationError(errors)


class TurnoutResult(models.Model):
    """Registered voters (DPT) and votes cast for one election in one region.

    Exactly one of regency, district, village is set: results are entered at
    whichever level the office has them.
    """

    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="turnout_results",
        verbose_name=_("election"),
    )
    regency = optional_fk(Regency, models.PROTECT, verbose_name=_("regency"))
    district = optional_fk(District, models.PROTECT, verbose_name=_("district"))
    village = optional_fk(Village, models.PROTECT, verbose_name=_("village"))
    registered_voters = models.PositiveIntegerField(_("registered voters (DPT)"))
    votes_cast = models.PositiveIntegerField(_("votes cast"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the figures come from; say so when they are illustrative."),
    )

    class Meta:
        verbose_name = _("turnout result")
        verbose_name_plural = _("turnout results")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_cast__lte=models.F("registered_voters")),
                name="turnout_votes_not_above_dpt",
                violation_error_message=_("Votes cast cannot exceed the registered voters."),
            ),
            models.CheckConstraint(
                condition=Q(regency__isnull=False, district__isnull=True, village__isnull=True)
                | Q(regency__isnull=True, district__isnull=False, village__isnull=True)
                | Q(regency__isnull=True, district__isnull=True, village__isnull=False),
                name="turnout_exactly_one_region",
                violation_error_message=_(
                    "Choose exactly one region: a regency, a district or a village."
                ),
            ),
            models.UniqueConstraint(fields=["election", "regency"], name="turnout_unique_regency"),
            models.UniqueConstraint(
                fields=["election", "district"], name="turnout_unique_district"
            ),
            models.UniqueConstraint(fields=["election", "village"], name="turnout_unique_village"),
        ]

    def __str__(self) -> str:
        return f"{self.election} / {self.region}"

    @property
    def region(self):
        return self.village or self.district or self.regency

    @property
    def participation(self) -> Decimal | None:
        """Votes cast / DPT in percent, two decimals."""
        if not self.registered_voters:
            return None
        return (Decimal(self.votes_cast) * 100 / Decimal(self.registered_voters)).quantize(
            Decimal("0.01")
        )
