"""The calendar file (.ics) of the private page."""

from django.http import HttpResponse
from django.urls import reverse

from events.site import absolute_url

from ..access import private_link
from ..notices import event_calendar


@private_link
def registration_calendar(request, registration, *_link):
    event = registration.event
    response = HttpResponse(
        event_calendar(
            event=event,
            registration=registration,
            event_url=absolute_url(reverse("events:detail", args=[event.slug]), request=request),
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
