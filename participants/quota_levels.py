"""The quota overview of a national or provincial event, one level of regions per page.

A regency's event (Tebo: 177 seats) is shown whole by `ledger.quota_overview`. A
national one holds 91,000 units: listing them on one page took 37 s and 45 MB of HTML.
So its overview starts at its provinces (a provincial one at its regencies), and each
row links one level down: province, regency, kecamatan; only a kecamatan's page lists
units (a PPK and its desa's PPS, a few dozen rows).

Every total comes from aggregate queries grouped by the region columns every body
carries (`Body.province`, `regency`, `district`): a page costs the same queries
whatever the number of units, and never loads a unit it does not list. Per-unit rules
(PPK and PPS, which carry every region level) are counted by region; fixed rules are
in the top page's per-rule table.

Queries: `quota_level` 4 (rules, units per region and kind, seats taken per region,
the regions' names); on a kecamatan's page 3 (rules, its units, their seats taken).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Model

from bodies.models import Body, District, Province, Regency
from events.models import Event, QuotaRule
from events.selectors import units_of_kinds

from .ledger import DistrictGroup, Tally, UnitLine, holders

# The levels a page can show, top down; a page lists the level under its own.
LEVELS = ("country", "province", "regency", "district")
REGION_MODELS: dict[str, type[Model]] = {
    "province": Province,
    "regency": Regency,
    "district": District,
}
# Where the top page of an event starts: the organiser's own area.
TOP_LEVELS = {
    Body.Kind.KPU_RI: "country",
    Body.Kind.KPU_PROVINSI: "province",
    Body.Kind.KPU_KABKOTA: "regency",
}


def starts_by_level(event: Event) -> bool:
    """Whether the event's overview is shown level by level (a national or provincial
    organiser); a regency's event keeps the whole overview on one page."""
    return TOP_LEVELS.get(event.organiser.kind) in ("country", "province")


@dataclass(kw_only=True)
class RegionRow(Tally):
    """One region under the page's: its units, those nobody registered for, its seats."""

    level: str
    region: Model
    units: int = 0
    units_with_registrant: int = 0

    @property
    def units_missing(self) -> int:
        return max(self.units - self.units_with_registrant, 0)


@dataclass
class LevelPage(Tally):
    """One page of the overview: the region shown, its path up, the rows under it."""

    event: Event | None = None
    level: str = "country"
    region: Model | None = None
    trail: list[tuple[str, Model]] = field(default_factory=list)  # above the page, top first
    child_level: str = ""
    rows: list[RegionRow] = field(default_factory=list)
    # A kecamatan's page: its PPK, then its desa's PPS.
    group: DistrictGroup | None = None
    units: int = 0
    units_with_registrant: int = 0

    @property
    def units_missing(self) -> int:
        return max(self.units - self.units_with_registrant, 0)


def top_region(event: Event) -> tuple[str, Model | None]:
    """The level and region the event's overview starts at."""
    level = TOP_LEVELS.get(event.organiser.kind, "country")
    return level, getattr(event.organiser, level, None) if level != "country" else None


def region_in_event(*, event: Event, level: str, pk: int) -> Model | None:
    """The region of `level` with this id if it lies below the event's top page, else None
    (another province's regency on a provincial event's page is "not found")."""
    model = REGION_MODELS.get(level)
    top_level, top = top_region(event)
    if model is None or LEVELS.index(level) <= LEVELS.index(top_level):
        return None
    related = {"province": [], "regency": ["province"], "district": ["regency__province"]}[level]
    region = model.objects.select_related(*related).filter(pk=pk).first()
    if region is None or top is None:
        return region
    return region if _parents(level, region).get(top_level) == top else None


def _parents(level: str, region: Model) -> dict[str, Model]:
    """The regions above `region`, by level."""
    found: dict[str, Model] = {}
    while level in ("regency", "district"):
        region = region.province if level == "regency" else region.regency
        level = "province" if level == "regency" else "regency"
        found[level] = region
    return found


