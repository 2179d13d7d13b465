"""Builds the Tebo Bimtek demo (see demo/seed.py) and an upcoming Bimtek of the same
office dated from today (demo/upcoming.py); safe to run again."""

from django.core.management.base import BaseCommand

from demo.seed import seed_tebo_demo
from demo.upcoming import seed_upcoming_demo
from events.dates import date_range_indonesian
from participants.ledger import quota_overview


class Command(BaseCommand):
    help = (
        "Create the KPU Kabupaten Tebo Bimtek demo and an upcoming Bimtek of the same "
        "office, a few days from today (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--participants",
            action="store_true",
            help="Also fill every seat with demo participants.",
        )
        parser.add_argument(
            "--keep-free",
            type=int,
            default=0,
            metavar="N",
            help="With --participants: leave the seats of N PPS units free to try the form.",
        )

    def handle(self, *args, **options):
        summary = seed_tebo_demo(
            participants=options["participants"], keep_free=options["keep_free"]
        )
        overview = quota_overview(event=summary.event)
        self.stdout.write(
            f"seed_demo: {summary.event.slug} "
            f"({'created' if summary.created else 'already present'}"
            f"{', regions imported' if summary.regions_imported else ''}); "
            f"expected {overview.expected_total}, declared {overview.declared_total}, "
            f"taken {overview.taken_total}"
            + (
                f", {summary.participants_added} participants added"
                if options["participants"]
                else ""
            )
        )
        upcoming = seed_upcoming_demo(
            organiser=summary.event.organiser, participants=options["participants"]
        )
        event = upcoming.event
        self.stdout.write(
            f"seed_demo: {event.slug} ({'created' if upcoming.created else 'already present'}; "
            f"upcoming, {date_range_indonesian(event.first_day, event.last_day)}"
            + (
                f", {upcoming.participants_added} participants added"
                if options["participants"]
                else ""
            )
            + ")"
        )
