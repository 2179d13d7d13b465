"""The form's unit lists for an event across regencies: one step at a time.

A KPU RI event gives a seat to every PPK and PPS of the country (7,285 kecamatan,
83,762 desa): listed whole, its form was 6-8 MB of HTML and 8-14 s of CPU a render,
and 670 kecamatan names could not be told apart. An event whose organiser's area
holds more than one regency (a KPU Provinsi's or KPU RI's) therefore offers the
provinces it covers, then the regencies of the chosen province, the kecamatan of the
chosen regency, the desa of the chosen kecamatan: each list one small query, kept
with the event's other seat values (`public_cache.EventCopies`), so a desa list's "full"
marks are as old as the rest of the form's. A KPU Kabupaten/Kota's event keeps its
whole lists (`EventChoices`): a regency's few hundred desa fit on one page.

What a process keeps for such an event is its small form page (as for any event) and the
lists asked for since the event's seats last changed: at most one per province, regency
and kecamatan that has units of the event, never one per id a visitor makes up.

Only units of the event are offered: every list goes through the event's units
(`units_of_kinds` of its per-unit PPK and PPS rules), never through the region tables
alone, which also hold other editions' regions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from bodies.labels import unit_label
from bodies.models import Body, District, Province, Regency
from events.models import Event, QuotaRule
from events.selectors import units_of_kinds

from .ledger import taken_in_unit
from .public_cache import EventCopies

# Organisers whose area holds more than one regency: their events are picked step by step.
WIDE_ORGANISERS = (Body.Kind.KPU_RI, Body.Kind.KPU_PROVINSI)
SEARCH_MIN, SEARCH_MAX, SEARCH_RESULTS = 3, 60, 20


def picks_step_by_step(event: Event) -> bool:
    """Whether the event's form offers its units step by step (no query: the organiser is
    loaded with the public event)."""
    return event.organiser.kind in WIDE_ORGANISERS


@dataclass(frozen=True)
class Place:
    """One option of a step: a region (province, regency, kecamatan) or a desa's PPS."""

    id: int
    label: str
    full: bool = False  # a desa whose PPS has no seat left under any PPS rule

    def as_json(self) -> dict:
        return {"id": self.id, "label": self.label, "full": self.full}


class UnitPicker:
    """The lists of one event, each built on first use and kept in `store`."""

    def __init__(self, *, event: Event, rules: list[QuotaRule], store: EventCopies):
        self.event = event
        self.store = store
        per_unit = [r for r in rules if r.scope == QuotaRule.Scope.PER_UNIT]
        self.kinds = sorted({r.body_kind for r in per_unit if r.body_kind in Body.AD_HOC_KINDS})
        self.pps_rules = [r for r in per_unit if r.body_kind == Body.Kind.PPS]

    def _units(self) -> QuerySet[Body]:
        return units_of_kinds(organiser=self.event.organiser, kinds=self.kinds)

    def _kept(self, key: tuple, build) -> list[Place]:
        # One dictionary of lists in the store, and only lists with something in them:
        # an id no region has would otherwise keep an empty list per id anyone asks for.
        lists = self.store.get(("places", get_language()), dict)
        kept = lists.get(key)
        if kept is None:
            kept = build()
            if kept:
                lists[key] = kept
        return kept

    def _regions(self, model, field: str, **parent) -> list[Place]:
        inside = self._units().filter(**{field: OuterRef("pk")})
        rows = model.objects.filter(Exists(inside), **parent).order_by("name", "code")
        return [Place(pk, name) for pk, name in rows.values_list("pk", "name")]

    def provinces(self) -> list[Place]:
        return self._kept(("provinces",), lambda: self._regions(Province, "province_id"))

    def regencies(self, province_id: int) -> list[Place]:
        return self._kept(
            ("regencies", province_id),
            lambda: self._regions(Regency, "regency_id", province_id=province_id),
        )

    def districts(self, regency_id: int) -> list[Place]:
        return self._kept(
            ("districts", regency_id),
            lambda: self._regions(District, "district_id", regency_id=regency_id),
        )

    def villages(self, district_id: int) -> list[Place]:
        """The kecamatan's desa with a PPS of the event, marked full when no PPS rule has
        a seat left there: one query per PPS rule (one, as a rule)."""
        return self._kept(
            ("villages", district_id),
            lambda: self._villages(district_id),
        )

    def _villages(self, district_id: int) -> list[Place]:
        names: dict[int, tuple[str, str]] = {}
        free: dict[int, int] = {}
        for rule in self.pps_rules:
            units = (
                self._units()
                .filter(kind=Body.Kind.PPS, district_id=district_id, village__isnull=False)
                .select_related("village")
                .annotate(taken=taken_in_unit(rule))
            )
            for unit in units:
                names[unit.village_id] = (unit.village.name, unit_label(unit, with_district=False))
                free[unit.village_id] = free.get(unit.village_id, 0) + max(
                    rule.seats - unit.taken, 0
                )
        places = []
        for pk, (_name, label) in sorted(names.items(), key=lambda item: (item[1][0], item[0])):
            full = free[pk] == 0
            places.append(
                Place(pk, _("%(unit)s (full)") % {"unit": label} if full else label, full)
            )
        return places

    def ppk_unit(self, district_id: int) -> Body | None:
        return self._unit(kind=Body.Kind.PPK, district_id=district_id)

    def pps_unit(self, village_id: int) -> Body | None:
        return self._unit(kind=Body.Kind.PPS, village_id=village_id)

    def _unit(self, **where) -> Body | None:
        if where["kind"] not in self.kinds:
            return None
        return self._units().filter(**where).select_related("village", "district").first()

    def search(self, text: str) -> list[dict]:
        """Desa of the event whose name holds `text`, with the path to choose them by:
        at most SEARCH_RESULTS, in one query. Not kept: the text is the visitor's."""
        if Body.Kind.PPS not in self.kinds:
            return []
        units = (
            self._units()
            .filter(kind=Body.Kind.PPS, village__name__icontains=text)
            .select_related("village", "district", "regency", "province")
            .order_by("village__name", "village__code")[:SEARCH_RESULTS]
        )
        return [
            {
                "id": unit.village_id,
                # The whole path: a desa's name is shared by hundreds across the country.
                "label": f"{unit_label(unit)}, {unit.regency.name}, {unit.province.name}",
                "path": {
                    "province": unit.province_id,
                    "regency": unit.regency_id,
                    "district": unit.district_id,
                    "village": unit.village_id,
                },
            }
            for unit in units
        ]


def parse_id(value) -> int | None:
    """A region id from a form or a query string; None for anything but ASCII digits."""
    value = str(value or "")
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
