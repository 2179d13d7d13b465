"""Messages to participants: e-mail (confirmation with the private link, the verification
result, the reminder the day before), the WhatsApp click-to-chat link staff open, and
the calendar file of the private page.

E-mail goes through Django's mail with the EMAIL_* settings (console backend by
default). Each sent message is recorded as a `Notice`, unique per registration
and kind, so a retry or a second run of `send_reminders` never sends it twice;
the row and the sending share one transaction, so a failed send is tried again
next time. Notices that follow a change go through the task queue
(participants/tasks.py); every send gives up after EMAIL_TIMEOUT seconds. Messages
to participants are Indonesian whatever the sender's language.
"""

import logging
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from events.dates import date_range_indonesian
from events.models import Event
from events.site import SiteUrlMissing, absolute_url

from .models import Notice, Registration

logger = logging.getLogger(__name__)

TEMPLATES = {
    Notice.Kind.CONFIRMATION: "participants/email/confirmation.txt",
    Notice.Kind.VERIFIED: "participants/email/verified.txt",
    Notice.Kind.REJECTED: "participants/email/rejected.txt",
    Notice.Kind.REMINDER: "participants/email/reminder.txt",
    Notice.Kind.NIK_USED_AGAIN: "participants/email/nik_used_again.txt",
}


def mail_url(path: str) -> str:
    """The whole link of a path for an e-mail (events.site.absolute_url). Without
    BIMTEK_SITE_URL the path alone and a warning in the log: a registration is never
    refused because its e-mail cannot carry a whole link (check --deploy reports it)."""
    try:
        return absolute_url(path)
    except SiteUrlMissing:
        logger.warning("BIMTEK_SITE_URL is not set: e-mails carry paths, not whole links.")
        return path


def notice_send(*, registration: Registration, kind: str, private_url: str = "") -> bool:
    """Send one message unless it was sent before; True when it went out now."""
    if not registration.email:
        return False
    event = registration.event
    with translation.override("id"):
        context = {
            "registration": registration,
            "event": event,
            "dates": date_range_indonesian(event.first_day, event.last_day),
            "private_url": private_url,
            "event_url": mail_url(reverse("events:detail", args=[event.slug])),
        }
        body = render_to_string(TEMPLATES[kind], context)
        subject = SUBJECTS[kind]() % {"title": event.title}
    try:
        with transaction.atomic():
            Notice.objects.create(registration=registration, kind=kind, sent_to=registration.email)
            send_mail(subject, body, None, [registration.email])
    except IntegrityError:
        return False  # sent before
    return True


SUBJECTS = {
    Notice.Kind.CONFIRMATION: lambda: _("Registration received: %(title)s"),
    Notice.Kind.VERIFIED: lambda: _("Registration verified: %(title)s"),
    Notice.Kind.REJECTED: lambda: _("Registration rejected: %(title)s"),
    Notice.Kind.REMINDER: lambda: _("Tomorrow: %(title)s"),
    Notice.Kind.NIK_USED_AGAIN: lambda: _("Your NIK was used to register again: %(title)s"),
}


def notice_send_after_commit(*, registration_id: int, kind: str, private_url: str = "") -> None:
    """For the services: once the change is committed, queue the notice (participants/
    tasks.py), so the answer never waits for a mail server; failures are retried there.
    A queue that cannot take it is logged, never turned into an error page for a change
    that did succeed."""

    def enqueue() -> None:
        from .tasks import notice_enqueue

        try:
            notice_enqueue(registration_id=registration_id, kind=kind, private_url=private_url)
        except Exception:
            logger.exception(
                "Could not queue the %s notice of registration %s", kind, registration_id
            )

    transaction.on_commit(enqueue)


def reminders_send(*, today: date | None = None) -> tuple[int, int]:
    """Remind everyone registered (active, with an e-mail) for an event starting tomorrow.
    Returns (sent now, sent before). Safe to run as often as one likes."""
    today = today or timezone.localdate()
    registrations = (
        Registration.objects.active()
        .filter(event__first_day=today + timedelta(days=1))
        .exclude(email="")
        .exclude(event__status__in=[Event.Status.DRAFT, Event.Status.CANCELLED])
        .select_related("event")
        .order_by("pk")
    )
    sent = before = 0
    for registration in registrations:
        if notice_send(registration=registration, kind=Notice.Kind.REMINDER):
            sent += 1
        else:
            before += 1
    return sent, before


# --- WhatsApp ---------------------------------------------------------------------------


def whatsapp_number(phone: str) -> str:
    """`6281234567890` from `+6281234567890` (wa.me takes digits only, country code first)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def whatsapp_message(registration: Registration, event: Event | None = None) -> str:
    event = event or registration.event
    with translation.override("id"):
        return _(
            "Good day %(name)s. This is the secretariat of %(organiser)s about %(title)s "
            "(%(dates)s, %(venue)s). Your registration code: %(code)s; status: %(status)s."
        ) % {
            "name": registration.full_name,
            "organiser": event.organiser,
            "title": event.title,
            "dates": date_range_indonesian(event.first_day, event.last_day),
            "venue": event.venue_name,
            "code": registration.code,
            "status": registration.get_status_display().lower(),
        }


def whatsapp_url(registration: Registration, event: Event | None = None) -> str:
    """Click-to-chat on WhatsApp with the message filled in; nothing is sent by the portal.
    A list passes its `event` (with the organiser loaded), so rows cost no query."""
    number = whatsapp_number(registration.phone)
    text = quote(whatsapp_message(registration, event), safe="")
    return f"https://wa.me/{number}?text={text}"


# --- calendar ---------------------------------------------------------------------------


def ics_escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def ics_fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not parts else 74  # continuation lines start with the space
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_calendar(
    *, event: Event, registration: Registration, event_url: str = "", now: datetime | None = None
) -> str:
    """One VEVENT per day of the event, from its first session to its last that day (08.00-
    16.00 when the day has no agenda), in UTC so no time-zone block is needed; each links
    to the event's page (`event_url`, a whole link: a calendar opens it outside the portal)."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    items: dict[date, list] = {}
    for item in event.agenda_items.all():
        items.setdefault(item.day, []).append(item)
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Bimtek Portal//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for day in event.days:
        sessions = items.get(day, [])
        start = min((s.start_time for s in sessions), default=time(8, 0))
        end = max((s.end_time or s.start_time for s in sessions), default=time(16, 0))
        if end <= start:
            end = (datetime.combine(day, start) + timedelta(hours=1)).time()
        with translation.override("id"):
            summary = event.title
            description = _("%(organiser)s. Registration code: %(code)s.") % {
                "organiser": event.organiser,
                "code": registration.code,
            }
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.slug}-{day:%Y%m%d}-{registration.code}@bimtek-portal",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(datetime.combine(day, start, tzinfo=zone))}",
            f"DTEND:{_utc(datetime.combine(day, end, tzinfo=zone))}",
            f"SUMMARY:{ics_escape(summary)}",
            f"LOCATION:{ics_escape(location)}",
            f"DESCRIPTION:{ics_escape(description)}",
            *([f"URL:{event_url}"] if event_url else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
