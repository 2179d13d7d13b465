"""Reads about events: which a staff account may see, who may come, how many seats are
taken, whether registration is open.

`quota_overview` costs the same three queries for a regency with 12 kecamatan as for
a province with 5,000 desa: one for the rules, one for every unit of the per-unit
kinds, one aggregate of active registrations per (rule, unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.models import Body, District
from bodies.selectors import AREA_FIELDS, area_filter, staff_office
from participants.models import ACTIVE_STATUSES, Registration

from .dates import datetime_id
from .models import Event, QuotaRule

# How the overview buckets bodies: every KPU office is "KPU".
KIND_BUCKETS = ("KPU", "PPK", "PPS")


def kind_bucket(kind: str) -> str:
    return kind if kind in (Body.Kind.PPK, Body.Kind.PPS) else "KPU"


def event_scope(*, user, prefix: str = "") -> Q:
    """The events a staff account may see, as a filter.

    Superusers see every event; an account linked to a KPU office sees the events
    organised inside that office's area (KPU Kabupaten/Kota: its regency; KPU
    Provinsi: its province with its regencies; KPU RI: all); an account linked to
    none sees nothing. On another model, `prefix` is the path to its event
    ("event__" for registrations, "registration__event__" for log entries).
    """
    if user.is_superuser:
        return Q()
    office = staff_office(user)
    if office is None:
        return Q(**{f"{prefix}pk__in": []})  # Django answers this without a query
    return area_filter(office, prefix=f"{prefix}organiser__")


def events_visible_to(*, user, queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Events (or the given queryset of them) the account may see; see `event_scope`."""
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.filter(event_scope(user=user))


def event_for_staff(*, user, slug: str) -> Event:
    """One event for a staff page, with its organiser; 404 when the account may not see it,
    exactly as when no event has the slug, so a page never tells another office's slugs."""
    return get_object_or_404(events_visible_to(user=user).select_related("organiser"), slug=slug)


def turnout_scope(*, user) -> Q:
    """The turnout results (regency, kecamatan or desa rows) inside the account's office area."""
    if user.is_superuser:
        return Q()
    office = staff_office(user)
    if office is None:
        return Q(pk__in=[])
    match office.kind:
        case Body.Kind.KPU_RI:
            return Q()
        case Body.Kind.KPU_PROVINSI:
            path, value = "province_id", office.province_id
        case _:
            path, value = "id", office.regency_id
    return (
        Q(**{f"regency__{path}": value})
        | Q(**{f"district__regency__{path}": value})
        | Q(**{f"village__district__regency__{path}": value})
    )


def lacks_office(user) -> bool:
    """A staff account that sees no event because nobody linked it to its KPU office."""
    return not user.is_superuser and staff_office(user) is None


def units_for_rule(*, rule: QuotaRule) -> QuerySet[Body]:
    """The bodies a rule gives seats to: its body (fixed), or every unit of its kind around."""
    if rule.scope == QuotaRule.Scope.FIXED:
        return Body.objects.filter(pk=rule.body_id)
    return Body.objects.filter(area_filter(rule.event.organiser), kind=rule.body_kind)


@dataclass
class Tally:
    """Seats, taken and free: of one unit under one rule, or summed over a group."""

    seats: int = 0
    taken: int = 0

    @property
    def free(self) -> int:
        return max(self.seats - self.taken, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.taken / self.seats) if self.seats else 0

    def add(self, line: UnitLine) -> None:
        self.seats += line.seats
        self.taken += line.taken


@dataclass(kw_only=True)
class UnitLine(Tally):
    """One unit under one rule: its seats and how many are taken."""

    rule: QuotaRule
    unit: Body


@dataclass
class RuleOverview(Tally):
    rule: QuotaRule | None = None
    lines: list[UnitLine] = field(default_factory=list)

    @property
    def units(self) -> int:
        return len(self.lines)

    @property
    def units_missing(self) -> list[Body]:
        return [line.unit for line in self.lines if line.taken == 0]


@dataclass
class KindOverview(Tally):
    """Totals for KPU, PPK or PPS; a unit is missing when nobody came for it under any rule."""

    kind: str = ""
    unit_taken: dict[int, int] = field(default_factory=dict)
    unit_bodies: dict[int, Body] = field(default_factory=dict)

    def add(self, line: UnitLine) -> None:
        super().add(line)
        self.unit_taken[line.unit.pk] = self.unit_taken.get(line.unit.pk, 0) + line.taken
        self.unit_bodies[line.unit.pk] = line.unit

    @property
    def units(self) -> int:
        return len(self.unit_taken)

    @property
    def missing(self) -> list[Body]:
        return [self.unit_bodies[pk] for pk, taken in self.unit_taken.items() if taken == 0]

    @property
    def units_missing(self) -> int:
        return len(self.missing)


