"""Reads about events: which a staff account may see, which units their quota rules
cover, whether registration is open.

Seats taken and free are the seat ledger's (`participants.ledger`): this app sees
no registration.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.models import Body
from bodies.selectors import AREA_FIELDS, area_filter, offices_over, region_scope, staff_office

from .dates import date_range_indonesian, datetime_indonesian
from .models import Election, Event, QuotaRule


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
    if office.kind in Body.AD_HOC_KINDS:
        # A PPK's operator: the events of the offices above it, where its kecamatan's
        # people take part (which of them it sees: participants.selectors.registration_scope).
        # Only to work on those people: whatever roles it holds, such an account can do
        # no more than the Operator PPK role (bodies.backends), so this reach gives no
        # questions, answer keys, full NIKs or private links of those offices' events.
        return offices_over(office, prefix=f"{prefix}organiser__")
    return area_filter(office, prefix=f"{prefix}organiser__")


def events_visible_to(*, user, queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Events (or the given queryset of them) the account may see; see `event_scope`."""
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.filter(event_scope(user=user))


def event_for_staff(*, user, slug: str) -> Event:
    """One event for a staff page, with its organiser; 404 when the account may not see it,
    exactly as when no event has the slug, so a page never tells another office's slugs.
    Its election too: the print page dates the laporan partisipasi by its voting day."""
    return get_object_or_404(
        events_visible_to(user=user).select_related("organiser", "election"), slug=slug
    )


def turnout_scope(*, user) -> Q:
    """The turnout results (regency, kecamatan or desa rows) inside the account's office area."""
    if user.is_superuser:
        return Q()
    if staff_office(user) is None:
        return Q(pk__in=[])
    # Never an empty Q() in an OR unless all three are (superusers, KPU RI): Django would
    # drop it and the OR would mean less than it says.
    return (
        region_scope(user=user, level="regency", prefix="regency__")
        | region_scope(user=user, level="district", prefix="district__")
        | region_scope(user=user, level="village", prefix="village__")
    )


def election_in_area(*, election: Election, user) -> bool:
    """Whether the election is held only inside the account's office area (so the office
    may change it): not one without regions (the whole country) unless for KPU RI."""
    if user.is_superuser:
        return True
    office = staff_office(user)
    if office is None:
        return False
    if office.kind == Body.Kind.KPU_RI:
        return True
    provinces, regencies = election.provinces.all(), election.regencies.all()
    if not (provinces.exists() or regencies.exists()):
        return False
    return not (
        provinces.exclude(region_scope(user=user, level="province")).exists()
        or regencies.exclude(region_scope(user=user, level="regency")).exists()
    )


def lacks_office(user) -> bool:
    """A staff account that sees no event because nobody linked it to its KPU office."""
    return not user.is_superuser and staff_office(user) is None


def units_of_kinds(*, organiser: Body, kinds) -> QuerySet[Body]:
    """Every unit of these kinds in the organiser's area: what its per-unit rules cover."""
    return Body.objects.filter(area_filter(organiser), kind__in=kinds)


def units_for_rule(*, rule: QuotaRule) -> QuerySet[Body]:
    """The bodies a rule gives seats to: its body (fixed), or every unit of its kind around."""
    if rule.scope == QuotaRule.Scope.FIXED:
        return Body.objects.filter(pk=rule.body_id)
    return units_of_kinds(organiser=rule.event.organiser, kinds=[rule.body_kind])


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
                    "when": datetime_indonesian(event.registration_closes_at)
                }
            return _("Registration has been closed.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration opens on %(when)s.") % {
            "when": datetime_indonesian(event.registration_opens_at)
        }
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration has been closed since %(when)s.") % {
            "when": datetime_indonesian(event.registration_closes_at)
        }
    return None


def event_listing_reason(*, event: Event, now: datetime | None = None) -> str | None:
    """What the public pages (the home page, the event's page, the form itself) say
    instead of taking a registration: cancelled, over (its last day has passed, whatever
    its status: a Bimtek of 2024 left open is not "open for registration"), or why
    registration is not open; None while people may register. The services keep their
    own rule (event_registration_closed_reason): staff still correct a past event's
    registrations."""
    now = now or timezone.now()
    if event.status != Event.Status.CANCELLED and event.last_day < timezone.localdate(now):
        return _("This event took place on %(dates)s.") % {
            "dates": date_range_indonesian(event.first_day, event.last_day)
        }
    return event_registration_closed_reason(event=event, now=now)


def open_events(*, now: datetime | None = None) -> QuerySet[Event]:
    """Events people may register for right now and whose days are not over, soonest first."""
    now = now or timezone.now()
    return (
        Event.objects.filter(status=Event.Status.OPEN, last_day__gte=timezone.localdate(now))
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
