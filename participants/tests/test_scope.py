"""The staff of KPU Kabupaten Tebo see Tebo's participants, never another regency's.

Another office's registrations (names, NIK, phone numbers) stay out of every staff
page, export, check-in desk and admin list, and cannot be acted on by address.
"""

import pytest
from django.urls import reverse

from bodies.models import Body
from participants.models import Attendance, Registration

pytestmark = pytest.mark.django_db
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}
NO_OFFICE = "Akun Anda belum terhubung ke kantor KPU"
ALL = (
    "participants.view_registration",
    "participants.verify_registration",
    "participants.check_in",
    "participants.view_full_nik",
)


@pytest.fixture
def tebo_client(client, staff_of, tebo_event):
    client.force_login(staff_of(tebo_event.organiser, *ALL))
    return client


@pytest.fixture
def other(other_regency_event):
    """The other regency's event and its pending PPS registration."""
    person = other_regency_event.registrations.get(status=Registration.Status.PENDING)
    return other_regency_event, person


def event_pages(event) -> list[str]:
    slug = event.slug
    return [
        reverse("participants:staff-list", args=[slug]),
        reverse("participants:staff-export", args=[slug, "csv"]),
        reverse("participants:staff-export", args=[slug, "xlsx"]),
        reverse("participants:check-in-today", args=[slug]),
        reverse("participants:check-in", args=[slug, "2024-11-11"]),
    ]


class TestStaffPages:
    def test_another_offices_pages_are_not_found(self, tebo_client, tebo_event, other):
        event, person = other
        for url in [*event_pages(event), reverse("participants:staff-detail", args=[person.pk])]:
            response = tebo_client.get(url)
            assert response.status_code == 404, url
            assert person.full_name not in response.content.decode()
        for url in event_pages(tebo_event):
            assert tebo_client.get(url).status_code in (200, 302), url

    @pytest.mark.parametrize("action", ["verify", "reject", "cancel", "substitute"])
    def test_another_offices_registration_cannot_be_acted_on(self, tebo_client, other, action):
        _event, person = other
        url = reverse(f"participants:staff-{action}", args=[person.pk])

        response = tebo_client.post(
            url, {"reason": "x", "full_name": "Orang Baru", "nik": "1509015705900002"}
        )

        assert response.status_code == 404
        person.refresh_from_db()
        assert person.status == Registration.Status.PENDING

    def test_the_desk_cannot_check_in_another_offices_person_by_id(
        self, tebo_client, tebo_event, other
    ):
        _event, person = other
        desk = reverse("participants:check-in", args=[tebo_event.slug, "2024-11-11"])

        response = tebo_client.post(
            desk, {"registration": person.pk, "confirm_day": "2024-11-11"}, follow=True, **ID
        )

        assert person.full_name not in response.content.decode()
        assert person.code not in response.content.decode()
        assert not Attendance.objects.filter(registration=person).exists()

    def test_a_kpu_provinsi_sees_both_regencies_lists(self, client, staff_of, tebo_event, other):
        event, person = other
        kpu_jambi = Body.objects.get(kind=Body.Kind.KPU_PROVINSI)
        client.force_login(staff_of(kpu_jambi, *ALL))

        assert client.get(event_pages(tebo_event)[0]).status_code == 200
        assert person.full_name in client.get(event_pages(event)[0]).content.decode()

    def test_a_superuser_sees_every_office(self, admin_client, other):
        event, person = other

        assert person.full_name in admin_client.get(event_pages(event)[0]).content.decode()

    def test_an_account_without_an_office_is_told_why(self, client, staff_of, tebo_event, other):
        _event, person = other
        client.force_login(staff_of(None, *ALL))

        for url in [
            *event_pages(tebo_event),
            reverse("participants:staff-detail", args=[person.pk]),
        ]:
            response = client.get(url, **ID)
            assert response.status_code == 403, url
            assert NO_OFFICE in response.content.decode(), url

    def test_the_office_costs_one_query(
        self, tebo_client, tebo_registration, django_assert_num_queries
    ):
        url = reverse("participants:staff-list", args=[tebo_registration.event.slug])
        # session, user, permissions (user, groups), office, event, count, rows,
        # attendance, districts
        with django_assert_num_queries(10):
            tebo_client.get(url)


class TestAdmin:
    @pytest.fixture
    def admin_of_tebo(self, client, staff_of, tebo_event):
        client.force_login(
            staff_of(
                tebo_event.organiser,
                "participants.view_registration",
                "participants.verify_registration",
                "participants.view_registrationlog",
            )
        )
        return client

    def test_the_registration_list_leaves_out_another_office(
        self, admin_of_tebo, tebo_registration, other
    ):
        event, person = other

        html = admin_of_tebo.get(
            reverse("admin:participants_registration_changelist"), **ID
        ).content.decode()

        assert tebo_registration.full_name in html
        assert person.full_name not in html
        assert event.title not in html  # nor in the event filter

    def test_another_offices_registration_page_is_not_shown(self, admin_of_tebo, other):
        _event, person = other

        response = admin_of_tebo.get(
            reverse("admin:participants_registration_change", args=[person.pk]), follow=True
        )

        assert person.full_name not in response.content.decode()
        assert person.masked_nik not in response.content.decode()

    def test_an_admin_action_cannot_reach_another_office(self, admin_of_tebo, other):
        _event, person = other

        admin_of_tebo.post(
            reverse("admin:participants_registration_changelist"),
            {"_selected_action": [person.pk], "index": 0, "action": "verify_selected"},
        )

        person.refresh_from_db()
        assert person.status == Registration.Status.PENDING

    def test_the_audit_log_leaves_out_another_office(
        self, admin_of_tebo, admin_user, tebo_registration, other
    ):
        from participants.services import registration_verify

        _event, person = other
        registration_verify(registration=person, actor=admin_user)
        registration_verify(registration=tebo_registration, actor=admin_user)

        html = admin_of_tebo.get(
            reverse("admin:participants_registrationlog_changelist")
        ).content.decode()

        assert tebo_registration.code in html
        assert person.code not in html

    def test_an_account_without_an_office_is_told_why_the_list_is_empty(
        self, client, staff_of, tebo_registration
    ):
        client.force_login(staff_of(None, "participants.view_registration"))

        html = client.get(
            reverse("admin:participants_registration_changelist"), **ID
        ).content.decode()

        assert tebo_registration.full_name not in html
        assert NO_OFFICE in html
