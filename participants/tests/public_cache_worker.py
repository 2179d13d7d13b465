"""One portal process for test_public_cache_processes.py, driven line by line on stdin.

    show TEXT       GET the event's public page as a visitor without a session: "yes"/"no"
    title TEXT      save the event's title, committed, as the admin does
    seats N         set the KPU Kabupaten rule's seats through events.services.quota_rule_save
                    and answer the event's new seat total

Each answer is one line on stdout.
"""

import sys

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from events.models import Event, QuotaRule  # noqa: E402
from events.services import quota_rule_save  # noqa: E402
from participants.ledger import seat_summary  # noqa: E402


def main(slug: str) -> None:
    page = reverse("events:detail", args=[slug])
    for line in sys.stdin:
        command, _, argument = line.rstrip("\n").partition(" ")
        if command == "show":
            html = Client().get(page).content.decode()
            answer = "yes" if argument in html else "no"
        elif command == "title":
            with transaction.atomic():
                event = Event.objects.get(slug=slug)
                event.title = argument
                event.save()
            answer = "saved"
        elif command == "seats":
            event = Event.objects.get(slug=slug)
            rule = QuotaRule.objects.filter(event=event, body_kind="KPU_KAB").order_by("pk")[0]
            quota_rule_save(
                event=event,
                rule=rule,
                scope=rule.scope,
                body_kind=rule.body_kind,
                seats=int(argument),
                role=rule.role,
                body=rule.body,
                label=rule.label,
                order=rule.order,
            )
            answer = str(seat_summary(event=event).expected_total)
        else:
            answer = f"unknown command {command!r}"
        print(answer, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
