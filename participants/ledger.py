"""The seat ledger: which seats an event's quota rules give, which are taken, which is next.

Everything that counts, picks or locks seats lives here, beside `Registration`, so
the public event page, the form, the registration service, the staff overview, the
rekapitulasi and the demo count seats one way. Which units a rule covers (and so how
many seats the rules give in all) is about the rule alone and stays with it in
`events.selectors` (`units_for_rule`, `units_of_kinds`, `expected_totals`): the
events app sees no registration.

How a seat is held (see `QuotaRule`): a registration takes the lowest free seat
number of its (rule, unit) under the rule lock (`rule_lock`), found in a few index
entries whatever the number of seats (`SEAT_SQL`), and a partial unique
constraint on (rule, unit, seat number) over active registrations refuses a
second holder. Anything that changes who holds a rule's seats, or what the rule
gives, takes that lock first: registering, substituting, changing the rule
(`rule_change_errors`, which `events.services.quota_rule_validate` reaches through
the `quota_rule_changing` signal).

Queries: `quota_overview` 3 whatever the number of units, `seat_summary` 3
aggregates, `quota_full_error` 1 plus 4 per rule of the unit's kind, whatever the
number of units. What the registration form offers is in `form_choices`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from bodies.labels import unit_label
from bodies.models import Body, District
from events.models import Event, ParticipantRole, QuotaRule
from events.selectors import units_for_rule, units_of_kinds

from . import errors
from .models import ACTIVE_STATUSES, Registration

# How the overview buckets bodies: every KPU office is "KPU".
KIND_BUCKETS = ("KPU", "PPK", "PPS")
# A fixed rule's choice in the form's "I represent" list: "body-<id>".
FIXED_PREFIX = "body-"


def kind_bucket(kind: str) -> str:
    return kind if kind in (Body.Kind.PPK, Body.Kind.PPS) else "KPU"


# --- seats taken ---------------------------------------------------------------


def holders() -> QuerySet[Registration]:
    """Registrations holding a seat: pending or verified (rejected and cancelled free theirs).

    Unordered: Registration's default order joins the event and the unit to sort rows
    that are only counted or collected here (registration's busiest query).
    """
    return Registration.objects.active().order_by()


def taken_in_unit(rule: QuotaRule) -> Count:
    """For `.annotate(taken=...)` on units: seats of `rule` held in each unit."""
    return Count(
        "registrations",
        filter=Q(registrations__quota_rule=rule, registrations__status__in=ACTIVE_STATUSES),
    )


def taken_counts(*, event: Event) -> dict[tuple[int, int], int]:
    """Seats held per (rule id, unit id), in one aggregate query."""
    rows = holders().filter(event=event).values("quota_rule_id", "unit_id").annotate(n=Count("id"))
    return {(row["quota_rule_id"], row["unit_id"]): row["n"] for row in rows.order_by()}


def seats_taken_total(*, event: Event) -> int:
    """Seats held in the whole event, in one query."""
    return holders().filter(event=event).count()


def lowest_free_seat(*, rule: QuotaRule, unit: Body) -> int | None:
    """The lowest free seat number of (rule, unit), None when all are taken; one query."""
    return lowest_free_seat_and_nik_holder(rule=rule, unit=unit, nik=None)[0]


def lowest_free_seat_and_nik_holder(
    *, rule: QuotaRule, unit: Body, nik: str | None
) -> tuple[int | None, bool]:
    """The lowest free seat of (rule, unit) (None when full), and whether `nik` holds a
    seat of the event: one query for both, as registration is the portal's busiest write.

    The query reads a handful of index entries whatever the rule's size or the seats held
    (see `SEAT_SQL`), so a registration costs the same on a 24-seat rule as on a
    100,000-seat one with 50,000 held. Call it under the rule lock: what it returns is
    then still free when the seat is taken.
    """
    with connection.cursor() as cursor:
        cursor.execute(seat_sql(), seat_params(rule=rule, unit=unit, nik=nik))
        top, freed, nik_held = cursor.fetchone()
    lowest = (top or 0) + 1
    if freed is not None:
        lowest = min(lowest, freed)
    return (lowest if lowest <= rule.seats else None), bool(nik_held)


# Seats are handed out lowest first (a substitute takes the seat of the one they
# replace) and registrations are never deleted, only rejected or cancelled. So every
# number below the highest seat held was held once, and one that is not held now is the
# seat of a rejected or cancelled registration whose row still carries it. The lowest
# free seat is therefore the lowest such freed number, or the one above the highest held:
# index lookups in the partial indexes on (rule, unit, seat number) for held rows
# (`registration_one_holder_per_seat`) and for freed ones (`registration_freed_seat`),
# instead of reading every seat held, which grew with the rule. Freed rows are read in
# seat order and the first one not held again ends the search.
#
# Written as SQL, not built with the ORM: building and compiling three nested
# querysets cost a quarter of the registration service's CPU. The statuses are written
# in, as the partial indexes' conditions are, so that both databases match them.
# "Held again?" is a scalar subquery, not NOT EXISTS: PostgreSQL turns NOT EXISTS into
# an anti join, which on fresh rows (no statistics yet) it ran as a scan of every seat
# held for each freed one; a scalar subquery stays one index probe per freed row.
SEAT_SQL = """
SELECT
  (SELECT h.seat_number FROM {table} h
    WHERE h.quota_rule_id = %s AND h.unit_id = %s AND {held_h}
    ORDER BY h.seat_number DESC LIMIT 1),
  (SELECT f.seat_number FROM {table} f
    WHERE f.quota_rule_id = %s AND f.unit_id = %s AND NOT ({held_f})
      AND (SELECT h.id FROM {table} h
            WHERE h.quota_rule_id = %s AND h.unit_id = %s AND {held_h}
              AND h.seat_number = f.seat_number
            LIMIT 1) IS NULL
    ORDER BY f.seat_number LIMIT 1),
  EXISTS (SELECT 1 FROM {table} n WHERE n.event_id = %s AND n.nik = %s AND {held_n})
"""


@functools.cache
def seat_sql() -> str:
    """SEAT_SQL with the table and the active statuses written in."""
    quote = connection.ops.quote_name
    statuses = ", ".join(f"'{status}'" for status in ACTIVE_STATUSES)
    return SEAT_SQL.format(
        table=quote(Registration._meta.db_table),
        held_h=f"h.status IN ({statuses})",
        held_f=f"f.status IN ({statuses})",
        held_n=f"n.status IN ({statuses})",
    )


def seat_params(*, rule: QuotaRule, unit: Body, nik: str | None) -> list:
    seat = [rule.pk, unit.pk]
    return [*seat, *seat, *seat, rule.event_id, nik]


def rule_lock(*, rule_id: int) -> QuotaRule:
    """The rule's row, locked until the transaction ends: every change to who holds its
    seats, or to what it gives, waits here for the one before it (PostgreSQL FOR UPDATE;
    SQLite's IMMEDIATE transactions already hold the write lock from BEGIN).

    Lock order: the event (FOR SHARE, by the registration service) before the rule.
    """
    return QuotaRule.objects.select_for_update().get(pk=rule_id)


def quota_full_error(*, rule: QuotaRule, unit: Body) -> errors.QuotaFull:
    """Says which unit and role is full and what is still open for the same kind of body."""
    still_open = []
    others = QuotaRule.objects.filter(event_id=rule.event_id, body_kind=rule.body_kind)
    for other in others.select_related("event__organiser"):
        # Counted in the database, three examples read: a national rule has 83,762 PPS,
        # and reading them all made a refused post cost seconds of CPU.
        held = holders().filter(quota_rule=other).exclude(unit=unit)
        full = held.values("unit").annotate(n=Count("id")).filter(n__gte=other.seats)
        open_units = (
            units_for_rule(rule=other).exclude(pk=unit.pk).exclude(pk__in=full.values("unit"))
        )
        count = open_units.count()
        if count:
            seats = other.seats * count - held.exclude(unit__in=full.values("unit")).count()
            # The first three by name, then their labels' regions: sorting narrow rows.
            first = list(open_units.order_by("name").values_list("pk", flat=True)[:3])
            examples = (
                Body.objects.filter(pk__in=first)
                .select_related("village", "district")
                .order_by("name")
            )
            still_open.append(
                _("%(role)s: %(seats)d seat(s) in %(units)d unit(s), e.g. %(examples)s")
                % {
                    "role": other.get_role_display(),
                    "seats": seats,
                    "units": count,
                    "examples": ", ".join(unit_label(open_unit) for open_unit in examples),
                }
            )
    message = _("%(unit)s has no free seat left for %(role)s: all %(seats)d are taken.") % {
        "unit": unit_label(unit),
        "role": rule.get_role_display(),
        "seats": rule.seats,
    }
    if still_open:
        message += " " + _("Still open for %(kind)s: %(open)s.") % {
            "kind": rule.get_body_kind_display(),
            "open": "; ".join(still_open),
        }
    else:
        message += " " + _("No other %(kind)s seat is open for this event.") % {
            "kind": rule.get_body_kind_display()
        }
    return errors.QuotaFull(message)


# --- a rule changing under its seats ---------------------------------------------


def rule_change_errors(*, rule: QuotaRule) -> dict[str, str]:
    """What a change to a stored rule would break for the registrations holding its seats,
    as {field: message}; empty when it fits.

    Takes the rule lock as `registration_create` does, so a registration and this
    change wait for each other and neither decides on what the other is changing;
    call it inside the transaction that saves the rule. The stored row is read here
    because `rule` may already carry the new values.
    """
    try:
        stored = rule_lock(rule_id=rule.pk)
    except QuotaRule.DoesNotExist:  # deleted meanwhile: nothing holds its seats
        return {}
    active = holders().filter(quota_rule_id=rule.pk)
    moved = [
        name
        for name in ("scope", "body_kind", "body_id")
        if getattr(stored, name) != getattr(rule, name)
    ]
    if moved:
        held = active.count()
        if held:
            # A registration's unit comes from the rule's scope, kind and body:
            # moving them would leave people in seats the rule no longer gives.
            return {
                moved[0].removesuffix("_id"): _(
                    "This rule already has %(n)s active registrations: its scope, body kind "
                    "and body cannot change. Cancel or reject them first, or add a new rule."
                )
                % {"n": held}
            }
    found: dict[str, str] = {}
    if rule.role and rule.role != ParticipantRole.ANY and rule.role != stored.role:
        others = sorted(set(active.exclude(role=rule.role).values_list("role", flat=True)))
        if others:
            found["role"] = _(
                "This rule has active registrations with another role (%(roles)s): "
                "its role cannot become “%(role)s”."
            ) % {
                "roles": ", ".join(str(ParticipantRole(r).label) for r in others),
                "role": rule.get_role_display(),
            }
    if rule.seats is not None and rule.seats < stored.seats:
        # The highest seat number held, not the count: the service gives the lowest
        # free number, so with seats 1 and 3 held and 2 seats, seat 2 would be given
        # again and the unit would hold three people.
        fullest = (
            active.values("unit_id", "unit__name")
            .annotate(n=Count("id"), top=Max("seat_number"))
            .order_by("-top", "-n")
            .first()
        )
        if fullest and rule.seats < fullest["top"]:
            found["seats"] = _(
                "The seats cannot go below %(top)s: %(unit)s already has %(n)s active "
                "registrations for this rule (up to seat number %(top)s). Cancel or reject "
                "registrations first."
            ) % {"top": fullest["top"], "unit": fullest["unit__name"], "n": fullest["n"]}
    return found


def refuse_stranding_change(sender, *, rule: QuotaRule, **kwargs) -> dict[str, str]:
    """Receiver of `events.signals.quota_rule_changing` (connected in apps.py)."""
    return rule_change_errors(rule=rule)


# --- overview and summary ----------------------------------------------------------


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


def quota_overview(*, event: Event) -> QuotaOverview:
    """Seats, taken and free per rule, per unit, per body kind and per kecamatan.

    Three queries whatever the number of units (the event's organiser must be
    loaded, e.g. with `select_related("organiser")`, or it costs one more).
    """
    rules = list(event.quota_rules.select_related("body__district").order_by("order", "id"))
    per_unit_kinds = {r.body_kind for r in rules if r.scope == QuotaRule.Scope.PER_UNIT}
    units_by_kind: dict[str, list[Body]] = {kind: [] for kind in per_unit_kinds}
    if per_unit_kinds:
        units = units_of_kinds(organiser=event.organiser, kinds=per_unit_kinds).select_related(
            "district", "village"
        )
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
            units_of_kinds(organiser=event.organiser, kinds=kinds)
            .values("kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        units = {row["kind"]: row["n"] for row in rows}
    taken = dict(
        holders()
        .filter(event=event)
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
