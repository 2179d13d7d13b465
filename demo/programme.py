"""What a demo event is made of once it exists: its quota rules, speakers and agenda,
through the same services and validation staff use (demo/seed.py, demo/upcoming.py)."""

from __future__ import annotations

from datetime import date, time

from events.models import AgendaItem, Event, QuotaRule, Speaker
from events.services import quota_rule_save

# (scope, body kind, body or None, role, seats, label)
RuleRow = tuple[str, str, object, str, int, str]
# (name, background, topic)
SpeakerRow = tuple[str, str, str]
# (day, start, end, session, speaker or None)
AgendaRow = tuple[date, time, time, str, Speaker | None]


def add_quota_rules(event: Event, rules: list[RuleRow]) -> list[QuotaRule]:
    return [
        quota_rule_save(
            event=event,
            scope=scope,
            body_kind=kind,
            body=body,
            role=role,
            seats=seats,
            label=label,
            order=order,
        )
        for order, (scope, kind, body, role, seats, label) in enumerate(rules, start=1)
    ]


def add_speakers(event: Event, speakers: list[SpeakerRow]) -> list[Speaker]:
    return [
        Speaker.objects.create(
            event=event, name=name, background=background, topic=topic, order=order
        )
        for order, (name, background, topic) in enumerate(speakers, start=1)
    ]


def add_agenda(event: Event, agenda: list[AgendaRow]) -> None:
    for day, start, end, session, speaker in agenda:
        item = AgendaItem(
            event=event, day=day, start_time=start, end_time=end, session=session, speaker=speaker
        )
        item.full_clean()
        item.save()
