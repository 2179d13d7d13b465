"""The public home page. The event's page and the staff quota overview show seats, so
they are the seat ledger's pages: `participants.views.event`."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from .models import Event
from .selectors import event_listing_reason, open_events, recent_events


def home(request):
    recent = list(recent_events())
    for event in recent:
        event.closed_reason = event_listing_reason(event=event)
    return render(
        request,
        "events/home.html",
        {"open_events": open_events(), "recent_events": recent},
    )


def event_privacy(request, slug):
    """The privacy notice of the event's registration (UU 27/2022): who is responsible,
    what is collected and why, how long it is kept, the person's rights."""
    event = get_object_or_404(
        Event.objects.exclude(status=Event.Status.DRAFT).select_related("organiser"), slug=slug
    )
    return render(
        request,
        "events/privacy.html",
        {
            "event": event,
            "office": event.organiser,
            "link_days": settings.BIMTEK_PRIVATE_LINK_DAYS,
            "keep_months": settings.BIMTEK_ANONYMISE_AFTER_MONTHS,
        },
    )
