from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bodies.models import Body
from events.models import Event
from events.selectors import (
    event_listing_reason,
    event_registration_closed_reason,
    open_events,
    recent_events,
    units_for_rule,
)
from events.tests.factories import (
    EventFactory,
    QuotaRuleFactory,
    generated_regency,
)

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def tebo_rules(event):
    return {(r.body_kind, r.role): r for r in event.quota_rules.all()}


def test_units_for_rule_follow_the_organisers_area(tebo_event):
    other = generated_regency(districts=2, villages_per_district=3)
    pps_rule = tebo_rules(tebo_event)[("PPS", "sosdiklih")]
    fixed = tebo_rules(tebo_event)[("KPU_KAB", "any")]

    pps = units_for_rule(rule=pps_rule)

    assert pps.count() == 129
    assert not pps.filter(regency=other).exists()
    assert list(units_for_rule(rule=fixed)) == [tebo_event.organiser]


def test_a_provincial_organiser_covers_every_regency_of_its_province():
    first = generated_regency(districts=2, villages_per_district=2)
    second = generated_regency(districts=1, villages_per_district=3)
    kpu_prov = Body.objects.get(kind=Body.Kind.KPU_PROVINSI, province=first.province)
    rule = QuotaRuleFactory(event=EventFactory(organiser=kpu_prov))

    assert set(units_for_rule(rule=rule)) == set(
        Body.objects.filter(kind="PPS", regency__in=[first, second])
    )


class TestRegistrationClosedReason:
    now = datetime(2024, 11, 5, 10, 0, tzinfo=WIB)

    def test_it_is_none_while_registration_is_open(self, tebo_event):
        assert event_registration_closed_reason(event=tebo_event, now=self.now) is None

    @pytest.mark.parametrize(
        "status, words",
        [
            (Event.Status.DRAFT, "belum dibuka"),
            (Event.Status.CLOSED, "ditutup"),
            (Event.Status.HELD, "sudah dilaksanakan"),
            (Event.Status.CANCELLED, "dibatalkan"),
        ],
    )
    def test_it_says_why_for_each_closed_status(self, tebo_event, status, words):
        tebo_event.status = status

        assert words in event_registration_closed_reason(event=tebo_event, now=self.now)

    def test_before_the_window_it_says_from_when(self, tebo_event):
        tebo_event.registration_opens_at = datetime(2024, 11, 6, 8, 0, tzinfo=WIB)

        reason = event_registration_closed_reason(event=tebo_event, now=self.now)

        assert reason == "Pendaftaran dibuka mulai Rabu, 6 November 2024 pukul 08.00 WIB."

    def test_after_the_window_it_says_since_when(self, tebo_event):
        tebo_event.registration_closes_at = datetime(2024, 11, 4, 16, 30, tzinfo=WIB)

        reason = event_registration_closed_reason(event=tebo_event, now=self.now)

        assert reason == "Pendaftaran ditutup sejak Senin, 4 November 2024 pukul 16.30 WIB."


def test_open_events_lists_only_events_inside_their_window_and_not_yet_over(tebo_event):
    now = timezone.now()
    ahead = {"first_day": timezone.localdate() + timedelta(days=5)}
    ahead["last_day"] = ahead["first_day"]
    Event.objects.filter(pk=tebo_event.pk).update(**ahead)
    organiser = tebo_event.organiser
    later = EventFactory(
        organiser=organiser, registration_opens_at=now + timedelta(days=1), **ahead
    )
    over = EventFactory(
        organiser=organiser, registration_closes_at=now - timedelta(minutes=1), **ahead
    )
    past = EventFactory(organiser=organiser)  # 11-12 November 2024, left open
    draft = EventFactory(organiser=organiser, status=Event.Status.DRAFT, **ahead)

    assert list(open_events()) == [tebo_event]
    recent = set(recent_events())
    assert {later, over, past} <= recent
    assert draft not in recent and tebo_event not in recent
    assert event_listing_reason(event=past) == (
        "Acara ini telah berlangsung pada 11–12 November 2024."
    )
