"""The data of each official document, read in a fixed number of queries.

Nothing here grows with the number of participants: registrations come in one
query with their unit and region joined, attendance in one more, counts in one
aggregate. Rows are plain dicts, so a chunk of a long document can be handed to
another process as is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from bodies.labels import unit_label
from bodies.models import Body, Member, SecretariatOfficial
from bodies.selectors import area_filter
from events.models import AgendaItem, AllowanceLine, CostStandard, Event, QuotaRule, Speaker
from events.selectors import units_of_kinds
from participants.ledger import KIND_BUCKETS, QuotaOverview, kind_bucket, quota_overview
from participants.models import ACTIVE_STATUSES, Attendance, Registration

KIND_LABELS = {"KPU": "KPU", "PPK": "PPK", "PPS": "PPS"}
KIND_ORDER = Case(
    When(unit__kind=Body.Kind.PPK, then=Value(2)),
    When(unit__kind=Body.Kind.PPS, then=Value(3)),
    default=Value(1),
    output_field=IntegerField(),
)

# The order of people on every list: KPU, PPK, PPS, by kecamatan and desa, then seat
# (annotate `kind_order=KIND_ORDER` first).
LIST_ORDER = (
    "kind_order",
    "unit__district__code",
    "unit__village__code",
    "quota_rule__order",
    "quota_rule_id",
    "seat_number",
    "id",
)


def event_for_documents(*, slug: str) -> Event:
    """The event with what every document prints about its organiser (one query)."""
    return Event.objects.select_related(
        "organiser__regency", "organiser__province", "election"
    ).get(slug=slug)


# --- Daftar hadir


def _listed_registrations(*, event: Event, verified_only: bool, area: Q | None):
    statuses = [Registration.Status.VERIFIED] if verified_only else ACTIVE_STATUSES
    return Registration.objects.filter(event=event, status__in=statuses).filter(
        area if area is not None else Q()
    )


def _in_print_order(registrations):
    return (
        registrations.select_related("unit__district", "unit__village", "quota_rule")
        .annotate(kind_order=KIND_ORDER)
        .order_by(*LIST_ORDER)
        .only(
            "id",
            "full_name",
            "position",
            "role",
            "status",
            "seat_number",
            "unit__kind",
            "unit__name",
            "unit__district__name",
            "unit__village__name",
            "unit__village__kind",
            "quota_rule__order",
        )
    )


def _attendance_row(number: int, registration, moment: datetime.datetime | None) -> dict:
    return {
        "no": number,
        "name": registration.full_name,
        "unit": unit_label(registration.unit),
        "position": registration.position or registration.get_role_display(),
        "present": moment is not None,
        "time": timezone.localtime(moment).strftime("%H.%M") if moment else "",
    }


def attendance_rows(
    *,
    event: Event,
    day: datetime.date | None = None,
    verified_only: bool = False,
    area: Q | None = None,
) -> list[dict]:
    """Active registrations (only verified ones if asked) in print order, with the
    check-in time of `day` if given; with `area` (a filter on the unit, `area_of_units`)
    only those of the units it holds.

    Two queries: registrations (unit and region joined), attendance of the day.
    """
    registrations = _in_print_order(
        _listed_registrations(event=event, verified_only=verified_only, area=area)
    )
    checked_in: dict[int, datetime.datetime] = {}
    if day is not None:
        attendance = Attendance.objects.filter(registration__event=event, day=day)
        if area is not None:
            attendance = attendance.filter(registration__in=registrations.values("pk"))
        checked_in = dict(attendance.values_list("registration_id", "checked_in_at"))
    # Streamed: a list of the whole country holds its rows, not its model instances too.
    return [
        _attendance_row(number, registration, checked_in.get(registration.pk))
        for number, registration in enumerate(registrations.iterator(chunk_size=2000), start=1)
    ]


def attendance_totals(
    *, event: Event, day: datetime.date | None, verified_only: bool, area: Q | None
) -> tuple[int, int]:
    """How many registrations `attendance_rows` would list, and how many of them checked
    in on `day` (none without a day): one query."""
    registrations = _listed_registrations(event=event, verified_only=verified_only, area=area)
    if day is None:
        return registrations.count(), 0
    checked_in = Exists(Attendance.objects.filter(registration=OuterRef("pk"), day=day))
    totals = registrations.aggregate(listed=Count("pk"), present=Count("pk", filter=Q(checked_in)))
    return totals["listed"], totals["present"]


def attendance_rows_streamed(
    *, event: Event, verified_only: bool, area: Q | None
) -> Iterator[tuple[int, dict]]:
    """(registration id, row) of `attendance_rows`, one at a time and without check-in
    times: what a long list is put on pages from, holding none of its rows. One query."""
    registrations = _in_print_order(
        _listed_registrations(event=event, verified_only=verified_only, area=area)
    )
    for number, registration in enumerate(registrations.iterator(chunk_size=2000), start=1):
        yield registration.pk, _attendance_row(number, registration, None)


# Ids per query when rows are read back by id: well under SQLite's limit on parameters.
ROWS_BY_ID_BATCH = 2000


def attendance_rows_by_id(
    *, ids: Sequence[int], day: datetime.date | None, first_number: int
) -> list[dict]:
    """The rows of these registrations (ids in print order, as `attendance_rows_streamed`
    gave them), numbered from `first_number`, with the check-in time of `day` if given.

    A part of a long list reads only its own rows. Two queries (one without a day)
    per ROWS_BY_ID_BATCH ids. Read by id, not by status again: a part holds the
    registrations its pages were planned with.
    """
    rows: list[dict] = []
    for start in range(0, len(ids), ROWS_BY_ID_BATCH):
        batch = list(ids[start : start + ROWS_BY_ID_BATCH])
        registrations = _in_print_order(Registration.objects.filter(pk__in=batch))
        checked_in: dict[int, datetime.datetime] = {}
        if day is not None:
            checked_in = dict(
                Attendance.objects.filter(registration_id__in=batch, day=day).values_list(
                    "registration_id", "checked_in_at"
                )
            )
        for registration in registrations:
            moment = checked_in.get(registration.pk)
            rows.append(_attendance_row(first_number + len(rows), registration, moment))
    return rows


@dataclass(frozen=True)
class Area:
    """A regency or a kecamatan of an event's area: what a list per region is cut by."""

    code: str
    label: str  # "Kecamatan VII Koto, Kabupaten Tebo", "Kabupaten Tebo"
    units: Q  # on Registration: its unit lies in the area


