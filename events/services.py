"""State changes for events: opening and closing registration, quota rules, turnout results.

Every function is keyword-only and transactional; a refused change raises
`EventError` (a state that does not allow it) or `ValidationError` (bad input),
both with an Indonesian message, and leaves the database as it was.
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.models import CURRENT_EDITION, Body, District, Regency, Village

from .models import Election, Event, ParticipantRole, QuotaRule, TurnoutResult
from .numbers import number_id
from .selectors import area_filter, units_of_kinds
from .signals import quota_rule_changing


class EventError(Exception):
    """A change the event's state does not allow; `message` says why, in Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Which status may follow which. Opening again after closing is allowed (a late
# PPS), and a held or cancelled event is final. Opening and closing have their own
# services (a window, the quota-rule check); `_move` does held and cancelled.
TRANSITIONS = {
    Event.Status.DRAFT: {Event.Status.OPEN, Event.Status.CANCELLED},
    Event.Status.OPEN: {Event.Status.CLOSED, Event.Status.CANCELLED},
    Event.Status.CLOSED: {Event.Status.OPEN, Event.Status.HELD, Event.Status.CANCELLED},
    Event.Status.HELD: set(),
    Event.Status.CANCELLED: set(),
}


def _audit(*, actor, event: Event, message: str) -> None:
    """An entry in the event's admin history, so staff see who opened or closed it."""
    if actor is None or not getattr(actor, "pk", None):
        return
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[event],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _refresh(event: Event, locked: Event, fields: list[str]) -> None:
    for name in fields:
        setattr(event, name, getattr(locked, name))


def _move(*, event: Event, status: str, actor, message: str) -> Event:
    """Move an event to `status` if TRANSITIONS allow it from where it is now."""
    with transaction.atomic():
        locked = _locked(event)
        if status not in TRANSITIONS[locked.status]:
            raise EventError(
                _("An event that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": locked.get_status_display(),
                    "new": Event.Status(status).label,
                }
            )
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        _audit(actor=actor, event=locked, message=message)
    _refresh(event, locked, ["status", "updated_at"])
    return event


def event_mark_held(*, event: Event, actor=None) -> Event:
    """Record that a closed event took place; it is final from then on."""
    return _move(event=event, status=Event.Status.HELD, actor=actor, message="status → held")


def event_cancel(*, event: Event, actor=None) -> Event:
    """Cancel an event that has not been held; registrations stay as a record."""
    return _move(
        event=event, status=Event.Status.CANCELLED, actor=actor, message="status → cancelled"
    )


def registration_window_error(
    *, opens_at: datetime | None, closes_at: datetime | None, now: datetime
) -> str | None:
    """Why a registration window cannot be set, or None; the admin's form asks it too."""
    if opens_at and closes_at and closes_at <= opens_at:
        return _("Registration must close after it opens.")
    if closes_at and closes_at <= now:
        return _("The closing time has already passed; choose a later one.")
    return None


def event_open_registration(
    *,
    event: Event,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    actor=None,
) -> Event:
    """Open registration, optionally only between `opens_at` and `closes_at`.

    Without a window, registration is open from now until someone closes it.
    An open event can be given a new window; without one it is refused, so an
    accidental second click never wipes the window set before.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(event)
        if locked.status == Event.Status.OPEN and opens_at is None and closes_at is None:
            raise EventError(_("Registration is already open."))
        if locked.status not in (Event.Status.DRAFT, Event.Status.OPEN, Event.Status.CLOSED):
            raise EventError(
                _("Registration cannot be opened for an event that is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        if not locked.quota_rules.exists():
            raise EventError(
                _("Add at least one quota rule before opening registration: nobody has a seat.")
            )
        problem = registration_window_error(opens_at=opens_at, closes_at=closes_at, now=now)
        if problem:
            raise EventError(problem)
        locked.status = Event.Status.OPEN
        locked.registration_opens_at = opens_at
        locked.registration_closes_at = closes_at
        fields = ["status", "registration_opens_at", "registration_closes_at", "updated_at"]
        locked.save(update_fields=fields)
        _audit(actor=actor, event=locked, message="registration opened")
    _refresh(event, locked, fields)
    return event


def event_close_registration(*, event: Event, actor=None) -> Event:
    """Close registration now; seats already taken stay taken."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(event)
        if locked.status != Event.Status.OPEN:
            raise EventError(
                _("Registration is not open for this event (status: “%(status)s”).")
                % {"status": locked.get_status_display()}
            )
        locked.status = Event.Status.CLOSED
        if locked.registration_closes_at is None or locked.registration_closes_at > now:
            locked.registration_closes_at = now
        fields = ["status", "registration_closes_at", "updated_at"]
        locked.save(update_fields=fields)
        _audit(actor=actor, event=locked, message="registration closed")
    _refresh(event, locked, fields)
    return event


