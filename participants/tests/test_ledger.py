"""The seat ledger: the overview, the summary and what they cost."""

import pytest

from bodies.models import District
from events.models import Event, QuotaRule
from events.selectors import units_for_rule
from events.tests.factories import (
    EventFactory,
    QuotaRuleFactory,
    add_villages,
    generated_regency,
    kpu_of,
)
from participants.ledger import quota_overview, seat_summary
from participants.models import Registration
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("size", [(2, 3), (30, 40)])
def test_seat_summary_costs_three_queries_whatever_the_size(django_assert_num_queries, size):
    regency = generated_regency(districts=size[0], villages_per_district=size[1])
    event = EventFactory(organiser=kpu_of(regency))
    QuotaRuleFactory(event=event, body_kind="PPS", seats=2)
    event = Event.objects.select_related("organiser").get(pk=event.pk)

    with django_assert_num_queries(3):  # rules, unit counts, taken counts
        summary = seat_summary(event=event)

    assert summary.expected_total == 2 * size[0] * size[1]
