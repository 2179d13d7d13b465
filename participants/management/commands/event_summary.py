"""Prints an event's seats: expected against declared total, and per body kind."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Event
from participants.ledger import KIND_BUCKETS, quota_overview


def summary_data(overview) -> dict:
    target = overview.event.participation_target
    return {
        "expected_total": overview.expected_total,
        "declared_total": overview.declared_total,
        "participation_target": float(target) if target is not None else None,
        "bodies": {
            kind: {
                "seats": totals.seats,
                "taken": totals.taken,
                "free": totals.free,
                "units": totals.units,
                "units_missing": totals.units_missing,
            }
            for kind, totals in ((k, overview.kinds[k]) for k in KIND_BUCKETS)
        },
    }


class Command(BaseCommand):
    help = "Show an event's expected and declared totals and its seats per body kind."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, slug, **options):
        event = Event.objects.select_related("organiser").filter(slug=slug).first()
        if event is None:
            raise CommandError(_("No event with the slug “%(slug)s”.") % {"slug": slug})
        data = summary_data(quota_overview(event=event))
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        declared = data["declared_total"]
        self.stdout.write(f"{event.title} ({event.slug})")
        line = _("Expected total: %(expected)s   declared total: %(declared)s") % {
            "expected": data["expected_total"],
            "declared": "-" if declared is None else declared,
        }
        if declared is not None and declared != data["expected_total"]:
            line += "   " + _("DIFFERENT!")
        self.stdout.write(line)
        seats, taken, free, units = _("seats"), _("taken"), _("free"), _("units")
        missing = _("units without registrant")
        self.stdout.write(f"{'':5}{seats:>8}{taken:>8}{free:>8}{units:>8}{missing:>28}")
        for kind, row in data["bodies"].items():
            self.stdout.write(
                f"{kind:5}{row['seats']:>8}{row['taken']:>8}{row['free']:>8}{row['units']:>8}"
                f"{row['units_missing']:>28}"
            )
        target = data["participation_target"]
        self.stdout.write(
            _("Voter participation target: %(target)s")
            % {"target": "-" if target is None else f"{target:g} %"}
        )