def _area_errors(*, rule: QuotaRule, organiser: Body, errors: dict[str, str]) -> None:
    """A rule gives seats only inside the organiser's area: to a body it serves, or to a
    kind of unit it has there."""
    if rule.scope == QuotaRule.Scope.FIXED and rule.body_id:
        # Only a body the organiser serves (issue #17 finding 9: "KPU Kabupaten Bungo"
        # on a Tebo event): seats elsewhere are another office's to give.
        if not Body.objects.filter(area_filter(organiser), pk=rule.body_id).exists():
            errors.setdefault(
                "body",
                _(
                    "%(body)s is outside the area of %(organiser)s: a fixed rule can only "
                    "give seats to a body in the organiser's area."
                )
                % {"body": rule.body, "organiser": organiser},
            )
    if rule.scope == QuotaRule.Scope.PER_UNIT and rule.body_kind:
        if not units_of_kinds(organiser=organiser, kinds=[rule.body_kind]).exists():
            errors["body_kind"] = _(
                "There is no %(kind)s in the area of %(organiser)s: import its regions and "
                "bodies first, or choose another body kind."
            ) % {"kind": rule.get_body_kind_display(), "organiser": organiser}


def _has_twin(*, rule: QuotaRule, event: Event) -> bool:
    """Whether another rule of the event gives the same body (or kind) the same role."""
    same = QuotaRule.objects.filter(event=event, scope=rule.scope, role=rule.role)
    if rule.scope == QuotaRule.Scope.FIXED:
        same = same.filter(body_id=rule.body_id)
    else:
        same = same.filter(body_kind=rule.body_kind)
    if rule.pk:
        same = same.exclude(pk=rule.pk)
    return same.exists()


def quota_rule_validate(*, rule: QuotaRule) -> None:
    """Rules about a quota rule that need other rows: units in the area, duplicates,
    and for a stored rule the registrations already holding its seats.

    Raises a ValidationError keyed by field. The admin's inline form calls it too.
    Call it inside the transaction that saves the rule: it locks the stored rule
    until that transaction ends, so no registration slips in between the check and
    the save (the admin runs a whole change page in one transaction).
    """
    errors: dict[str, str] = {}
    if rule.pk:
        # The registrations holding the rule's seats are the seat ledger's to check
        # (participants.ledger.rule_change_errors, under the rule lock): this app
        # cannot see them. atomic() only so a call outside any transaction does not
        # fail; inside one (the service, the admin) the lock lasts until the outer commit.
        with transaction.atomic():
            for _receiver, found in quota_rule_changing.send(sender=QuotaRule, rule=rule):
                errors.update(found or {})
    if rule.seats is not None and rule.seats < 1:
        errors["seats"] = _("A rule gives at least one seat (got %(seats)s).") % {
            "seats": rule.seats
        }
    event = getattr(rule, "event", None)
    organiser = event.organiser if event is not None and event.organiser_id else None
    if organiser is not None:
        _area_errors(rule=rule, organiser=organiser, errors=errors)
    if event is not None and event.pk and rule.role and _has_twin(rule=rule, event=event):
        errors.setdefault(
            "role",
            _("This event already has a rule for %(who)s with the role “%(role)s”.")
            % {
                "who": rule.body
                if rule.scope == QuotaRule.Scope.FIXED and rule.body_id
                else rule.get_body_kind_display(),
                "role": rule.get_role_display(),
            },
        )
    if errors:
        raise ValidationError(errors)


def quota_rule_save(
    *,
    event: Event,
    scope: str,
    body_kind: str,
    seats: int,
    role: str = ParticipantRole.ANY,
    body: Body | None = None,
    label: str = "",
    order: int = 0,
    rule: QuotaRule | None = None,
) -> QuotaRule:
    """Create a quota rule, or update `rule`, after checking it makes sense for the event."""
    rule = rule or QuotaRule(event=event)
    rule.event = event
    rule.scope, rule.body_kind, rule.role = scope, body_kind, role
    rule.body, rule.seats, rule.label, rule.order = body, seats, label, order
    # A stored rule is checked against its registrations and saved under its row
    # lock, in one transaction. A new rule has neither, so it needs no transaction
    # around the check: a duplicate saved meanwhile is refused by the constraints.
    with transaction.atomic() if rule.pk else nullcontext():
        quota_rule_validate(rule=rule)
        rule.full_clean()
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError as error:
            # Someone saved the same rule between our check and our write; the
            # partial unique constraints refused the second one.
            raise ValidationError(
                {"role": _("This event already has a rule for this body and role.")}
            ) from error
    return rule


# --- Turnout results -------------------------------------------------------

CODE_PATTERN = re.compile(r"^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$")


@dataclass
class TurnoutImportSummary:
    created: int = 0
    updated: int = 0
    levels: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return self.created + self.updated


def _read_text(file: IO) -> str:
    data = file.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from exc
    return data.lstrip("\ufeff")


# DPT and votes cast are PositiveIntegerFields: a 32-bit integer on PostgreSQL.
MAX_FIGURE = 2_147_483_647


def _parse_int(text: str) -> int | None:
    """`262261`, `262.261` or `262,261` (thousands separators as people type them)."""
    cleaned = re.sub(r"[.,\s]", "", text)
    # isdigit() alone takes "²" and other Unicode digits, which int() then refuses.
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