def quota_level(
    *, event: Event, level: str | None = None, region: Model | None = None
) -> LevelPage:
    """The overview page of `region` (of `level`), or the event's top page without them.

    `region` must lie in the event's area (`region_in_event`); the event's organiser
    must be loaded (`event_for_staff` does).
    """
    if level is None:
        level, region = top_region(event)
    trail = sorted(_parents(level, region).items(), key=lambda item: LEVELS.index(item[0]))
    top_level, _top = top_region(event)
    # The top page is the overview itself: the trail holds the pages between it and here.
    trail = [(lvl, r) for lvl, r in trail if LEVELS.index(lvl) > LEVELS.index(top_level)]
    page = LevelPage(event=event, level=level, region=region, trail=trail)
    rules = [
        r for r in event.quota_rules.order_by("order", "id") if r.scope == QuotaRule.Scope.PER_UNIT
    ]
    seats_per_unit: dict[str, int] = {}
    for rule in rules:
        seats_per_unit[rule.body_kind] = seats_per_unit.get(rule.body_kind, 0) + rule.seats
    if not rules:
        return page
    here = {} if region is None else {f"{level}_id": region.pk}
    units = units_of_kinds(organiser=event.organiser, kinds=seats_per_unit).filter(**here)
    if level == "district":
        page.group = _district_group(event=event, rules=rules, units=units, district=region)
        page.add(page.group)
        page.units = len({line.unit.pk for line in page.group.ppk_lines + page.group.pps_lines})
        page.units_with_registrant = len(
            {line.unit.pk for line in page.group.ppk_lines + page.group.pps_lines if line.taken}
        )
        return page

    child = LEVELS[LEVELS.index(level) + 1]
    page.child_level = child
    rows: dict[int | None, RegionRow] = {}
    unit_rows = units.values(f"{child}_id", "kind").annotate(n=Count("id")).order_by()
    for row in unit_rows:
        key = row[f"{child}_id"]
        entry = rows.setdefault(key, RegionRow(level=child, region=None))
        entry.units += row["n"]
        entry.seats += row["n"] * seats_per_unit.get(row["kind"], 0)
    # Seats of the per-unit rules, grouped like the units. A registration's unit is one
    # of its rule's kind in the organiser's area (the service sees to it), so the region
    # alone narrows them: no second pass over the bodies to match them against `units`.
    in_region = {f"unit__{field}": pk for field, pk in here.items()}
    taken_rows = (
        holders()
        .filter(event=event, quota_rule__in=[r.pk for r in rules], **in_region)
        .values(f"unit__{child}_id")
        .annotate(taken=Count("id"), units=Count("unit_id", distinct=True))
        .order_by()
    )
    for row in taken_rows:
        entry = rows.setdefault(row[f"unit__{child}_id"], RegionRow(level=child, region=None))
        entry.taken += row["taken"]
        entry.units_with_registrant += row["units"]
    for entry in rows.values():
        page.seats += entry.seats
        page.taken += entry.taken
        page.units += entry.units
        page.units_with_registrant += entry.units_with_registrant
    rows.pop(None, None)  # per-unit rules are for PPK and PPS: each has its regions
    names = REGION_MODELS[child].objects.in_bulk([pk for pk in rows])
    for pk, entry in rows.items():
        entry.region = names.get(pk)
    page.rows = sorted(
        (entry for entry in rows.values() if entry.region is not None),
        key=lambda entry: entry.region.code,
    )
    return page


def _taken(event: Event, units) -> dict[tuple[int, int], int]:
    rows = (
        holders()
        .filter(event=event, unit__in=units.values("pk"))
        .values("quota_rule_id", "unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["quota_rule_id"], row["unit_id"]): row["n"] for row in rows}


def _lines(rules: list[QuotaRule], units: list[Body], taken) -> list[UnitLine]:
    return [
        UnitLine(rule=rule, unit=unit, seats=rule.seats, taken=taken.get((rule.pk, unit.pk), 0))
        for unit in units
        for rule in rules
        if rule.body_kind == unit.kind
    ]


def _district_group(
    *, event: Event, rules: list[QuotaRule], units, district: District
) -> DistrictGroup:
    """A kecamatan's PPK lines, then its desa's PPS lines, as the regency overview shows."""
    bodies = list(
        units.select_related("district", "village").order_by("kind", "village__code", "id")
    )
    group = DistrictGroup(district=district)
    for line in _lines(rules, bodies, _taken(event, units)):
        if line.unit.kind == Body.Kind.PPS:
            group.pps_lines.append(line)
        else:
            group.ppk_lines.append(line)
        group.add(line)
    group.pps_lines.sort(key=lambda line: (line.unit.village.code, line.rule.order, line.rule.pk))
    return group
