"""Remove participants' personal data of events that ended before a date.

Without --ended-before: BIMTEK_ANONYMISE_AFTER_MONTHS before today. Run it daily
(cron or a systemd timer, see the README); running it again changes nothing more.
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from participants.anonymise import default_cutoff, personal_data_anonymise


class Command(BaseCommand):
    help = "Remove name, NIK, birth date, phone and e-mail of registrations of past events."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ended-before",
            help="YYYY-MM-DD: events whose last day is before this date "
            f"(default: {settings.BIMTEK_ANONYMISE_AFTER_MONTHS} months before today).",
        )

    def handle(self, *args, ended_before=None, **options):
        if ended_before:
            try:
                cutoff = date.fromisoformat(ended_before)
            except ValueError:
                raise CommandError(
                    f"--ended-before must be a date as YYYY-MM-DD, not {ended_before!r}."
                ) from None
        else:
            cutoff = default_cutoff()
        count = personal_data_anonymise(ended_before=cutoff)
        self.stdout.write(
            f"{count} registration(s) of events ended before {cutoff.isoformat()} anonymised."
        )
