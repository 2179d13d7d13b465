"""An event's public page (agenda, seats left) and the staff quota overview.

Both show seats, so they live beside the seat ledger; their addresses and names
stay the events app's ("events:detail", "events:quota-overview", see
bimtek_portal/urls.py).
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from accounts.permissions import VIEW_EVENT
from events.access import staff_required
from events.selectors import event_for_staff, event_listing_reason

from ..kept_pages import kept_page
from ..ledger import quota_overview, seat_summary
from ..public_cache import public_event, seat_data
from ..quota_levels import quota_level, region_in_event, starts_by_level


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


@staff_required(VIEW_EVENT, whole_event=True)
def quota_overview_view(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    if starts_by_level(event):
        # A national or provincial event: its provinces or regencies, each a link down.
        return _level_page(request, event, quota_level(event=event), top=True)
    return render(
        request,
        "events/quota_overview.html",
        {"event": event, "overview": quota_overview(event=event)},
    )


# The level in the address, in Indonesian, and the level it names.
REGION_LEVELS = {"provinsi": "province", "kabupaten": "regency", "kecamatan": "district"}
LEVEL_SLUGS = {level: slug for slug, level in REGION_LEVELS.items()}


@staff_required(VIEW_EVENT, whole_event=True)
def quota_region_view(request, slug, level, pk):
    """One province, regency or kecamatan of the event's overview; 404 outside its area."""
    event = event_for_staff(user=request.user, slug=slug)
    region = region_in_event(event=event, level=REGION_LEVELS[level], pk=int(pk))
    if region is None:
        raise Http404
    page = quota_level(event=event, level=REGION_LEVELS[level], region=region)
    return _level_page(request, event, page, top=False)


def _level_page(request, event, page, *, top: bool):
    trail = [
        (region, reverse("events:quota-region", args=[event.slug, LEVEL_SLUGS[level], region.pk]))
        for level, region in page.trail
    ]
    return render(
        request,
        "events/quota_level.html",
        {
            "event": event,
            "page": page,
            "top": top,
            # The per-rule table and the totals of the whole event: aggregates only.
            "summary": seat_summary(event=event) if top else None,
            "trail": trail,
            "child_slug": LEVEL_SLUGS.get(page.child_level, ""),
        },
    )