@dataclass
class DistrictGroup(Tally):
    """A kecamatan: its PPK's lines, then its desa/kelurahan's PPS lines."""

    district: District | None = None
    ppk_lines: list[UnitLine] = field(default_factory=list)
    pps_lines: list[UnitLine] = field(default_factory=list)


@dataclass
class QuotaOverview:
    event: Event
    rules: list[RuleOverview]
    kinds: dict[str, KindOverview]
    districts: list[DistrictGroup]
    expected_total: int
    taken_total: int

    @property
    def declared_total(self) -> int | None:
        return self.event.declared_total

    @property
    def totals_differ(self) -> bool:
        return self.declared_total is not None and self.declared_total != self.expected_total

    @property
    def free_total(self) -> int:
        return max(self.expected_total - self.taken_total, 0)

    @property
    def missing_units(self) -> list[Body]:
        """Units nobody has registered for yet, KPU offices first, then PPK, then PPS."""
        return [body for kind in KIND_BUCKETS for body in self.kinds[kind].missing]


def taken_counts(*, event: Event) -> dict[tuple[int, int], int]:
    """Active registrations per (rule id, unit id), in one aggregate query."""
    rows = (
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .values("quota_rule_id", "unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["quota_rule_id"], row["unit_id"]): row["n"] for row in rows}


def quota_overview(*, event: Event) -> QuotaOverview:
    """Seats, taken and free per rule, per unit, per body kind and per kecamatan.

    Three queries whatever the number of units (the event's organiser must be
    loaded, e.g. with `select_related("organiser")`, or it costs one more).
    """
    rules = list(event.quota_rules.select_related("body__district").order_by("order", "id"))
    per_unit_kinds = {r.body_kind for r in rules if r.scope == QuotaRule.Scope.PER_UNIT}
    units_by_kind: dict[str, list[Body]] = {kind: [] for kind in per_unit_kinds}
    if per_unit_kinds:
        units = Body.objects.filter(
            area_filter(event.organiser), kind__in=per_unit_kinds
        ).select_related("district", "village")
        for unit in units.order_by("district__code", "village__code", "satker_code", "id"):
            units_by_kind[unit.kind].append(unit)
    counts = taken_counts(event=event)

    kinds = {kind: KindOverview(kind=kind) for kind in KIND_BUCKETS}
    groups: dict[int | None, DistrictGroup] = {}
    rule_overviews = []
    for rule in rules:
        overview = RuleOverview(rule=rule)
        units = (
            [rule.body] if rule.scope == QuotaRule.Scope.FIXED else units_by_kind[rule.body_kind]
        )
        for unit in units:
            line = UnitLine(
                rule=rule, unit=unit, seats=rule.seats, taken=counts.get((rule.pk, unit.pk), 0)
            )
            overview.lines.append(line)
            overview.add(line)
            kinds[kind_bucket(unit.kind)].add(line)
            if unit.kind in Body.AD_HOC_KINDS:
                group = groups.setdefault(unit.district_id, DistrictGroup(district=unit.district))
                (group.ppk_lines if unit.kind == Body.Kind.PPK else group.pps_lines).append(line)
                group.add(line)
        rule_overviews.append(overview)

    for group in groups.values():
        group.pps_lines.sort(
            key=lambda line: (line.unit.village.code, line.rule.order, line.rule.pk)
        )
    districts = sorted(groups.values(), key=lambda g: g.district.code if g.district else "")
    return QuotaOverview(
        event=event,
        rules=rule_overviews,
        kinds=kinds,
        districts=districts,
        expected_total=sum(r.seats for r in rule_overviews),
        taken_total=sum(r.taken for r in rule_overviews),
    )


@dataclass(kw_only=True)
class RuleSeats(Tally):
    rule: QuotaRule
    units: int


@dataclass
class SeatSummary:
    """Seats per rule without the units themselves: what the public page shows."""

    rules: list[RuleSeats]

    @property
    def expected_total(self) -> int:
        return sum(r.seats for r in self.rules)

    @property
    def taken_total(self) -> int:
        return sum(r.taken for r in self.rules)

    @property
    def free_total(self) -> int:
        return sum(r.free for r in self.rules)


def seat_summary(*, event: Event) -> SeatSummary:
    """Seats, taken and free per rule in three aggregate queries, holding no unit in memory.

    The public event page uses this: a national event with 80,000 PPS costs the
    same as Tebo's.
    """
    rules = list(event.quota_rules.order_by("order", "id"))
    kinds = {r.body_kind for r in rules if r.scope == QuotaRule.Scope.PER_UNIT}
    units: dict[str, int] = {}
    if kinds:
        rows = (
            Body.objects.filter(area_filter(event.organiser), kind__in=kinds)
            .values("kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        units = {row["kind"]: row["n"] for row in rows}
    taken = dict(
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .values("quota_rule_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("quota_rule_id", "n")
    )
    lines = []
    for rule in rules:
        count = 1 if rule.scope == QuotaRule.Scope.FIXED else units.get(rule.body_kind, 0)
        lines.append(
            RuleSeats(rule=rule, units=count, seats=rule.seats * count, taken=taken.get(rule.pk, 0))
        )
    return SeatSummary(rules=lines)


def event_registration_closed_reason(*, event: Event, now: datetime | None = None) -> str | None:
    """None while people may register; otherwise why not, in a sentence for the public."""
    now = now or timezone.now()
    match event.status:
        case Event.Status.DRAFT:
            return _("Registration is not open yet: the event is still being prepared.")
        case Event.Status.CANCELLED:
            return _("This event has been cancelled.")
        case Event.Status.HELD:
            return _("This event has already taken place.")
        case Event.Status.CLOSED:
            if event.registration_closes_at and event.registration_closes_at <= now:
                return _("Registration has been closed since %(when)s.") % {
                    "when": datetime_id(event.registration_closes_at)
                }
            return _("Registration has been closed.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration opens on %(when)s.") % {
            "when": datetime_id(event.registration_opens_at)
        }
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration has been closed since %(when)s.") % {
            "when": datetime_id(event.registration_closes_at)
        }
    return None


def open_events(*, now: datetime | None = None) -> QuerySet[Event]:
    """Events people may register for right now, soonest first."""
    now = now or timezone.now()
    return (
        Event.objects.filter(status=Event.Status.OPEN)
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .select_related("organiser", "election")
        .order_by("first_day", "title")
    )


def recent_events(*, limit: int = 6, now: datetime | None = None) -> QuerySet[Event]:
    """Published events that are not open right now (closed, held, or waiting to open)."""
    open_ids = open_events(now=now).values("pk")
    return (
        Event.objects.exclude(status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
        .exclude(pk__in=open_ids)
        .select_related("organiser")
        .order_by("-first_day", "title")[:limit]
    )


def event_for_page(*, slug: str) -> QuerySet[Event]:
    """A published event for its public page, in one query. The page reads its agenda,
    speakers and legal bases (three more) only when it renders them again."""
    return (
        Event.objects.exclude(status=Event.Status.DRAFT)
        .select_related("organiser", "election")
        .filter(slug=slug)
    )


def expected_totals(*, events) -> dict[int, int]:
    """The derived total of many events (a list page) in a handful of queries.

    One query for the rules, then one count of units per area level actually used
    by the organisers (at most four), however many events there are.
    """
    events = list(events)
    organisers = {e.pk: e.organiser for e in events}
    rules = list(QuotaRule.objects.filter(event_id__in=organisers).values(
        "event_id", "scope", "body_kind", "seats"
    ))  # fmt: skip
    wanted: dict[str, set] = {}
    for rule in rules:
        if rule["scope"] == QuotaRule.Scope.PER_UNIT:
            organiser = organisers[rule["event_id"]]
            level = AREA_FIELDS.get(organiser.kind)
            wanted.setdefault(level, set()).add(getattr(organiser, level) if level else None)
    counts: dict[tuple[str | None, object, str], int] = {}
    for level, area_ids in wanted.items():
        units = Body.objects.filter(kind__in=Body.AD_HOC_KINDS)
        if level:
            units = units.filter(**{f"{level}__in": area_ids})
            rows = units.values(level, "kind").annotate(n=Count("id")).order_by()
            counts.update({(level, row[level], row["kind"]): row["n"] for row in rows})
        else:
            rows = units.values("kind").annotate(n=Count("id")).order_by()
            counts.update({(None, None, row["kind"]): row["n"] for row in rows})
    totals = {pk: 0 for pk in organisers}
    for rule in rules:
        if rule["scope"] == QuotaRule.Scope.FIXED:
            totals[rule["event_id"]] += rule["seats"]
            continue
        organiser = organisers[rule["event_id"]]
        level = AREA_FIELDS.get(organiser.kind)
        area = getattr(organiser, level) if level else None
        totals[rule["event_id"]] += rule["seats"] * counts.get((level, area, rule["body_kind"]), 0)
    return totals
