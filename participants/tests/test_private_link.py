"""Finding 5 of issue 9: the private link is its own secret, not the desk's code.

The 8-character registration code is printed, exported, searched at the desk and
written in the log; it must open nothing. The private link carries 128 random bits,
kept only as a SHA-256, and stops working BIMTEK_PRIVATE_LINK_DAYS after the event.
"""

import datetime as dt
import io
import logging
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.models import Event
from events.tests.factories import EventFactory, QuotaRuleFactory
from participants.models import Registration, RegistrationLog
from participants.private_link import submission_key_hash, token_hash
from participants.qr import desk_code_qr_svg, qr_svg

from .factories import RegistrationFactory
from .test_views_public import form_data, token_in, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def world(db):
    from .test_views_public import world as upcoming

    return upcoming.__wrapped__(db)


@pytest.fixture
def registered(client, world):
    """A person registered through the form: (registration, the token they were given)."""
    response = client.post(url(world), form_data(world))
    return Registration.objects.get(), token_in(response)


def _staff_issue_a_new_link(client, registration, user_with) -> str:
    """A secretariat account issues a new link from the record page; the link it shows."""
    client.force_login(user_with("view_registration", "verify_registration", "view_full_nik"))
    html = client.post(
        reverse("participants:staff-private-link", args=[registration.pk])
    ).content.decode()
    client.logout()
    return re.search(r"/daftar/p/([A-Za-z0-9_-]{22})/", html).group(1)


def _dump(model) -> str:
    """Every column of every row of a table, as text."""
    return repr(list(model.objects.values()))


