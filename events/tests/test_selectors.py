from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bodies.models import Body, District
from events.models import Event, QuotaRule
from events.selectors import (
    event_registration_closed_reason,
    open_events,
    quota_overview,
    recent_events,
    seat_summary,
    units_for_rule,
)
from events.tests.factories import (
    EventFactory,
    QuotaRuleFactory,
    add_villages,
    generated_regency,
    kpu_of,
)
from participants.models import Registration
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def tebo_rules(event):
    return {(r.body_kind, r.role): r for r in event.quota_rules.all()}


def test_tebo_expected_total_is_derived_as_24_plus_2x12_plus_129(tebo_event):
    overview = quota_overview(event=tebo_event)

    assert overview.expected_total == 24 + 2 * 12 + 129 == 177
    assert overview.declared_total == 177
    assert not overview.totals_differ
    assert (overview.kinds["KPU"].seats, overview.kinds["KPU"].units) == (24, 1)
    assert (overview.kinds["PPK"].seats, overview.kinds["PPK"].units) == (24, 12)
    assert (overview.kinds["PPS"].seats, overview.kinds["PPS"].units) == (129, 129)


def test_a_new_kecamatan_with_villages_changes_the_expected_total_without_touching_the_event(
    tebo_event,
):
    from bodies.services import bodies_derive_for_regency

    regency = tebo_event.organiser.regency
    district = District.objects.create(code="15.09.99", name="Kecamatan Baru", regency=regency)
    add_villages(district=district, count=5)
    bodies_derive_for_regency(regency=regency)

    overview = quota_overview(event=tebo_event)

    assert overview.expected_total == 177 + 2 + 5
    assert overview.totals_differ


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


def test_overview_counts_only_active_registrations_and_lists_the_missing_units(tebo_event):
    rules = tebo_rules(tebo_event)
    pps_rule, kpu_rule = rules[("PPS", "sosdiklih")], rules[("KPU_KAB", "any")]
    first_pps, second_pps = units_for_rule(rule=pps_rule).order_by("village__code")[:2]
    RegistrationFactory(quota_rule=pps_rule, unit=first_pps)
    RegistrationFactory(quota_rule=pps_rule, unit=second_pps, status=Registration.Status.CANCELLED)
    for seat in (1, 2, 3):
        RegistrationFactory(quota_rule=kpu_rule, unit=tebo_event.organiser, seat_number=seat)

    overview = quota_overview(event=tebo_event)

    assert overview.taken_total == 4
    assert (overview.kinds["PPS"].taken, overview.kinds["PPS"].free) == (1, 128)
    assert overview.kinds["PPS"].units_missing == 128
    assert first_pps not in overview.missing_units
    assert second_pps in overview.missing_units
    assert (overview.kinds["KPU"].taken, overview.kinds["KPU"].units_missing) == (3, 0)
    assert tebo_event.organiser not in overview.missing_units


def test_overview_groups_each_kecamatan_with_its_ppk_and_its_desa(tebo_event):
    overview = quota_overview(event=tebo_event)

    assert len(overview.districts) == 12
    assert sum(len(g.pps_lines) for g in overview.districts) == 129
    for group in overview.districts:
        assert len(group.ppk_lines) == 2  # Sosdiklih member + secretariat
        assert all(line.unit.district_id == group.district.pk for line in group.pps_lines)
        assert group.seats == 2 + len(group.pps_lines)


@pytest.mark.parametrize("size", [(2, 3), (30, 40)])
def test_quota_overview_costs_the_same_queries_whatever_the_number_of_units(
    django_assert_num_queries, size
):
    regency = generated_regency(districts=size[0], villages_per_district=size[1])
    event = EventFactory(organiser=kpu_of(regency))
    QuotaRuleFactory(event=event, body_kind="PPS")
    QuotaRuleFactory(event=event, body_kind="PPK", role="secretariat")
    QuotaRuleFactory(
        event=event, scope=QuotaRule.Scope.FIXED, body_kind="KPU_KAB", body=kpu_of(regency),
        role="any", seats=5,
    )  # fmt: skip
    event = Event.objects.select_related("organiser").get(pk=event.pk)

    with django_assert_num_queries(3):  # rules, units of the per-unit kinds, taken counts
        overview = quota_overview(event=event)

    assert overview.expected_total == 5 + size[0] + size[0] * size[1]


def test_quota_overview_on_tebo_costs_three_queries(tebo_event, django_assert_num_queries):
    event = Event.objects.select_related("organiser").get(pk=tebo_event.pk)
    with django_assert_num_queries(3):
        quota_overview(event=event)


def test_seat_summary_agrees_with_the_full_overview(tebo_event):
    rules = tebo_rules(tebo_event)
    pps_rule = rules[("PPS", "sosdiklih")]
    for unit in units_for_rule(rule=pps_rule)[:3]:
        RegistrationFactory(quota_rule=pps_rule, unit=unit)
    event = Event.objects.select_related("organiser").get(pk=tebo_event.pk)

    summary, overview = seat_summary(event=event), quota_overview(event=event)

    assert [(r.units, r.seats, r.taken, r.free) for r in summary.rules] == [
        (r.units, r.seats, r.taken, r.free) for r in overview.rules
    ]
    assert (summary.expected_total, summary.taken_total, summary.free_total) == (177, 3, 174)


@pytest.mark.parametrize("size", [(2, 3), (30, 40)])
def test_seat_summary_costs_three_queries_whatever_the_size(django_assert_num_queries, size):
    regency = generated_regency(districts=size[0], villages_per_district=size[1])
    event = EventFactory(organiser=kpu_of(regency))
    QuotaRuleFactory(event=event, body_kind="PPS", seats=2)
    event = Event.objects.select_related("organiser").get(pk=event.pk)

    with django_assert_num_queries(3):  # rules, unit counts, taken counts
        summary = seat_summary(event=event)

    assert summary.expected_total == 2 * size[0] * size[1]


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


def test_open_events_lists_only_events_inside_their_window(tebo_event):
    now = timezone.now()
    organiser = tebo_event.organiser
    later = EventFactory(organiser=organiser, registration_opens_at=now + timedelta(days=1))
    over = EventFactory(organiser=organiser, registration_closes_at=now - timedelta(minutes=1))
    draft = EventFactory(organiser=organiser, status=Event.Status.DRAFT)

    assert list(open_events()) == [tebo_event]
    recent = set(recent_events())
    assert {later, over} <= recent
    assert draft not in recent and tebo_event not in recent