def event_area(*, event: Event, code: str) -> Area | None:
    """The regency or kecamatan of that Kemendagri code ("15.09", "15.09.01") if the
    event's units lie in it, else None (one query)."""
    level = "district" if code.count(".") == 2 else "regency"
    unit = (
        Body.objects.filter(area_filter(event.organiser), **{f"{level}__code": code})
        .select_related("district__regency", "regency")
        .first()
    )
    if unit is None:
        return None
    if level == "district":
        region = unit.district
        label = f"Kecamatan {region.name}, {region.regency.name}"
    else:
        region = unit.regency
        label = region.name
    return Area(code=code, label=label, units=Q(**{f"unit__{level}_id": region.pk}))


def event_regions(*, event: Event, regency: str | None = None) -> tuple[list, list]:
    """([(code, name)] of the regencies the event's units lie in, [(code, name)] of the
    kecamatan of `regency`'s code, or of the only regency): what the print page offers
    to cut a list by. One query (a national event's: some 7,300 pairs)."""
    units = units_of_kinds(
        organiser=event.organiser,
        kinds=event.quota_rules.filter(scope=QuotaRule.Scope.PER_UNIT).values("body_kind"),
    )
    pairs = (
        units.exclude(regency=None)
        .values_list("regency__code", "regency__name", "district__code", "district__name")
        .distinct()
        .order_by("regency__code", "district__code")
    )
    regencies: dict[str, str] = {}
    districts: dict[str, list[tuple[str, str]]] = {}
    for regency_code, regency_name, district_code, district_name in pairs:
        regencies[regency_code] = regency_name
        if district_code:
            districts.setdefault(regency_code, []).append((district_code, district_name))
    if len(regencies) == 1:
        regency = next(iter(regencies))
    return list(regencies.items()), districts.get(regency or "", [])


# --- Rekapitulasi


@dataclass
class Counts:
    seats: int = 0
    registered: int = 0
    verified: int = 0
    present: list[int] = field(default_factory=list)
    units: int = 0
    units_missing: int = 0

    def add(self, other: Counts) -> None:
        self.seats += other.seats
        self.registered += other.registered
        self.verified += other.verified
        if not self.present:
            self.present = [0] * len(other.present)
        self.present = [a + b for a, b in zip(self.present, other.present, strict=True)]
        self.units += other.units
        self.units_missing += other.units_missing


@dataclass
class RecapLine:
    label: str
    counts: Counts
    level: str = "unit"  # "kind", "district", "unit"
    kind: str = ""  # "KPU", "PPK", "PPS" for a unit line


