"""The public home page. The event's page and the staff quota overview show seats, so
they are the seat ledger's pages: `participants.views_event`."""

from django.shortcuts import render

from .selectors import event_registration_closed_reason, open_events, recent_events


def home(request):
    recent = list(recent_events())
    for event in recent:
        event.closed_reason = event_registration_closed_reason(event=event)
    return render(
        request,
        "events/home.html",
        {"open_events": open_events(), "recent_events": recent},
    )
