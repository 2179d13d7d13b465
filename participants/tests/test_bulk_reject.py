"""Staff reject pending registrations in bulk from the list (#17, finding 8): choose,
give one reason, confirm. Scoped as the list is; each one as a single rejection."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from participants import errors
from participants.bulk_reject import registrations_reject_pending
from participants.models import Registration

from .factories import AttendanceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def squatters(world):
    """Three made-up registrations on PPS seats, one verified person, one of Tengah Ilir."""
    make = RegistrationFactory
    return {
        "a": make(quota_rule=world.pps_rule, unit=world.pps[0], full_name="Palsu A"),
        "b": make(quota_rule=world.pps_rule, unit=world.pps[1], full_name="Palsu B"),
        "verified": make(
            quota_rule=world.kpu_rule, unit=world.kpu, status=Registration.Status.VERIFIED
        ),
        "ilir": make(quota_rule=world.pps_rule, unit=world.pps[2], full_name="Palsu Ilir"),
    }


def ids(*registrations):
    return [r.pk for r in registrations]


def statuses(squatters):
    for registration in squatters.values():
        registration.refresh_from_db()
    return {name: r.status for name, r in squatters.items()}


def test_it_rejects_the_chosen_pending_ones_with_one_reason(world, squatters, admin_user):
    chosen = ids(squatters["a"], squatters["b"], squatters["verified"])
    result = registrations_reject_pending(
        event=world.event, ids=chosen, actor=admin_user, reason="NIK karangan"
    )
    assert {r.pk for r in result.rejected} == {squatters["a"].pk, squatters["b"].pk}
    assert statuses(squatters) == {
        "a": "rejected",
        "b": "rejected",
        "verified": "verified",  # not pending: left alone
        "ilir": "pending",  # not chosen
    }
    assert squatters["a"].status_reason == "NIK karangan"
    assert squatters["a"].log.get(action="rejected").actor == admin_user


def test_it_needs_a_reason_and_then_changes_nothing(world, squatters, admin_user):
    with pytest.raises(errors.ReasonRequired):
        registrations_reject_pending(
            event=world.event, ids=ids(squatters["a"]), actor=admin_user, reason="  "
        )
    assert statuses(squatters)["a"] == "pending"


def test_one_recorded_present_is_named_and_the_others_are_rejected(world, squatters, admin_user):
    AttendanceFactory(registration=squatters["a"])
    result = registrations_reject_pending(
        event=world.event, ids=ids(squatters["a"], squatters["b"]), actor=admin_user, reason="x"
    )
    assert [r.pk for r in result.rejected] == [squatters["b"].pk]
    assert [r.pk for r, _message in result.refused] == [squatters["a"].pk]
    assert statuses(squatters)["a"] == "pending"


def test_a_ppk_operator_rejects_only_within_its_kecamatan(world, squatters, staff_of):
    operator = staff_of(world.ppk[0], username="operator-rimbo")
    operator.user_permissions.set(Permission.objects.filter(content_type__app_label="participants"))
    result = registrations_reject_pending(
        event=world.event, ids=ids(squatters["a"], squatters["ilir"]), actor=operator, reason="x"
    )
    assert [r.pk for r in result.rejected] == [squatters["a"].pk]
    assert statuses(squatters)["ilir"] == "pending"


class TestThePage:
    def url(self, world):
        return reverse("participants:staff-reject-bulk", args=[world.event.slug])

    def test_the_list_offers_a_box_for_each_pending_registration(
        self, client, world, squatters, user_with
    ):
        client.force_login(user_with("view_registration", "verify_registration"))
        html = client.get(reverse("participants:staff-list", args=[world.event.slug])).content
        html = html.decode()
        assert 'id="bulk-reject"' in html
        for name in ("a", "b", "ilir"):
            assert f'name="pk" value="{squatters[name].pk}" form="bulk-reject"' in html
        assert f'value="{squatters["verified"].pk}" form="bulk-reject"' not in html

    def test_it_asks_first_naming_each_then_rejects_on_confirming(
        self, client, world, squatters, user_with
    ):
        client.force_login(user_with("view_registration", "verify_registration"))
        data = {"pk": ids(squatters["a"], squatters["b"]), "reason": "NIK karangan"}
        asked = client.post(self.url(world), data)
        html = asked.content.decode()
        assert asked.status_code == 200
        assert "Palsu A" in html and "Palsu B" in html and "NIK karangan" in html
        assert "Ya, tolak 2 pendaftaran" in html
        assert statuses(squatters)["a"] == "pending"
        done = client.post(self.url(world), {**data, "confirm": "1"}, follow=True)
        assert "2 pendaftaran telah ditolak." in done.content.decode()
        assert statuses(squatters)["a"] == statuses(squatters)["b"] == "rejected"

    def test_without_a_reason_or_a_choice_it_says_so_and_changes_nothing(
        self, client, world, squatters, user_with
    ):
        client.force_login(user_with("view_registration", "verify_registration"))
        no_reason = client.post(self.url(world), {"pk": ids(squatters["a"])}, follow=True)
        assert "Tuliskan alasan" in no_reason.content.decode()
        nothing = client.post(self.url(world), {"reason": "x", "pk": ["abc"]}, follow=True)
        assert "Pilih sekurang-kurangnya satu" in nothing.content.decode()
        assert statuses(squatters)["a"] == "pending"

    def test_an_account_that_may_only_view_is_refused(self, client, world, squatters, user_with):
        client.force_login(user_with("view_registration"))
        data = {"pk": ids(squatters["a"]), "reason": "x", "confirm": "1"}
        assert client.post(self.url(world), data).status_code == 403
        assert statuses(squatters)["a"] == "pending"