def recap_kinds_and_total(
    kinds: dict[str, RecapLine], *, days: list[datetime.date]
) -> tuple[list[RecapLine], Counts]:
    """A recap's lines per body kind, those with units in KIND_BUCKETS' order, and the
    total of every kind: the rekapitulasi's and the region recap's last lines."""
    total = Counts(present=[0] * len(days))
    for line in kinds.values():
        total.add(line.counts)
    return [kinds[k] for k in KIND_BUCKETS if kinds[k].counts.units], total


@dataclass
class Recap:
    event: Event
    days: list[datetime.date]
    kinds: list[RecapLine]
    kpu_lines: list[RecapLine]
    districts: list[tuple[RecapLine, list[RecapLine]]]
    total: Counts
    overview: QuotaOverview

    summarised = False  # per unit; reports.region_recap.RegionRecap is the summed-up one

    @property
    def missing_units(self) -> list[str]:
        return [unit_label(body) for body in self.overview.missing_units]

    @property
    def rules(self) -> list:
        """Each rule with its units and seats (`composition` reads them)."""
        return self.overview.rules


def _status_counts(*, event: Event, days: list[datetime.date]) -> dict[tuple[int, int], dict]:
    """Registered, verified and present per day, per (rule, unit): one aggregate query."""
    annotations = {
        "registered": Count("id", distinct=True),
        "verified": Count("id", filter=Q(status=Registration.Status.VERIFIED), distinct=True),
    }
    for index, day in enumerate(days):
        annotations[f"day{index}"] = Count(
            "attendances", filter=Q(attendances__day=day), distinct=True
        )
    rows = (
        Registration.objects.active()
        .filter(event=event)
        .values("quota_rule_id", "unit_id")
        .annotate(**annotations)
        .order_by()
    )
    return {(row["quota_rule_id"], row["unit_id"]): row for row in rows}


def _unit_lines(lines, *, counts: dict, days: list) -> list[RecapLine]:
    """One line per unit (its rules added up), in the order the units come."""
    zero = {"registered": 0, "verified": 0, **{f"day{i}": 0 for i in range(len(days))}}
    by_unit: dict[int, RecapLine] = {}
    for line in lines:
        recap_line = by_unit.get(line.unit.pk)
        if recap_line is None:
            recap_line = by_unit[line.unit.pk] = RecapLine(
                label=unit_label(line.unit, with_district=False),
                counts=Counts(present=[0] * len(days), units=1),
                kind=kind_bucket(line.unit.kind),
            )
        row = counts.get((line.rule.pk, line.unit.pk), zero)
        recap_line.counts.add(
            Counts(
                seats=line.seats,
                registered=row["registered"],
                verified=row["verified"],
                present=[row[f"day{i}"] for i in range(len(days))],
            )
        )
    for recap_line in by_unit.values():
        recap_line.counts.units_missing = int(recap_line.counts.registered == 0)
    return list(by_unit.values())


def recap(*, event: Event) -> Recap:
    """Seats, registered, verified and present per day: per kind, per kecamatan, per unit.

    Four queries (rules, units, seat counts from `quota_overview`; one aggregate here).
    """
    days = event.days
    overview = quota_overview(event=event)
    counts = _status_counts(event=event, days=days)
    kinds = {kind: RecapLine(label=kind, counts=Counts(present=[0] * len(days)), level="kind")
             for kind in KIND_BUCKETS}  # fmt: skip
    kpu_lines = _unit_lines(
        [line for rule in overview.rules for line in rule.lines
         if kind_bucket(line.unit.kind) == "KPU"],
        counts=counts, days=days,
    )  # fmt: skip
    for line in kpu_lines:
        kinds["KPU"].counts.add(line.counts)
    districts = []
    for group in overview.districts:
        units = _unit_lines(group.ppk_lines, counts=counts, days=days) + _unit_lines(
            group.pps_lines, counts=counts, days=days
        )
        head = RecapLine(
            label=f"Kecamatan {group.district.name}" if group.district else "Lainnya",
            counts=Counts(present=[0] * len(days)),
            level="district",
        )
        for unit in units:
            head.counts.add(unit.counts)
            kinds[unit.kind].counts.add(unit.counts)
        districts.append((head, units))
    kind_lines, total = recap_kinds_and_total(kinds, days=days)
    return Recap(
        event=event,
        days=days,
        kinds=kind_lines,
        kpu_lines=kpu_lines,
        districts=districts,
        total=total,
        overview=overview,
    )


# --- Berita acara


