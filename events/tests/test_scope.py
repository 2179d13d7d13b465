"""Staff see the events of their own KPU office's area, and nothing of another office's.

A province's server hosts its regencies: the staff of KPU Kabupaten Tebo must not
list, open, change or act on another regency's event.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bodies.models import Body
from events.models import Event, TurnoutResult
from events.selectors import event_for_staff, events_visible_to
from events.tests.test_admin import INLINES

pytestmark = pytest.mark.django_db
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}
NO_OFFICE = "Akun Anda belum terhubung ke kantor KPU"

EVENT_ADMIN = ("events.view_event", "events.change_event", "events.add_event")


@pytest.fixture
def kpu_jambi(tebo_event):
    return Body.objects.get(kind=Body.Kind.KPU_PROVINSI, province=tebo_event.organiser.province)


@pytest.fixture
def tebo_staff(client, staff_of, tebo_event):
    client.force_login(staff_of(tebo_event.organiser, *EVENT_ADMIN, "bodies.view_body"))
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class TestWhoSeesWhich:
    def test_an_office_sees_its_own_events_only(self, staff_of, tebo_event, other_regency_event):
        user = staff_of(tebo_event.organiser)

        assert list(events_visible_to(user=user)) == [tebo_event]

    def test_a_kpu_provinsi_sees_the_events_of_its_regencies(
        self, staff_of, kpu_jambi, tebo_event, other_regency_event
    ):
        user = staff_of(kpu_jambi)

        assert set(events_visible_to(user=user)) == {tebo_event, other_regency_event}

    def test_kpu_ri_and_superusers_see_every_event(
        self, staff_of, admin_user, tebo_event, other_regency_event
    ):
        kpu_ri = Body.objects.get(kind=Body.Kind.KPU_RI)

        assert events_visible_to(user=staff_of(kpu_ri)).count() == 2
        assert events_visible_to(user=admin_user).count() == 2

    def test_an_account_without_an_office_sees_none(
        self, staff_of, tebo_event, django_assert_num_queries
    ):
        user = staff_of(None)

        with django_assert_num_queries(1):  # reading the office; the empty list costs nothing
            assert list(events_visible_to(user=user)) == []

    def test_the_office_is_read_once_per_user(
        self, staff_of, tebo_event, django_assert_num_queries
    ):
        user = staff_of(tebo_event.organiser)

        with django_assert_num_queries(2):  # the office, then the events
            list(events_visible_to(user=user))
        with django_assert_num_queries(1):
            list(events_visible_to(user=user))

    def test_another_offices_event_is_a_404_as_if_it_did_not_exist(
        self, staff_of, tebo_event, other_regency_event
    ):
        from django.http import Http404

        user = staff_of(tebo_event.organiser)

        assert event_for_staff(user=user, slug=tebo_event.slug) == tebo_event
        with pytest.raises(Http404):
            event_for_staff(user=user, slug=other_regency_event.slug)


class TestEventAdmin:
    def test_the_list_shows_only_the_offices_events(
        self, tebo_staff, tebo_event, other_regency_event
    ):
        html = tebo_staff.get(reverse("admin:events_event_changelist"), **ID).content.decode()

        assert tebo_event.title in html
        assert other_regency_event.title not in html

    def test_a_superuser_lists_every_event(self, admin_client, tebo_event, other_regency_event):
        html = admin_client.get(reverse("admin:events_event_changelist"), **ID).content.decode()

        assert tebo_event.title in html and other_regency_event.title in html

    def test_another_offices_event_page_is_not_found(
        self, tebo_staff, tebo_event, other_regency_event
    ):
        own = tebo_staff.get(reverse("admin:events_event_change", args=[tebo_event.pk]))
        other = tebo_staff.get(reverse("admin:events_event_change", args=[other_regency_event.pk]))

        assert own.status_code == 200
        assert other.status_code == 404
        assert other_regency_event.title not in other.content.decode()

    def test_an_action_cannot_reach_another_offices_event(
        self, tebo_staff, tebo_event, other_regency_event
    ):
        tebo_staff.post(
            reverse("admin:events_event_changelist"),
            {
                "_selected_action": [other_regency_event.pk],
                "index": 0,
                "action": "close_registration",
            },
        )

        other_regency_event.refresh_from_db()
        assert other_regency_event.status == Event.Status.OPEN

    def test_another_office_cannot_be_chosen_as_organiser(
        self, tebo_staff, tebo_event, other_regency_event
    ):
        data = {
            "title": "Bimtek Titipan",
            "slug": "bimtek-titipan",
            "organiser": other_regency_event.organiser.pk,
            "venue_name": "Aula",
            "first_day": "2024-12-02",
            "last_day": "2024-12-02",
        }
        for prefix in INLINES:
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})

        refused = tebo_staff.post(reverse("admin:events_event_add"), data, **ID)
        assert refused.status_code == 200
        assert not Event.objects.filter(slug="bimtek-titipan").exists()

        data["organiser"] = tebo_event.organiser.pk
        assert tebo_staff.post(reverse("admin:events_event_add"), data, **ID).status_code == 302
        assert Event.objects.get(slug="bimtek-titipan").organiser == tebo_event.organiser

    def test_an_account_without_an_office_is_told_why_the_list_is_empty(
        self, client, staff_of, tebo_event
    ):
        client.force_login(staff_of(None, *EVENT_ADMIN))

        response = client.get(reverse("admin:events_event_changelist"), **ID)

        assert tebo_event.title not in response.content.decode()
        assert any(NO_OFFICE in m for m in messages_of(response))


class TestQuotaOverview:
    def url(self, event):
        return reverse("events:quota-overview", args=[event.slug])

    def test_another_offices_overview_is_not_found(
        self, tebo_staff, tebo_event, other_regency_event
    ):
        assert tebo_staff.get(self.url(tebo_event)).status_code == 200
        assert tebo_staff.get(self.url(other_regency_event)).status_code == 404

    def test_a_kpu_provinsi_opens_both(
        self, client, staff_of, kpu_jambi, tebo_event, other_regency_event
    ):
        client.force_login(staff_of(kpu_jambi, "events.view_event"))

        assert client.get(self.url(tebo_event)).status_code == 200
        assert client.get(self.url(other_regency_event)).status_code == 200

    def test_an_account_without_an_office_gets_the_reason_whatever_the_slug(
        self, client, staff_of, tebo_event
    ):
        client.force_login(staff_of(None, "events.view_event"))

        real = client.get(self.url(tebo_event), **ID)
        made_up = client.get(reverse("events:quota-overview", args=["tidak-ada"]), **ID)

        assert real.status_code == made_up.status_code == 403
        # The same page for both, so the answer tells nothing about the slug.
        assert NO_OFFICE in real.content.decode() and NO_OFFICE in made_up.content.decode()
        assert tebo_event.title not in real.content.decode()


class TestTurnout:
    def test_an_office_lists_only_its_areas_results(self, client, staff_of, tebo_event):
        TurnoutResult.objects.create(
            election=tebo_event.election,
            regency=other_regency(tebo_event),
            registered_voters=1000,
            votes_cast=700,
        )
        client.force_login(staff_of(tebo_event.organiser, "events.view_turnoutresult"))

        html = client.get(reverse("admin:events_turnoutresult_changelist")).content.decode()

        assert "262.261" in html  # Tebo's DPT
        assert "Kabupaten Lain" not in html

    def test_an_office_cannot_import_another_regencys_results(self, client, staff_of, tebo_event):
        code = other_regency(tebo_event).code
        client.force_login(
            staff_of(
                tebo_event.organiser, "events.add_turnoutresult", "events.change_turnoutresult"
            )
        )
        upload = SimpleUploadedFile("hasil.csv", f"{code},1000,700\n".encode())

        response = client.post(
            reverse("admin:events_turnoutresult_import"),
            {"election": tebo_event.election_id, "file": upload},
            **ID,
        )

        assert response.status_code == 200
        assert "di luar wilayah kantor Anda" in response.content.decode()
        assert not TurnoutResult.objects.filter(regency__code=code).exists()


def other_regency(tebo_event):
    from bodies.tests.factories import RegencyFactory

    return RegencyFactory(province=tebo_event.organiser.province, name="Kabupaten Lain")
