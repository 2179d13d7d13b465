"""The desk on a day that is not today, a pending person at the desk, "Terakhir hadir"."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import Attendance, Registration

from .factories import AttendanceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

DAY1 = dt.date(2024, 11, 11)
WIB = dt.timezone(dt.timedelta(hours=7))


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def desk(client, world, user_with):
    client.force_login(user_with("check_in", "view_registration"))
    return reverse("participants:check-in", args=[world.event.slug, DAY1.isoformat()])


@pytest.fixture
def dewi(world):
    return RegistrationFactory(
        quota_rule=world.pps_rule,
        unit=world.pps[2],
        full_name="Dewi Lestari",
        status=Registration.Status.VERIFIED,
    )


def test_a_day_that_is_not_today_asks_before_it_records(client, desk, dewi):
    page = client.get(desk).content.decode()
    assert 'name="confirm_day"' in page and "required" in page
    assert "saya mencatat kehadiran untuk Senin, 11 November 2024" in page

    response = client.post(desk, {"query": dewi.code}, follow=True)
    assert "Hari ini bukan Senin, 11 November 2024" in text_of(response)
    assert not Attendance.objects.exists()


def test_once_confirmed_it_records_the_days_own_date_and_remembers(client, desk, dewi, world):
    client.post(desk, {"query": dewi.code, "confirm_day": DAY1.isoformat()})
    attendance = Attendance.objects.get(registration=dewi)
    # Not today's clock on a 2024 day: the day's own date.
    assert timezone.localtime(attendance.checked_in_at).date() == DAY1
    assert attendance.day == DAY1

    other = RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[1], status=Registration.Status.VERIFIED
    )
    client.post(desk, {"query": other.code})  # no box ticked: the session remembers
    assert other.attendances.get().day == DAY1
    assert "Bukan hari ini: kehadiran dicatat untuk Senin, 11 November 2024" in text_of(
        client.get(desk)
    )


def test_confirming_one_day_does_not_confirm_the_other(client, desk, dewi, world):
    client.post(desk, {"query": dewi.code, "confirm_day": DAY1.isoformat()})
    day2 = reverse("participants:check-in", args=[world.event.slug, "2024-11-12"])
    client.post(day2, {"query": dewi.code})
    assert not dewi.attendances.filter(day=dt.date(2024, 11, 12)).exists()


def test_today_needs_no_confirmation(client, world, user_with, dewi):
    today = timezone.localdate()
    world.event.first_day, world.event.last_day = today, today + dt.timedelta(days=1)
    world.event.save(update_fields=["first_day", "last_day"])
    client.force_login(user_with("check_in"))
    desk = reverse("participants:check-in", args=[world.event.slug, today.isoformat()])
    assert 'name="confirm_day"' not in client.get(desk).content.decode()
    client.post(desk, {"query": dewi.code})
    assert dewi.attendances.get().day == today


def test_last_checked_in_is_in_time_order(client, desk, dewi, world, monkeypatch):
    early = RegistrationFactory(
        quota_rule=world.pps_rule,
        unit=world.pps[0],
        full_name="Siti Aminah",
        status=Registration.Status.VERIFIED,
    )
    AttendanceFactory(
        registration=early, day=DAY1, checked_in_at=dt.datetime(2024, 11, 11, 7, 42, tzinfo=WIB)
    )
    # Catching up in 2026 at 06.00: entered after Siti, earlier in the day than her 07.42.
    monkeypatch.setattr(
        timezone, "now", lambda: dt.datetime(2026, 12, 7, 6, 0, tzinfo=WIB).astimezone(dt.UTC)
    )
    client.post(desk, {"query": dewi.code, "confirm_day": DAY1.isoformat()})
    text = text_of(client.get(desk))
    recent = text[text.index("Terakhir hadir") :]
    assert recent.index("07.42 Siti Aminah") < recent.index("06.00 Dewi Lestari")


class TestAPendingPersonAtTheDesk:
    @pytest.fixture
    def pending(self, world):
        return RegistrationFactory(
            quota_rule=world.pps_rule, unit=world.pps[2], full_name="Rina Pending"
        )

    def test_scanning_them_offers_verifikasi_to_staff_who_may_verify(
        self, client, world, user_with, pending
    ):
        client.force_login(user_with("check_in", "verify_registration"))
        desk = reverse("participants:check-in", args=[world.event.slug, DAY1.isoformat()])
        response = client.post(desk, {"query": pending.code, "confirm_day": DAY1.isoformat()})
        html = response.content.decode()
        assert (
            "belum diverifikasi: verifikasi di bawah ini" in html
            and "Pendaftaran ditemukan" in html
        )
        assert f'name="verify" value="{pending.pk}"' in html and ">Verifikasi<" in html

        response = client.post(desk, {"verify": pending.pk})
        pending.refresh_from_db()
        assert pending.status == Registration.Status.VERIFIED
        html = response.content.decode()
        assert "Rina Pending telah diverifikasi" in html
        assert f'name="registration" value="{pending.pk}"' in html  # one click to check in
        client.post(desk, {"registration": pending.pk})
        assert pending.attendances.filter(day=DAY1).exists()

    def test_staff_who_may_not_verify_see_that_it_waits_and_cannot_post_it(
        self, client, world, user_with, pending
    ):
        client.force_login(user_with("check_in"))
        desk = reverse("participants:check-in", args=[world.event.slug, DAY1.isoformat()])
        html = client.post(
            desk, {"query": pending.code, "confirm_day": DAY1.isoformat()}
        ).content.decode()
        assert 'name="verify"' not in html and "Menunggu verifikasi" in html
        assert client.post(desk, {"verify": pending.pk}).status_code == 403
        pending.refresh_from_db()
        assert pending.status == Registration.Status.PENDING
