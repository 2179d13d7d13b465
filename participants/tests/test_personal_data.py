"""Personal data under UU 27/2022 (issue 9, "What to build" 3): the privacy notice,
removal after the event, the person's own download and erasure, the access log."""

import datetime as dt
import io
import json

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from bimtek_portal.testing.dates import days_ahead
from events.models import Event
from participants.anonymise import REMOVED_NAME, default_cutoff
from participants.models import AccessLog, Attendance, Notice, Registration
from reports.selectors import recap

from .factories import AttendanceFactory, RegistrationFactory, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def people(world):
    """The test event (11-12 November 2024): two present, one verified, one cancelled."""
    kpu = RegistrationFactory(
        quota_rule=world.kpu_rule, unit=world.kpu, role="commissioner", email="a@kpu.example",
        status=Registration.Status.VERIFIED,
    )  # fmt: skip
    pps = RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[0], status=Registration.Status.VERIFIED, sex="P"
    )
    ppk = RegistrationFactory(quota_rule=world.ppk_rule, unit=world.ppk[0])
    cancelled = RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[1], status=Registration.Status.CANCELLED
    )
    AttendanceFactory(registration=kpu)
    AttendanceFactory(registration=kpu, day=world.event.last_day)
    AttendanceFactory(registration=pps)
    return [kpu, pps, ppk, cancelled]


def _everything_in_the_database() -> str:
    return repr([list(model.objects.values()) for model in apps.get_models()])


def _recap_totals(event) -> list:
    data = recap(event=event)
    lines = [*data.kinds, *data.kpu_lines]
    for district, units in data.districts:
        lines += [district, *units]
    return [(line.label, line.counts) for line in lines] + [data.total]


def _main(html: str) -> str:
    """The page without its navigation (whose CSRF token changes per request)."""
    return html[html.index("<main") : html.index("</main>")]


def _event_summary(slug) -> str:
    out = io.StringIO()
    with translation.override("id"):
        call_command("event_summary", slug, "--json", stdout=out)
    return out.getvalue()