def chair_name(office: Body) -> str:
    """The name of the office's active ketua, or "" (one query)."""
    chairs = office.members.filter(role=Member.Role.KETUA, is_active=True)
    return chairs.values_list("name", flat=True).first() or ""


def signatories(*, office: Body) -> list[Member]:
    """Active commissioners of the office, ketua first (one query)."""
    return list(
        office.members.filter(is_active=True, role__in=Member.COMMISSIONER_ROLES)
        .annotate(
            chair_first=Case(
                When(role=Member.Role.KETUA, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("division")
        .order_by("chair_first", "order", "id")
    )


@dataclass
class CompositionLine:
    """One part of the participants the plenary decided: "2 orang per PPK x 12 PPK = 24 orang"."""

    kind: str
    label: str
    per_unit: int
    units: int
    seats: int
    rules: list[QuotaRule]
    fixed: bool


def composition(rules) -> list[CompositionLine]:
    """The quota rules grouped by body kind (no query): `rules` are the recap's, each with
    its `rule`, `units` and `seats` (`Recap.rules`, `RegionRecap.rules`)."""
    lines: dict[tuple[str, bool], CompositionLine] = {}
    for rule_overview in rules:
        rule = rule_overview.rule
        fixed = rule.scope == QuotaRule.Scope.FIXED
        key = (rule.body_kind if not fixed else f"fixed-{rule.body_id}", fixed)
        line = lines.get(key)
        if line is None:
            label = rule.body.name if fixed else rule.body_kind
            line = lines[key] = CompositionLine(
                kind=kind_bucket(rule.body_kind), label=label, per_unit=0,
                units=rule_overview.units, seats=0, rules=[], fixed=fixed,
            )  # fmt: skip
        line.per_unit += rule.seats
        line.seats += rule_overview.seats
        line.rules.append(rule)
    return list(lines.values())


@dataclass
class BeritaAcaraData:
    event: Event
    legal_bases: list
    speakers: list
    agenda: list
    signatories: list[Member]
    recap: Recap
    composition: list[CompositionLine]


def berita_acara_data(*, event: Event, summary=None) -> BeritaAcaraData:
    """Everything both berita acara print, in eight queries whatever the number of people.

    `summary`: the event's recap summed up by region (`reports.region_recap`), for a
    large event, read by the caller; then four queries here (the recap's are not).
    """
    event_recap = summary if summary is not None else recap(event=event)
    return BeritaAcaraData(
        event=event,
        legal_bases=list(event.legal_bases.all()),
        speakers=list(event.speakers.all()),
        agenda=list(event.agenda_items.select_related("speaker")),
        signatories=signatories(office=event.organiser),
        recap=event_recap,
        composition=composition(event_recap.rules),
    )


# --- SPJ: allowances and who signs them


def secretariat_officials(*, office: Body) -> dict[str, SecretariatOfficial]:
    """{role: the active official} of the office's secretariat (one query)."""
    officials = office.secretariat_officials.filter(is_active=True).order_by("id")
    return {official.role: official for official in officials}


def allowance_lines(*, event: Event) -> list[AllowanceLine]:
    """The event's allowance lines (one query)."""
    return list(event.allowance_lines.order_by("order", "id"))


def cost_standards(*, office: Body, year: int) -> dict[str, CostStandard]:
    """{item: the figure} of `year` for `office`'s events: the office's own line where
    it typed one, else the national one (one query)."""
    figures = CostStandard.objects.filter(Q(office=office) | Q(office__isnull=True), year=year)
    chosen: dict[str, CostStandard] = {}
    for figure in figures:  # the office's line wins whichever comes first
        if figure.item not in chosen or figure.office_id is not None:
            chosen[figure.item] = figure
    return chosen


def paid_attendees(*, event: Event, day: datetime.date) -> list[Registration]:
    """Verified registrations present on `day`, in the daftar hadir's order (one query)."""
    present = Attendance.objects.filter(registration=OuterRef("pk"), day=day)
    return list(
        Registration.objects.filter(event=event, status=Registration.Status.VERIFIED)
        .filter(Exists(present))
        .select_related("unit__district", "unit__village")
        .annotate(kind_order=KIND_ORDER)
        .order_by(*LIST_ORDER)
    )


def speaker_sessions(*, event: Event) -> list[tuple[Speaker, list[AgendaItem]]]:
    """The event's speakers, each with their agenda items (two queries)."""
    speakers = event.speakers.prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("day", "start_time", "id"))
    ).order_by("order", "id")
    return [(speaker, list(speaker.agenda_items.all())) for speaker in speakers]