class TestTheCodeOpensNothing:
    def test_the_registration_code_does_not_open_the_private_page(self, client, registered):
        registration, _token = registered
        for path in (f"/daftar/r/{registration.code}/", f"/daftar/r/{registration.code}/ubah/"):
            response = client.get(path)
            assert response.status_code == 410, path
            html = response.content.decode()
            assert registration.full_name not in html and registration.phone not in html
            assert "tidak lagi membuka" in html
        # Nor in the new place: the code is not a token.
        response = client.get(reverse("participants:detail", args=[registration.code]))
        assert response.status_code == 404

    def test_the_code_cannot_cancel(self, client, registered):
        registration, _token = registered
        client.post(f"/daftar/r/{registration.code}/batal/")
        registration.refresh_from_db()
        assert registration.status == Registration.Status.PENDING

    def test_the_token_is_128_bits_and_opens_the_page(self, client, registered):
        registration, token = registered
        assert len(token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
        response = client.get(reverse("participants:detail", args=[token]))
        assert response.status_code == 200
        assert registration.full_name in response.content.decode()

    def test_the_desk_qr_holds_the_code_and_not_the_link(self, client, registered):
        registration, token = registered
        html = client.get(reverse("participants:detail", args=[token])).content.decode()
        desk_qr = html[html.index('<div class="qr"') :]
        desk_qr = desk_qr[: desk_qr.index("</div>")]
        assert desk_code_qr_svg(registration.code) in desk_qr and token not in desk_qr
        # The private link is shown off the printed proof, folded away after the first visit.
        assert '<details class="card mt-3 no-print private-link">' in html


class TestTheLinksQrCodeIsAskedFor:
    """The private link's QR code is on a page of its own, not beside the desk's code."""

    def test_the_proof_links_to_it_and_does_not_show_it(self, client, registered):
        registration, token = registered
        html = client.get(reverse("participants:detail", args=[token])).content.decode()
        qr_page = reverse("participants:link-qr", args=[token])
        assert f'href="{qr_page}"' in html
        assert html.count("<svg") == 1  # the desk's code only

    def test_its_page_holds_the_link_and_is_never_cached(self, client, registered, settings):
        settings.BIMTEK_SITE_URL = "https://bimtek.kpu-tebo.example"
        registration, token = registered
        response = client.get(reverse("participants:link-qr", args=[token]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        # From BIMTEK_SITE_URL, not the address the page was opened at (testserver).
        link = "https://bimtek.kpu-tebo.example" + reverse("participants:detail", args=[token])
        assert qr_svg(link) in html and "jangan tunjukkan di meja" in html.lower()

    def test_the_code_does_not_open_it(self, client, registered):
        registration, _token = registered
        response = client.get(reverse("participants:link-qr", args=[registration.code]))
        assert response.status_code == 404


class TestTheSecretIsKeptNowhere:
    def test_the_database_holds_only_the_hash(self, client, registered):
        registration, token = registered
        client.get(reverse("participants:detail", args=[token]))
        assert registration.private_link_hash == token_hash(token)
        for model in (Registration, RegistrationLog):
            assert token not in _dump(model)

    def test_exports_hold_neither_the_token_nor_its_hash(self, client, registered, admin_user):
        registration, token = registered
        client.force_login(admin_user)
        slug = registration.event.slug
        csv_text = (
            client.get(reverse("participants:staff-export", args=[slug, "csv"]))
            .getvalue()
            .decode("utf-8-sig")
        )
        sheet = load_workbook(
            io.BytesIO(
                client.get(reverse("participants:staff-export", args=[slug, "xlsx"])).content
            )
        ).active
        xlsx_text = repr([[cell.value for cell in row] for row in sheet.iter_rows()])
        for text in (csv_text, xlsx_text):
            assert registration.code in text
            assert token not in text and registration.private_link_hash not in text

    def test_the_token_is_not_logged(self, client, world, caplog, settings):
        caplog.set_level(logging.DEBUG)
        response = client.post(url(world), form_data(world))
        token = token_in(response)
        client.get(response["Location"])
        client.get(reverse("participants:edit", args=[token]))
        Event.objects.filter(pk=world.event.pk).update(
            first_day=dt.date(2024, 11, 11), last_day=dt.date(2024, 11, 12)
        )
        Registration.objects.update(created_at=dt.datetime(2024, 11, 1, tzinfo=dt.UTC))
        assert client.get(reverse("participants:detail", args=[token])).status_code == 410
        assert token not in caplog.text

    def test_the_staff_list_search_does_not_find_by_token(self, client, registered, admin_user):
        registration, token = registered
        client.force_login(admin_user)
        response = client.get(
            reverse("participants:staff-list", args=[registration.event.slug]), {"q": token}
        )
        assert list(response.context["page"]) == []


class TestExpiry:
    def _event_ended(self, world, days_ago: int) -> None:
        last_day = timezone.localdate() - dt.timedelta(days=days_ago)
        Event.objects.filter(pk=world.event.pk).update(
            first_day=last_day - dt.timedelta(days=1), last_day=last_day, status=Event.Status.HELD
        )
        # Registered before the event, as people are.
        Registration.objects.filter(event=world.event).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago + 10)
        )

    def test_the_link_works_until_the_set_number_of_days_after_the_event(
        self, client, world, settings
    ):
        settings.BIMTEK_PRIVATE_LINK_DAYS = 30
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        self._event_ended(world, days_ago=30)
        detail = reverse("participants:detail", args=[registration.private_token])
        assert client.get(detail).status_code == 200

    def test_the_link_stops_working_the_day_after(self, client, world, settings):
        settings.BIMTEK_PRIVATE_LINK_DAYS = 30
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        self._event_ended(world, days_ago=31)
        for name in ("participants:detail", "participants:edit", "participants:cancel"):
            response = client.get(reverse(name, args=[registration.private_token]))
            assert response.status_code == 410, name
            html = response.content.decode()
            assert "sudah kedaluwarsa" in html and registration.full_name not in html

    def test_a_link_given_after_the_event_counts_its_days_from_the_registration(
        self, client, world, settings
    ):
        settings.BIMTEK_PRIVATE_LINK_DAYS = 30
        self._event_ended(world, days_ago=400)  # a past Bimtek, as on the demo
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        detail = reverse("participants:detail", args=[registration.private_token])
        assert client.get(detail).status_code == 200
        Registration.objects.filter(pk=registration.pk).update(
            created_at=timezone.now() - dt.timedelta(days=31)
        )
        assert client.get(detail).status_code == 410

    def test_the_setting_sets_the_days(self, client, world, settings):
        settings.BIMTEK_PRIVATE_LINK_DAYS = 90
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        self._event_ended(world, days_ago=60)
        detail = reverse("participants:detail", args=[registration.private_token])
        assert client.get(detail).status_code == 200


class TestAFormSentAgainKeepsItsLink:
    """The answer to a registration was lost on a bad connection and the phone sent the
    form again: the person is shown the link the confirmation e-mail already holds."""

    def test_the_retry_is_answered_with_the_same_working_link(
        self, client, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        with_email = form_data(world, email="ani@example.id")
        with django_capture_on_commit_callbacks(execute=True):
            first = token_in(client.post(url(world), with_email))
            again = token_in(client.post(url(world), with_email))
        assert again == first
        assert Registration.objects.count() == 1 and len(mailoutbox) == 1
        assert f"/daftar/p/{first}/" in mailoutbox[0].body
        assert client.get(reverse("participants:detail", args=[first])).status_code == 200

    def test_the_key_is_kept_only_hashed(self, client, world):
        client.post(url(world), form_data(world, submission_key="a-key-of-the-page"))
        registration = Registration.objects.get()
        assert registration.submission_key_hash == submission_key_hash("a-key-of-the-page")
        assert "a-key-of-the-page" not in _dump(Registration)

    def test_forms_with_the_same_key_for_two_events_get_two_links(self, client, world):
        other = EventFactory(
            organiser=world.event.organiser,
            slug="bimtek-kedua",
            first_day=world.event.first_day,
            last_day=world.event.last_day,
        )
        QuotaRuleFactory(event=other)  # a PPS seat for the Sosdiklih member, as the form's
        first = token_in(client.post(url(world), form_data(world)))
        second = token_in(
            client.post(reverse("participants:register", args=[other.slug]), form_data(world))
        )
        assert first != second and Registration.objects.count() == 2

    def test_the_upgrade_hashes_the_keys_already_stored(self, client, world):
        from importlib import import_module

        from django.apps import apps

        client.post(url(world), form_data(world, submission_key="before-the-upgrade"))
        Registration.objects.update(submission_key_hash="before-the-upgrade")
        import_module("participants.migrations.0007_submission_key_kept_hashed").hash_the_keys(
            apps, None
        )
        assert Registration.objects.get().submission_key_hash == submission_key_hash(
            "before-the-upgrade"
        )
        # A form sent before the upgrade and retried after it is still recognised.
        client.post(url(world), form_data(world, submission_key="before-the-upgrade"))
        assert Registration.objects.count() == 1

    def test_a_retry_after_staff_issued_a_new_link_does_not_revive_the_old_one(
        self, client, world, user_with
    ):
        first = token_in(client.post(url(world), form_data(world)))
        registration = Registration.objects.get()
        staffs = _staff_issue_a_new_link(client, registration, user_with)
        again = token_in(client.post(url(world), form_data(world)))
        assert again not in (first, staffs)
        assert client.get(reverse("participants:detail", args=[first])).status_code == 404
        assert client.get(reverse("participants:detail", args=[again])).status_code == 200


class TestStaffIssueANewLink:
    def test_the_new_link_is_shown_once_and_the_old_one_stops(self, client, world, user_with):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        old = registration.private_token
        client.force_login(user_with("view_registration", "verify_registration", "view_full_nik"))
        response = client.post(reverse("participants:staff-private-link", args=[registration.pk]))
        html = response.content.decode()
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        new = re.search(r"/daftar/p/([A-Za-z0-9_-]{22})/", html).group(1)
        registration.refresh_from_db()
        assert registration.private_link_hash == token_hash(new)
        assert new not in _dump(Registration) and new not in _dump(RegistrationLog)
        assert registration.log.filter(action=RegistrationLog.Action.LINK_ISSUED).exists()
        # Shown once: the record page does not have it.
        again = client.get(reverse("participants:staff-detail", args=[registration.pk]))
        assert new not in again.content.decode()
        client.logout()
        assert client.get(reverse("participants:detail", args=[old])).status_code == 404
        assert client.get(reverse("participants:detail", args=[new])).status_code == 200

    def test_a_registration_from_before_the_split_gets_a_link(self, client, world, user_with):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        Registration.objects.filter(pk=registration.pk).update(private_link_hash=None)
        new = _staff_issue_a_new_link(client, registration, user_with)
        assert client.get(reverse("participants:detail", args=[new])).status_code == 200

    def test_it_needs_the_verify_permission(self, client, world, user_with):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        client.force_login(user_with("view_registration"))
        response = client.post(reverse("participants:staff-private-link", args=[registration.pk]))
        assert response.status_code == 403
        registration.refresh_from_db()
        assert registration.private_link_hash == token_hash(registration.private_token)

    def test_an_account_that_may_not_see_the_nik_cannot_issue_itself_a_link(
        self, client, world, user_with
    ):
        # The link's data download holds the whole NIK and date of birth: issuing a link
        # and following it must not be a way around view_full_nik.
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        client.force_login(user_with("view_registration", "verify_registration"))
        record = client.get(reverse("participants:staff-detail", args=[registration.pk]))
        html = record.content.decode()
        assert reverse("participants:staff-private-link", args=[registration.pk]) not in html
        assert "akun yang boleh melihat NIK lengkap" in html
        response = client.post(reverse("participants:staff-private-link", args=[registration.pk]))
        assert response.status_code == 403 and registration.nik not in response.content.decode()
        registration.refresh_from_db()
        assert registration.private_link_hash == token_hash(registration.private_token)

    def test_a_get_issues_nothing(self, client, world, user_with):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        client.force_login(user_with("view_registration", "verify_registration", "view_full_nik"))
        response = client.get(reverse("participants:staff-private-link", args=[registration.pk]))
        assert response.status_code == 405
        registration.refresh_from_db()
        assert registration.private_link_hash == token_hash(registration.private_token)