class TestAnonymise:
    def test_the_counts_stay_and_no_nik_is_left(self, client, world, people, admin_user):
        client.force_login(admin_user)
        overview_url = reverse("events:quota-overview", args=[world.event.slug])
        niks = [person.nik for person in people]
        personal = [p.full_name for p in people] + [p.phone for p in people] + ["a@kpu.example"]
        # The confirmation's record keeps the address it went to: personal data too.
        Notice.objects.create(
            registration=people[0], kind=Notice.Kind.CONFIRMATION, sent_to="a@kpu.example"
        )
        before = (
            client.get(overview_url).content.decode(),
            _event_summary(world.event.slug),
            _recap_totals(world.event),
            Attendance.objects.count(),
        )
        assert all(nik in _everything_in_the_database() for nik in niks)

        call_command(
            "anonymise_personal_data", "--ended-before", "2024-11-13", stdout=io.StringIO()
        )

        after = (
            client.get(overview_url).content.decode(),
            _event_summary(world.event.slug),
            _recap_totals(world.event),
            Attendance.objects.count(),
        )
        assert after[1:] == before[1:]
        assert _main(after[0]) == _main(before[0])
        everything = _everything_in_the_database()
        for value in niks + personal:
            assert value not in everything, value
        kept = Registration.objects.get(pk=people[1].pk)
        assert (kept.full_name, kept.birth_date, kept.phone, kept.email) == (
            REMOVED_NAME,
            None,
            "",
            "",
        )
        assert (kept.unit, kept.role, kept.status, kept.sex) == (
            world.pps[0], people[1].role, Registration.Status.VERIFIED, "P"
        )  # fmt: skip
        assert kept.private_link_hash is None and kept.anonymised_at is not None

    def test_events_that_ended_on_or_after_the_date_are_kept(self, world, people):
        out = io.StringIO()
        call_command("anonymise_personal_data", "--ended-before", "2024-11-12", stdout=out)
        assert out.getvalue().startswith("0 registration(s)")
        assert Registration.objects.filter(anonymised_at__isnull=True).count() == len(people)

    def test_running_it_again_changes_nothing(self, world, people):
        out = io.StringIO()
        call_command("anonymise_personal_data", "--ended-before", "2025-01-01", stdout=out)
        call_command("anonymise_personal_data", "--ended-before", "2025-01-01", stdout=out)
        assert out.getvalue().splitlines()[0].startswith("4 registration(s)")
        assert out.getvalue().splitlines()[1].startswith("0 registration(s)")

    def test_without_a_date_it_takes_the_months_setting(self, world, people, settings):
        settings.BIMTEK_ANONYMISE_AFTER_MONTHS = 1200  # a century: nothing is due
        call_command("anonymise_personal_data", stdout=io.StringIO())
        assert not Registration.objects.filter(anonymised_at__isnull=False).exists()
        settings.BIMTEK_ANONYMISE_AFTER_MONTHS = 1  # November 2024 is long over
        call_command("anonymise_personal_data", stdout=io.StringIO())
        assert Registration.objects.filter(anonymised_at__isnull=True).count() == 0

    def test_the_cutoff_is_months_before_today(self, settings):
        settings.BIMTEK_ANONYMISE_AFTER_MONTHS = 12
        assert default_cutoff(today=dt.date(2026, 3, 31)) == dt.date(2025, 3, 31)
        settings.BIMTEK_ANONYMISE_AFTER_MONTHS = 1
        assert default_cutoff(today=dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
        assert default_cutoff(today=dt.date(2026, 1, 15)) == dt.date(2025, 12, 15)

    def test_a_bad_date_is_refused_with_a_message(self, db):
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            call_command("anonymise_personal_data", "--ended-before", "13/11/2024")


@pytest.fixture
def upcoming(db):
    world = build_world()
    days_ahead(world.event)
    return world


class TestThePersonsOwnData:
    def test_the_person_downloads_everything_held_about_them(self, client, upcoming):
        person = RegistrationFactory(
            quota_rule=upcoming.pps_rule, unit=upcoming.pps[0], email="siti@example.id"
        )
        response = client.get(reverse("participants:own-data", args=[person.private_token]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        data = json.loads(response.content)
        assert (data["nik"], data["nama_lengkap"], data["nomor_hp"], data["email"]) == (
            person.nik, person.full_name, person.phone, "siti@example.id"
        )  # fmt: skip
        assert data["kode_pendaftaran"] == person.code and data["hadir"] == []
        assert AccessLog.objects.get().action == AccessLog.Action.OWN_DATA

    def test_the_code_does_not_download_anything(self, client, upcoming):
        person = RegistrationFactory(quota_rule=upcoming.pps_rule, unit=upcoming.pps[0])
        assert client.get(f"/daftar/p/{person.code}/data.json").status_code == 404

    def test_the_person_cancels_and_erases_while_registration_is_open(self, client, upcoming):
        person = RegistrationFactory(quota_rule=upcoming.pps_rule, unit=upcoming.pps[0])
        erase = reverse("participants:erase", args=[person.private_token])
        assert "Ya, batalkan dan hapus" in client.get(erase).content.decode()
        response = client.post(erase)
        assert (
            response.status_code == 200 and "Data Anda sudah dihapus" in response.content.decode()
        )
        person.refresh_from_db()
        assert person.status == Registration.Status.CANCELLED
        assert (person.full_name, person.phone, person.birth_date) == (REMOVED_NAME, "", None)
        assert person.nik.startswith("ANON")
        detail = reverse("participants:detail", args=[person.private_token])
        assert client.get(detail).status_code == 404
        # The seat is free again.
        assert not Registration.objects.filter(unit=upcoming.pps[0], status="pending").exists()

    def test_erasing_is_refused_once_registration_has_closed(self, client, upcoming):
        person = RegistrationFactory(quota_rule=upcoming.pps_rule, unit=upcoming.pps[0])
        Event.objects.filter(pk=upcoming.event.pk).update(status=Event.Status.CLOSED)
        erase = reverse("participants:erase", args=[person.private_token])
        response = client.post(erase, follow=True)
        assert "hubungi sekretariat" in response.content.decode()
        person.refresh_from_db()
        assert person.anonymised_at is None and person.status == Registration.Status.PENDING

    def test_the_proof_links_to_download_and_erase(self, client, upcoming):
        person = RegistrationFactory(quota_rule=upcoming.pps_rule, unit=upcoming.pps[0])
        html = client.get(
            reverse("participants:detail", args=[person.private_token])
        ).content.decode()
        assert reverse("participants:own-data", args=[person.private_token]) in html
        assert reverse("participants:erase", args=[person.private_token]) in html


class TestPrivacyNotice:
    def test_it_names_the_office_its_address_what_why_how_long_and_the_rights(
        self, client, world, settings
    ):
        settings.BIMTEK_ANONYMISE_AFTER_MONTHS = 12
        world.kpu.address = "Jl. Lintas Tebo-Bungo Km 5, Muara Tebo"
        world.kpu.save()
        html = client.get(reverse("events:privacy", args=[world.event.slug])).content.decode()
        assert "Pemberitahuan privasi" in html and "KPU Kabupaten Uji" in html
        assert "Jl. Lintas Tebo-Bungo Km 5" in html
        assert "NIK" in html and "12 bulan setelah hari terakhir" in html
        assert "Hak Anda" in html

    def test_the_form_links_to_it(self, client, upcoming):
        html = client.get(
            reverse("participants:register", args=[upcoming.event.slug])
        ).content.decode()
        assert reverse("events:privacy", args=[upcoming.event.slug]) in html

    def test_a_draft_event_has_none(self, client, world):
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.DRAFT)
        assert client.get(reverse("events:privacy", args=[world.event.slug])).status_code == 404

    def test_email_position_and_institution_are_optional(self, world):
        from participants.forms import RegistrationForm

        form = RegistrationForm(event=world.event)
        assert [
            name for name in ("email", "position", "institution") if form.fields[name].required
        ] == []


class TestAccessLog:
    def test_a_full_nik_on_the_staff_record_is_logged(self, client, world, people, user_with):
        user = user_with("view_registration", "view_full_nik")
        client.force_login(user)
        client.get(reverse("participants:staff-detail", args=[people[1].pk]))
        entry = AccessLog.objects.get()
        assert (entry.user, entry.action, entry.registration, entry.event) == (
            user, AccessLog.Action.FULL_NIK, people[1], world.event
        )  # fmt: skip
        assert people[1].nik not in entry.detail

    def test_a_masked_record_is_not_logged(self, client, world, people, user_with):
        client.force_login(user_with("view_registration"))
        client.get(reverse("participants:staff-detail", args=[people[1].pk]))
        assert not AccessLog.objects.exists()

    def test_the_admin_record_with_the_full_nik_is_logged(self, client, world, people, admin_user):
        client.force_login(admin_user)
        url = reverse("admin:participants_registration_change", args=[people[0].pk])
        assert client.get(url).status_code == 200
        entry = AccessLog.objects.get()
        assert (entry.user, entry.action, entry.registration) == (
            admin_user, AccessLog.Action.FULL_NIK, people[0]
        )  # fmt: skip

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_every_export_is_logged(self, client, world, people, user_with, fmt):
        user = user_with("view_registration")
        client.force_login(user)
        client.get(
            reverse("participants:staff-export", args=[world.event.slug, fmt]),
            {"status": "verified"},
        )
        entry = AccessLog.objects.get()
        assert (entry.user, entry.event, entry.action, entry.detail) == (
            user, world.event, f"export_{fmt}", "status=verified"
        )  # fmt: skip

    def test_superusers_read_it_and_nobody_edits_it(
        self, client, world, people, admin_user, user_with
    ):
        AccessLog.objects.create(
            username="x", action=AccessLog.Action.EXPORT_CSV, event=world.event
        )
        entry = AccessLog.objects.get()
        client.force_login(admin_user)
        assert client.get(reverse("admin:participants_accesslog_changelist")).status_code == 200
        assert client.get(reverse("admin:participants_accesslog_add")).status_code == 403
        assert (
            client.get(reverse("admin:participants_accesslog_delete", args=[entry.pk])).status_code
            == 403
        )
        change = client.post(
            reverse("admin:participants_accesslog_change", args=[entry.pk]), {"username": "y"}
        )
        assert change.status_code == 403
        entry.refresh_from_db()
        assert entry.username == "x"
        with pytest.raises(ValueError):
            entry.save()
        with pytest.raises(ValueError):
            entry.delete()

    def test_staff_who_are_not_superusers_cannot_read_it(self, client, world, user_with):
        from django.contrib.auth.models import Permission

        user = user_with("view_registration", "view_full_nik")
        user.user_permissions.add(*Permission.objects.filter(codename__endswith="accesslog"))
        client.force_login(user)
        assert client.get(reverse("admin:participants_accesslog_changelist")).status_code == 403
