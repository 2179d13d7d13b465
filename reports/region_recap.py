"""The recap of a large event, summed up by region: province, then regency.

A national event covers some 91,000 units (every KPU office, PPK and PPS): a
recap that names each of them is thousands of pages nobody reads, and reading
them means a Python object per unit. Above SUMMARY_FROM_UNITS units the
rekapitulasi and the berita acara's lampiran print one line per regency
(kabupaten/kota) under its province instead, with the same columns; the
counts come from three aggregate queries, so memory does not grow with the
units or the registrations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from events.models import Event, QuotaRule
from events.selectors import units_of_kinds
from participants.ledger import KIND_BUCKETS, kind_bucket
from participants.models import ACTIVE_STATUSES, Registration
from reports.selectors import Counts, RecapLine, recap_kinds_and_total

# Units an event covers above which its recap is summed up by region (Tebo: 141; the
# province of Jambi: about 1,700; the country: about 91,000).
SUMMARY_FROM_UNITS = 1_000
NATIONAL = "Tingkat pusat"
PROVINCIAL = "Tingkat provinsi"


def covered_units(*, event: Event) -> int:
    """How many units the event's per-unit rules give seats to (one query)."""
    kinds = event.quota_rules.filter(scope=QuotaRule.Scope.PER_UNIT).values("body_kind")
    return units_of_kinds(organiser=event.organiser, kinds=kinds).count()


def summarised_by_region(*, event: Event) -> bool:
    """Whether the event's recap is summed up by region (one query)."""
    return covered_units(event=event) > SUMMARY_FROM_UNITS


@dataclass
class RuleTotal:
    """A rule with the units it covers and the seats it gives (as `RuleOverview` has)."""

    rule: QuotaRule
    units: int
    seats: int


@dataclass
class RegionRecap:
    """What `reports.selectors.Recap` holds, with regions in place of units."""

    event: Event
    days: list[datetime.date]
    kinds: list[RecapLine]
    total: Counts
    # (province line, its regency lines); a province's own office stands first.
    provinces: list[tuple[RecapLine, list[RecapLine]]]
    rules: list[RuleTotal]
    summarised: bool = True
    kpu_lines: list[RecapLine] = field(default_factory=list)

    @property
    def one_province(self) -> bool:
        return len(self.provinces) == 1

    @property
    def units_missing(self) -> int:
        return self.total.units_missing


def _key_label(province_name: str | None, regency_name: str | None) -> str:
    if regency_name:
        return regency_name
    return PROVINCIAL if province_name else NATIONAL


@dataclass
class _Seats:
    """Where the seats are: (province code, regency code) -> names; (region, kind) -> units,
    seats; kind -> units its per-unit rules cover."""

    seats_per_unit: dict[str, int]
    names: dict[tuple, tuple[str | None, str | None]] = field(default_factory=dict)
    units: dict[tuple, int] = field(default_factory=dict)
    seats: dict[tuple, int] = field(default_factory=dict)
    units_of_kind: dict[str, int] = field(default_factory=dict)