def _turnout_line(*, number: int, cells: list[str], seen: dict[str, int]):
    """A line's (code, DPT, votes cast), or the message saying what is wrong with it."""
    if len(cells) < 3:
        return _("Line %(line)s: expected 3 columns (region code, DPT, votes cast), got %(n)s.") % {
            "line": number,
            "n": len(cells),
        }
    code, dpt, votes = cells[0], _parse_int(cells[1]), _parse_int(cells[2])
    if not CODE_PATTERN.match(code):
        return _("Line %(line)s: “%(code)s” is not a regency, kecamatan or desa code.") % {
            "line": number,
            "code": code,
        }
    if dpt is None or votes is None:
        return _("Line %(line)s: DPT and votes cast must be whole numbers.") % {"line": number}
    if max(dpt, votes) > MAX_FIGURE:
        return _("Line %(line)s: DPT and votes cast must be whole numbers, at most %(max)s.") % {
            "line": number,
            "max": number_id(MAX_FIGURE),
        }
    if votes > dpt:
        return _("Line %(line)s: votes cast (%(votes)s) exceed the DPT (%(dpt)s).") % {
            "line": number,
            "votes": votes,
            "dpt": dpt,
        }
    if code in seen:
        return _("Line %(line)s: %(code)s already appears on line %(first)s.") % {
            "line": number,
            "code": code,
            "first": seen[code],
        }
    return code, dpt, votes


def _parse_turnout_lines(text: str) -> tuple[list[tuple[int, str, int, int]], list[str]]:
    """The CSV's lines as (line number, code, DPT, votes cast), and every line's problem."""
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    errors: list[str] = []
    parsed: list[tuple[int, str, int, int]] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and not CODE_PATTERN.match(cells[0]) and _parse_int(cells[-1]) is None:
            continue  # a header row: "kode,dpt,suara"
        line = _turnout_line(number=number, cells=cells, seen=seen)
        if isinstance(line, str):
            errors.append(line)
            continue
        code, dpt, votes = line
        seen[code] = number
        parsed.append((number, code, dpt, votes))
    if not parsed and not errors:
        errors.append(_("The file has no result lines."))
    return parsed, errors


def _regions_by_code(*, codes: list[str], edition: str) -> dict[str, object]:
    """The regency, district or village of each code (the level follows from its dots)."""
    by_level = {1: Regency, 2: District, 3: Village}
    regions: dict[str, object] = {}
    for dots, model in by_level.items():
        of_level = [code for code in codes if code.count(".") == dots]
        if of_level:
            regions.update(
                {r.code: r for r in model.objects.filter(code__in=of_level, edition=edition)}
            )
    return regions


def _region_errors(
    *,
    parsed: list[tuple[int, str, int, int]],
    regions: dict[str, object],
    election: Election,
    edition: str,
    area_code: str | None,
) -> list[str]:
    """Lines whose region is unknown, or outside the election's or the office's area."""
    errors: list[str] = []
    # An election held in some provinces or regencies only takes results from there.
    areas = [p.code for p in election.provinces.all()] + [r.code for r in election.regencies.all()]
    for number, code, _dpt, _votes in parsed:
        if code not in regions:
            errors.append(
                _("Line %(line)s: no region with code %(code)s in the %(edition)s edition.")
                % {"line": number, "code": code, "edition": edition}
            )
        elif areas and not any(code == a or code.startswith(a + ".") for a in areas):
            errors.append(
                _("Line %(line)s: %(region)s is outside the area of this election.")
                % {"line": number, "region": regions[code]}
            )
        elif area_code and not (code == area_code or code.startswith(area_code + ".")):
            errors.append(
                _("Line %(line)s: %(region)s is outside your office's area.")
                % {"line": number, "region": regions[code]}
            )
    return errors


def turnout_results_import(
    *, election: Election, file: IO, edition: str = CURRENT_EDITION, area_code: str | None = None
) -> TurnoutImportSummary:
    """Create or update turnout results from a CSV: region code, DPT, votes cast.

    `area_code` (a province or regency code) keeps an office to its own area: a
    line for a region outside it refuses the file.

    The level (regency, district, village) follows from the code. A header row is
    optional; `;` works as well as `,`. Any bad line refuses the whole file, with
    every problem listed by line number, and nothing is written.
    """
    parsed, errors = _parse_turnout_lines(_read_text(file))
    regions = _regions_by_code(codes=[code for _n, code, _d, _v in parsed], edition=edition)
    errors += _region_errors(
        parsed=parsed, regions=regions, election=election, edition=edition, area_code=area_code
    )
    if errors:
        raise ValidationError(errors)

    summary = TurnoutImportSummary()
    with transaction.atomic():
        for _number, code, dpt, votes in parsed:
            region = regions[code]
            level = {Regency: "regency", District: "district", Village: "village"}[type(region)]
            _result, created = TurnoutResult.objects.update_or_create(
                election=election,
                **{level: region},
                defaults={"registered_voters": dpt, "votes_cast": votes},
            )
            summary.created += created
            summary.updated += not created
            summary.levels[level] = summary.levels.get(level, 0) + 1
    return summary
