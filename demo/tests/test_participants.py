import pytest

from demo.participants import fill_event_with_demo_participants
from participants.ledger import quota_overview
from participants.models import Attendance, Registration
from participants.nik import parse_nik


@pytest.mark.slow
def test_it_fills_all_177_tebo_seats_with_valid_people_and_is_idempotent(
    tebo_event, django_assert_max_num_queries
):
    # A budget of queries rather than seconds (the machine may be busy): each person costs
    # what registration_create costs (1,786 queries for 177 when written); verifying and attendance are bulk.
    with django_assert_max_num_queries(177 * 11):
        made = fill_event_with_demo_participants(event=tebo_event)
    assert made == 177
    overview = quota_overview(event=tebo_event)
    assert (overview.taken_total, overview.free_total) == (177, 0)
    regs = list(Registration.objects.filter(event=tebo_event).select_related("unit__district"))
    for registration in regs:
        info = parse_nik(registration.nik)
        assert (info.sex, info.birth_date) == (registration.sex, registration.birth_date)
        if registration.unit.district_id:
            assert info.region_code == registration.unit.district.code
        assert registration.phone.startswith("+628")
    verified = sum(r.status == Registration.Status.VERIFIED for r in regs)
    assert 150 <= verified < 177
    both_days = Attendance.objects.filter(registration__event=tebo_event).count()
    assert verified * 2 * 0.85 < both_days < verified * 2
    assert any(" " not in r.full_name for r in regs), "some single names"
    assert any("," in r.full_name for r in regs), "some academic titles"
    assert fill_event_with_demo_participants(event=tebo_event) == 0


@pytest.mark.slow
def test_it_fills_only_the_seats_freed_since_and_is_deterministic(tebo_event):
    fill_event_with_demo_participants(event=tebo_event)
    names = sorted(Registration.objects.values_list("full_name", flat=True))
    freed = Registration.objects.filter(event=tebo_event, unit__kind="PPS")[:3]
    Registration.objects.filter(pk__in=[r.pk for r in freed]).update(status="cancelled")
    assert fill_event_with_demo_participants(event=tebo_event) == 3
    assert (
        Registration.objects.filter(event=tebo_event, status__in=["pending", "verified"]).count()
        == 177
    )
    assert len(names) == 177


def test_it_can_leave_pps_units_free_for_a_visitor_to_try_the_form(tebo_event):
    made = fill_event_with_demo_participants(event=tebo_event, keep_free=5)

    assert made == 172
    overview = quota_overview(event=tebo_event)
    assert overview.kinds["PPS"].units_missing == 5
    assert (overview.kinds["KPU"].free, overview.kinds["PPK"].free) == (0, 0)
    assert fill_event_with_demo_participants(event=tebo_event, keep_free=5) == 0
    assert fill_event_with_demo_participants(event=tebo_event) == 5
