"""E-mail notices, the WhatsApp link and the calendar file."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from participants import notices, services
from participants.models import Notice, Registration
from participants.person import PersonData
from participants.tests.factories import RegistrationFactory, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _register(world, **extra):
    return services.registration_create(
        event=world.event,
        quota_rule=world.pps_rule,
        unit=world.pps[0],
        role=world.pps_rule.role,
        person=PersonData(
            full_name="Siti Aminah", nik="1509015705900001", phone="081234567890", **extra
        ),
    )


def test_the_confirmation_with_the_private_link_is_sent_once_the_registration_is_committed(
    world, django_capture_on_commit_callbacks, settings
):
    settings.BIMTEK_SITE_URL = "https://bimtek.example"
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(world, email="siti@example.id")

    (message,) = mail.outbox
    assert message.to == ["siti@example.id"]
    assert message.subject == "Pendaftaran diterima: Bimtek Uji Partisipasi"
    link = "https://bimtek.example" + reverse(
        "participants:detail", args=[registration.private_token]
    )
    assert link in message.body
    assert "Yth. Siti Aminah" in message.body
    assert Notice.objects.get().kind == Notice.Kind.CONFIRMATION


def test_nothing_is_sent_before_the_commit_nor_without_an_e_mail(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _register(world, email="siti@example.id")
    # After the commit: the e-mail, and the event's public version moved (public_cache).
    assert mail.outbox == [] and len(callbacks) == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=world.event,
            quota_rule=world.pps_rule,
            unit=world.pps[1],
            role=world.pps_rule.role,
            person=PersonData(
                full_name="Tanpa Surel", nik="1509011705880001", phone="081234567891"
            ),
        )
    assert mail.outbox == []


def test_the_verification_result_is_sent_and_a_rejection_gives_the_reason(
    world, django_capture_on_commit_callbacks, admin_user
):
    verified = RegistrationFactory(quota_rule=world.pps_rule, email="a@example.id")
    rejected = RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[1], email="b@example.id"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_verify(registration=verified, actor=admin_user)
        services.registration_reject(registration=rejected, actor=admin_user, reason="Data ganda")

    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox)
    assert subjects == ["Pendaftaran ditolak", "Pendaftaran terverifikasi"]
    rejection = next(m for m in mail.outbox if m.to == ["b@example.id"])
    assert "Data ganda" in rejection.body


def test_a_mail_server_that_fails_does_not_undo_the_change(
    world, django_capture_on_commit_callbacks, settings, admin_user
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    registration = RegistrationFactory(quota_rule=world.pps_rule, email="a@example.id")

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_verify(registration=registration, actor=admin_user)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.VERIFIED
    assert not Notice.objects.exists()  # not recorded: the next try sends it


def test_send_reminders_reminds_the_day_before_and_never_twice(world, capsys):
    RegistrationFactory(quota_rule=world.pps_rule, email="a@example.id")
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1], email="")
    RegistrationFactory(
        quota_rule=world.pps_rule,
        unit=world.pps[2],
        email="batal@example.id",
        status=Registration.Status.CANCELLED,
    )
    eve = (world.event.first_day - dt.timedelta(days=1)).isoformat()

    call_command("send_reminders", today=eve)
    call_command("send_reminders", today=eve)
    call_command("send_reminders", today=world.event.first_day.isoformat())

    (message,) = mail.outbox
    assert message.to == ["a@example.id"] and message.subject.startswith("Besok:")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "send_reminders: 1 sent, 0 already sent before"
    assert out[1] == "send_reminders: 0 sent, 1 already sent before"


def test_the_whatsapp_link_opens_a_chat_with_the_number_and_an_indonesian_message(world):
    registration = RegistrationFactory(
        quota_rule=world.pps_rule, phone="+6281234567890", full_name="Siti & Co"
    )

    url = urlsplit(notices.whatsapp_url(registration))

    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/6281234567890")
    (text,) = parse_qs(url.query)["text"]
    assert text.startswith("Selamat siang, Siti & Co.")
    assert registration.code in text and "Bimtek Uji Partisipasi" in text


def test_the_staff_list_shows_a_whatsapp_link_per_person(admin_client, world):
    RegistrationFactory(quota_rule=world.pps_rule, phone="+6281234567890")

    page = admin_client.get(reverse("participants:staff-list", args=[world.event.slug]))

    assert 'href="https://wa.me/6281234567890?text=Selamat%20siang' in page.content.decode()


def test_the_calendar_file_has_one_event_per_day_with_crlf_and_escaped_text(
    client, world, settings
):
    world.event.venue_name = "GN Hotel; Tebo, Jambi"
    world.event.save()
    world.event.agenda_items.create(
        day=world.event.first_day,
        start_time=dt.time(8, 0),
        end_time=dt.time(16, 30),
        session="Pembukaan",
    )
    registration = RegistrationFactory(quota_rule=world.pps_rule)

    response = client.get(reverse("participants:calendar", args=[registration.private_token]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert body.count("BEGIN:VEVENT") == 2
    assert "DTSTART:20241111T010000Z" in body  # 08.00 WIB
    assert "DTEND:20241111T093000Z" in body
    assert "LOCATION:GN Hotel\\; Tebo\\, Jambi" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_calendar_file_links_to_the_event_page_from_the_portal_address(client, world, settings):
    settings.BIMTEK_SITE_URL = "https://bimtek.kpu-tebo.example"
    registration = RegistrationFactory(quota_rule=world.pps_rule)

    response = client.get(reverse("participants:calendar", args=[registration.private_token]))

    body = response.content.decode().replace("\r\n ", "")  # unfolded
    link = "https://bimtek.kpu-tebo.example" + reverse("events:detail", args=[world.event.slug])
    assert body.count(f"URL:{link}\r\n") == 2  # one per day


def test_a_long_line_is_folded_at_75_octets():
    folded = notices.ics_fold("SUMMARY:" + "Bimtek Peningkatan Partisipasi Masyarakat " * 4)

    lines = folded.split("\r\n")
    assert len(lines) > 1 and all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)).startswith(
        "SUMMARY:Bimtek"
    )
