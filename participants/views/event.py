"""An event's public page (agenda, seats left) and the staff quota overview.

Both show seats, so they live beside the seat ledger; their addresses and names
stay the events app's ("events:detail", "events:quota-overview", see
bimtek_portal/urls.py).
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from events.access import kpu_office_required, office_required
from events.selectors import event_for_staff, event_listing_reason

from ..kept_pages import kept_page
from ..ledger import quota_overview, seat_summary
from ..public_cache import public_event, seat_data


def event_detail(request, slug):
    event = public_event(slug=slug)
    # The seats, the agenda, the speakers, and for visitors without a session the
    # whole page: kept for a few seconds (public_cache), read only when built again.
    kept = seat_data(event=event)
    # As the home page says it: an event whose days are over took place, open or not.
    closed_reason = event_listing_reason(event=event)
    return kept_page(
        request,
        store=kept,
        key=closed_reason,
        template="events/event_detail.html",
        context={
            "event": event,
            # Lazy, as the template asks: a kept page or fragment needs neither.
            "seats": lambda: kept.get("summary", lambda: seat_summary(event=event)),
            "agenda_days": lambda: _agenda_days(event),
            "copies": kept,
            "closed_reason": closed_reason,
            "registration_url": reverse("participants:register", args=[event.slug]),
        },
    )


def _agenda_days(event) -> list:
    days: dict = {}
    for item in event.agenda_items.select_related("speaker"):
        days.setdefault(item.day, []).append(item)
    return sorted(days.items())


@never_cache
@staff_member_required
@permission_required("events.view_event", raise_exception=True)
@office_required
@kpu_office_required
def quota_overview_view(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    return render(
        request,
        "events/quota_overview.html",
        {"event": event, "overview": quota_overview(event=event)},
    )
