"""The day a document is dated when staff give none: one rule for every document.

A document is dated the day the facts it states are complete:

- a record of the event as held (berita acara, laporan evaluasi, honorarium):
  the event's last day, since it reports every day's attendance and tests;
- the laporan partisipasi: the day the turnout it reports is known, the
  election's voting day when that falls after the event (the event's last day
  otherwise), however long after the office prints it;
- a letter that goes out before the event (undangan): the day it is printed.

Each spec names its facts (`DocumentSpec.date_defaults`); the print page shows
the day, `build_document` passes it to the data builder, and a builder called on
its own asks here too. README ("Tanggal dokumen") says the same in Indonesian.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Facts(StrEnum):
    EVENT_HELD = "event_held"
    TURNOUT_KNOWN = "turnout_known"
    PRINTED = "printed"


# What the print page says an empty date field means.
FACTS_HELP = {
    Facts.EVENT_HELD: _("Left empty: the event's last day, when every day's facts are in."),
    Facts.TURNOUT_KNOWN: _("Left empty: the election's voting day, when the turnout is known."),
    Facts.PRINTED: _("Left empty: the day it is printed."),
}


def document_default_date(*, event, facts: Facts | str) -> datetime.date:
    """The day a document about `event` is dated unless staff choose another."""
    facts = Facts(facts)
    if facts == Facts.PRINTED:
        return timezone.localdate()
    if facts == Facts.TURNOUT_KNOWN and event.election_id:
        return max(event.last_day, event.election.voting_day)
    return event.last_day
