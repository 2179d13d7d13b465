"""Deletes the files of background document jobs older than a day.

They hold certificates and attendance lists with people's names; the print page
forgets a job after a day (JOB_TTL), and this removes its file. Starting a job
prunes too, but an office that prints nothing for a week would keep last
week's files: run this hourly from cron (README, "Background jobs").
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from reports.tasks import JOB_TTL, documents_prune


class Command(BaseCommand):
    help = "Delete the files of background document jobs older than a day (run hourly from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=JOB_TTL / 3600,
            help="Age above which a job's file is deleted (default: 24).",
        )

    def handle(self, *args, older_than_hours: float, **options):
        removed = documents_prune(older_than=timedelta(hours=older_than_hours))
        self.stdout.write(f"{removed} job file(s) older than {older_than_hours:g} h deleted.")
