"""What one event's registration form offers: bodies, kecamatan, desa/kelurahan, roles,
with the units whose seats are all taken marked (the seat ledger counts them).

`EventChoices.for_event`: 1 query plus one per per-unit rule (1 without units).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bodies.labels import unit_label
from bodies.models import Body
from events.models import Event, ParticipantRole, QuotaRule
from events.selectors import units_for_rule

from .ledger import FIXED_PREFIX, taken_in_unit


@dataclass
class EventChoices:
    """What one event lets a person choose: bodies, kecamatan, desa/kelurahan, roles."""

    rules: list[QuotaRule]
    kinds: list[tuple[str, str]] = field(default_factory=list)
    districts: list[tuple[int, str]] = field(default_factory=list)
    villages: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    role_kinds: dict[str, set[str]] = field(default_factory=dict)
    ppk_units: dict[int, Body] = field(default_factory=dict)  # by district id
    pps_units: dict[int, Body] = field(default_factory=dict)  # by village id
    full_villages: set[int] = field(default_factory=set)  # no PPS seat left
    fixed_units: dict[str, Body] = field(default_factory=dict)  # by kind choice value

    @classmethod
    def for_event(cls, event: Event, *, units: bool = True) -> EventChoices:
        """Everything the form offers; with `units=False` the kinds, roles and fixed bodies
        only (one query): an event across regencies has its units picked step by step
        (`participants.unit_picker`), never listed whole."""
        rules = list(
            event.quota_rules.select_related("body", "event__organiser").order_by("order", "id")
        )
        choices = cls(rules=rules)
        districts: dict[int, str] = {}
        villages: dict[int, dict[int, tuple[str, str]]] = {}  # by kecamatan, by desa
        free: dict[int, int] = {}  # free PPS seats by desa, over all PPS rules
        for rule in rules:
            if rule.scope == QuotaRule.Scope.FIXED:
                value = f"{FIXED_PREFIX}{rule.body_id}"
                kind_value = value
                if value not in choices.fixed_units:
                    choices.fixed_units[value] = rule.body
                    choices.kinds.append((value, rule.body.name))
            else:
                kind_value = rule.body_kind
                if kind_value not in dict(choices.kinds):
                    choices.kinds.append((kind_value, rule.get_body_kind_display()))
                if units:
                    rule_units = units_for_rule(rule=rule).select_related(
                        "district", "village__district"
                    )
                    if rule.body_kind == Body.Kind.PPS:
                        # Seats taken, counted in the same query: a full desa is shown full.
                        rule_units = rule_units.annotate(taken=taken_in_unit(rule))
                    for unit in rule_units:
                        if rule.body_kind == Body.Kind.PPK and unit.district_id:
                            choices.ppk_units[unit.district_id] = unit
                            districts[unit.district_id] = unit.district
                        elif rule.body_kind == Body.Kind.PPS and unit.village_id:
                            choices.pps_units[unit.village_id] = unit
                            district = unit.village.district
                            districts[district.pk] = district
                            # Named with the kecamatan: the chosen option alone must tell
                            # Tambun Arang of Sumay from Tambun Arang of Muara Tabir.
                            villages.setdefault(district.pk, {})[unit.village.pk] = (
                                unit.village.name,
                                unit_label(unit),
                            )
                            free[unit.village.pk] = free.get(unit.village.pk, 0) + max(
                                rule.seats - unit.taken, 0
                            )
            choices.role_kinds.setdefault(rule.role, set()).add(kind_value)
        ordered = sorted(districts.values(), key=lambda d: d.name)
        choices.districts = [(d.pk, d.name) for d in ordered]
        # Full when no PPS rule has a seat left there. Still a valid choice, so a form
        # sent before it filled up gets the service's "full" message, not "invalid".
        choices.full_villages = {pk for pk, seats in free.items() if seats == 0}
        choices.villages = [
            (
                d.name,
                [
                    (
                        pk,
                        _("%(unit)s (full)") % {"unit": label}
                        if pk in choices.full_villages
                        else label,
                    )
                    for pk, (_name, label) in sorted(
                        villages[d.pk].items(), key=lambda item: (item[1][0], item[0])
                    )
                ],
            )
            for d in ordered
            if d.pk in villages
        ]
        choices.roles = [
            (value, label)
            for value, label in ParticipantRole.choices
            if value in choices.role_kinds
        ]
        return choices

    def rule_for(self, kind_value: str, role: str) -> QuotaRule | None:
        for rule in self.rules:
            rule_kind = (
                f"{FIXED_PREFIX}{rule.body_id}"
                if rule.scope == QuotaRule.Scope.FIXED
                else rule.body_kind
            )
            if rule_kind == kind_value and rule.role in (role, ParticipantRole.ANY):
                return rule
        return None
