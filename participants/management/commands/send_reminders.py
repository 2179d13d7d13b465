"""Remind by e-mail everyone registered for an event that starts tomorrow.

Run it daily (cron, see the README); a message already sent is never sent again.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from participants.notices import reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to the participants of events that start tomorrow (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Act as if today were YYYY-MM-DD (default: today in the portal's time zone).",
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date written YYYY-MM-DD.") from None
        sent, before = reminders_send(today=today)
        self.stdout.write(f"send_reminders: {sent} sent, {before} already sent before")