def _seats_of_per_unit_rules(*, event: Event, tally: _Seats) -> None:
    """The units each per-unit rule covers, grouped by region and kind (one query)."""
    if not tally.seats_per_unit:
        return
    groups = (
        units_of_kinds(organiser=event.organiser, kinds=list(tally.seats_per_unit))
        .values("kind", "province__code", "province__name", "regency__code", "regency__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in groups:
        region = (row["province__code"] or "", row["regency__code"] or "")
        tally.names[region] = (row["province__name"], row["regency__name"])
        key = (region, row["kind"])
        tally.units[key] = tally.units.get(key, 0) + row["n"]
        tally.seats[key] = tally.seats.get(key, 0) + row["n"] * tally.seats_per_unit[row["kind"]]
        tally.units_of_kind[row["kind"]] = tally.units_of_kind.get(row["kind"], 0) + row["n"]


def _seats_of_fixed_rules(*, rules: list[QuotaRule], tally: _Seats) -> None:
    """The seats each fixed rule gives its body, in the body's region."""
    fixed_seen: set[int] = set()
    for rule in rules:
        if rule.scope != QuotaRule.Scope.FIXED:
            continue
        body = rule.body
        region = (
            body.province.code if body.province_id else "",
            body.regency.code if body.regency_id else "",
        )
        tally.names.setdefault(
            region,
            (
                body.province.name if body.province_id else None,
                body.regency.name if body.regency_id else None,
            ),
        )
        key = (region, body.kind)
        tally.seats[key] = tally.seats.get(key, 0) + rule.seats
        # A body that a per-unit rule covers too is one unit, counted there already.
        if body.pk not in fixed_seen and body.kind not in tally.seats_per_unit:
            tally.units[key] = tally.units.get(key, 0) + 1
        fixed_seen.add(body.pk)


def _registrations_by_region(*, event: Event, days: list[datetime.date]) -> dict[tuple, dict]:
    """(region, kind) -> registered, verified, units in and present per day (one query)."""
    annotations = {
        "registered": Count("id", distinct=True),
        "verified": Count("id", filter=Q(status=Registration.Status.VERIFIED), distinct=True),
        "units_in": Count("unit_id", distinct=True),
    }
    for index, day in enumerate(days):
        annotations[f"day{index}"] = Count(
            "attendances", filter=Q(attendances__day=day), distinct=True
        )
    taken = (
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .values("unit__kind", "unit__province__code", "unit__regency__code")
        .annotate(**annotations)
        .order_by()
    )
    return {
        (
            (row["unit__province__code"] or "", row["unit__regency__code"] or ""),
            row["unit__kind"],
        ): row
        for row in taken
    }


def _region_and_kind_lines(
    *, tally: _Seats, counted: dict[tuple, dict], days: list[datetime.date]
) -> tuple[dict[str, RecapLine], dict[tuple, RecapLine]]:
    """One line per kind bucket and one per region, each the sum of its (region, kind)."""
    kinds = {
        kind: RecapLine(label=kind, counts=Counts(present=[0] * len(days)), level="kind")
        for kind in KIND_BUCKETS
    }
    regions: dict[tuple, RecapLine] = {}
    for key in sorted(set(tally.units) | set(tally.seats) | set(counted)):
        region, kind = key
        row = counted.get(key, {})
        n_units = tally.units.get(key, 0)
        counts = Counts(
            seats=tally.seats.get(key, 0),
            registered=row.get("registered", 0),
            verified=row.get("verified", 0),
            present=[row.get(f"day{i}", 0) for i in range(len(days))],
            units=n_units,
            units_missing=max(n_units - row.get("units_in", 0), 0),
        )
        line = regions.get(region)
        if line is None:
            province_name, regency_name = tally.names.get(region, (None, None))
            line = regions[region] = RecapLine(
                label=_key_label(province_name, regency_name),
                counts=Counts(present=[0] * len(days)),
                level="region",
            )
        line.counts.add(counts)
        kinds[kind_bucket(kind)].counts.add(counts)
    return kinds, regions


def _province_groups(
    *, regions: dict[tuple, RecapLine], names: dict[tuple, tuple], days: list[datetime.date]
) -> list[tuple[RecapLine, list[RecapLine]]]:
    """Each province's head line (the sum of its regions) with its regency lines."""
    provinces: list[tuple[RecapLine, list[RecapLine]]] = []
    current = None
    for region in sorted(regions):
        province_code = region[0]
        if current is None or current[0] != province_code:
            province_name = names.get(region, (None, None))[0]
            head = RecapLine(
                label=province_name or NATIONAL,
                counts=Counts(present=[0] * len(days)),
                level="province",
            )
            current = (province_code, head, [])
            provinces.append((head, current[2]))
        current[1].counts.add(regions[region].counts)
        if province_code:  # the national office's line is its own head, with nothing under it
            current[2].append(regions[region])
    return provinces


def _rule_totals(*, rules: list[QuotaRule], units_of_kind: dict[str, int]) -> list[RuleTotal]:
    return [
        RuleTotal(rule=rule, units=1, seats=rule.seats)
        if rule.scope == QuotaRule.Scope.FIXED
        else RuleTotal(
            rule=rule,
            units=units_of_kind.get(rule.body_kind, 0),
            seats=rule.seats * units_of_kind.get(rule.body_kind, 0),
        )
        for rule in rules
    ]


def region_recap(*, event: Event) -> RegionRecap:
    """Seats, registered, verified and present per day: per kind, per province, per regency.

    Three queries: the rules, units per region and kind, registrations per region
    and kind (with attendance per day); whatever the number of units or people.
    """
    days = event.days
    rules = list(
        event.quota_rules.select_related("body__province", "body__regency").order_by("order", "id")
    )
    seats_per_unit: dict[str, int] = {}
    for rule in rules:
        if rule.scope == QuotaRule.Scope.PER_UNIT:
            seats_per_unit[rule.body_kind] = seats_per_unit.get(rule.body_kind, 0) + rule.seats
    tally = _Seats(seats_per_unit=seats_per_unit)
    _seats_of_per_unit_rules(event=event, tally=tally)
    _seats_of_fixed_rules(rules=rules, tally=tally)
    counted = _registrations_by_region(event=event, days=days)
    kinds, regions = _region_and_kind_lines(tally=tally, counted=counted, days=days)
    kind_lines, total = recap_kinds_and_total(kinds, days=days)
    return RegionRecap(
        event=event,
        days=days,
        kinds=kind_lines,
        total=total,
        provinces=_province_groups(regions=regions, names=tally.names, days=days),
        rules=_rule_totals(rules=rules, units_of_kind=tally.units_of_kind),
    )
