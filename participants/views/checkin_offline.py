"""The offline check-in desk: its page, service worker and manifest, the roster it keeps,
the sync its outbox goes through, the review of scans that could not count, the paper list.

The JSON API (roster.json, sinkron/) is described in the README ("Offline check-in desk").
"""

import hashlib
import json
import uuid

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import CHECK_IN
from events.access import event_day_or_404, staff_required
from events.selectors import event_for_staff

from .. import checkin_review, checkin_sync
from ..access import database_id
from ..checkin_roster import (
    check_in_roster,
    check_ins_by_others,
    devices_not_sent,
    duplicate_scans,
    roster_version_now,
    scans_for_review,
)
from ..models import Registration
from ..models_offline import CheckInScan

# What the page needs with no network: the service worker caches these at install.
DESK_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/portal.css",
    "css/bars.css",
    "img/logo-kpu.svg",
    "participants/participants.css",
    "participants/desk-offline.css",
    "participants/desk-offline.js",
    "vendor/idb/idb.umd.js",
    "vendor/jsqr/jsQR.js",
)
WORKBOX_MODULES = ("core", "routing", "strategies", "precaching")


def _desk_texts() -> dict:
    """Everything the desk's script says, translated here (the script has no catalogue)."""
    return {
        "saved": _("saved, not sent yet"),
        "recorded": _("recorded"),
        "duplicate": _("already present (duplicate)"),
        "needs_review": _("needs review"),
        "refused": _("refused"),
        "already": _("Already checked in on this day: %(name)s."),
        "unknown": _("Unknown code “%(code)s”: kept as “needs review”, not counted as present."),
        "not_active": _("%(name)s: the registration is %(status)s. Kept as “needs review”."),
        "choose": _("Several people match: choose one."),
        "nobody": _("Nobody matches “%(text)s”."),
        "online": _("Online"),
        "offline": _("Offline: check-ins are kept on this device"),
        "sent": _("Sent: %(n)d scans."),
        "send_failed": _("Not sent (no connection). Will try again."),
        "signed_out": _("Signed out: sign in again to send the scans kept here."),
        "no_roster": _(
            "The participant list is not on this device yet: open this page once with a connection."
        ),
        "roster_at": _("List of %(n)d participants, updated %(time)s"),
        "nobody_yet": _("Nobody yet."),
        "camera_none": _("This browser cannot read QR codes with the camera: type the code."),
        "camera_denied": _("The camera could not be opened."),
        "status_pending": _("awaiting verification"),
        "status_cancelled": _("cancelled"),
        "status_rejected": _("rejected"),
    }


@staff_required(CHECK_IN, whole_event=True)
def desk(request, slug):
    """The desk page. Kept by the service worker, so it opens with no network; the day
    and everything else it shows come from the device's IndexedDB."""
    event = event_for_staff(user=request.user, slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "participants/checkin_offline/desk.html",
        {
            "event": event,
            "days": event.days,
            "today": today if today in event.days else event.days[0],
            "texts": _desk_texts(),
        },
    )


def _static_revision(path: str) -> str:
    found = finders.find(path)
    if found:
        with open(found, "rb") as handle:
            return hashlib.md5(handle.read(), usedforsecurity=False).hexdigest()[:12]
    return static(path)  # hashed by the manifest storage: the URL is its revision


@require_GET
def service_worker(request, slug):
    """The desk's service worker, at the desk's own path so that its scope covers the
    desk without a Service-Worker-Allowed header. Holds no personal data (only static
    URLs), so it needs no login: the browser checks it for updates even when signed out.
    Nor does it read the database, so it tells nobody whether an event has that slug."""
    precache = [{"url": static(path), "revision": _static_revision(path)} for path in DESK_STATIC]
    body = render(
        request,
        "participants/checkin_offline/sw.js",
        {
            # JSON strings: a URL in a script, quoted and escaped as JavaScript reads it.
            "desk_url": json.dumps(reverse("participants:check-in-offline", args=[slug])),
            "workbox_sw": json.dumps(static("vendor/workbox/workbox-sw.js")),
            "modules": json.dumps(
                {
                    f"workbox-{m}": static(f"vendor/workbox/workbox-{m}.prod.js")
                    for m in WORKBOX_MODULES
                }
            ),
            "precache": json.dumps(precache),
        },
        content_type="text/javascript; charset=utf-8",
    )
    body["Cache-Control"] = "no-cache"  # the browser asks for a new worker on each visit
    return body


@require_GET
def manifest(request, slug):
    """The web app manifest. Browsers fetch it without the session cookie, so it names no
    event (and reads nothing): the installed desk is "Meja daftar hadir"."""
    desk_url = reverse("participants:check-in-offline", args=[slug])
    data = {
        "name": _("Check-in desk"),
        "short_name": _("Check-in desk"),
        "start_url": desk_url,
        "scope": desk_url,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a4161a",
        "lang": "id",
        "icons": [
            {"src": static("img/logo-kpu.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def _int_param(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number >= 0 else None


@staff_required(CHECK_IN, whole_event=True)
@require_GET
def roster(request, slug):
    """`{"version", "full", "registrations", "account", "last_day"}`; `?since=<version>` for
    the changes only, `&device=<id>&pending=<n>` to say who asks and what it still holds."""
    event = event_for_staff(user=request.user, slug=slug)
    since = _int_param(request.GET.get("since")) or 0
    data = check_in_roster(event=event, since=since)
    device = request.GET.get("device", "")
    if checkin_sync.device_id_valid(device):
        checkin_sync.check_in_device_seen(
            event=event,
            device=device,
            actor=request.user,
            version=data["version"],
            pending=_int_param(request.GET.get("pending")),
        )
    data["account"] = request.user.pk
    data["last_day"] = event.last_day.isoformat()
    return JsonResponse(data)


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@staff_required(CHECK_IN, whole_event=True)
@require_POST
def sync(request, slug):
    """The outbox arriving; see checkin_sync.check_in_scans_sync and the README."""
    event = event_for_staff(user=request.user, slug=slug)
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json_error(_("The request is not valid JSON."))
    try:
        device, scans = checkin_sync.sync_request_from_json(body)
    except checkin_sync.SyncRequestInvalid as error:
        return _json_error(error.message)
    since = checkin_sync.device_version(event=event, device=device)
    version = roster_version_now()
    results = checkin_sync.check_in_scans_sync(
        event=event, device=device, scans=scans, actor=request.user
    )
    others = check_ins_by_others(event=event, device=device, since=since)
    checkin_sync.check_in_device_seen(
        event=event, device=device, actor=request.user, version=version, synced=True
    )
    return JsonResponse(
        {
            "results": [result.as_json() for result in results],
            "version": version,
            "others": others,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@staff_required(CHECK_IN, whole_event=True)
def review(request, slug):
    """ "Perlu ditinjau": scans that could not count by themselves; accept or dismiss each."""
    event = event_for_staff(user=request.user, slug=slug)
    if request.method == "POST":
        scan = get_object_or_404(
            CheckInScan, pk=database_id(request.POST.get("scan", "")) or 0, event=event
        )
        try:
            if request.POST.get("action") == "accept":
                checkin_review.check_in_scan_accept(
                    scan=scan, actor=request.user, code=request.POST.get("code", "").strip()[:20]
                )
                messages.success(request, _("Accepted: counted as present."))
            else:
                checkin_review.check_in_scan_dismiss(scan=scan, actor=request.user)
                messages.success(request, _("Dismissed."))
        except (checkin_review.ReviewError, checkin_review.errors.CheckInError) as error:
            messages.error(request, error.message)
        return redirect("participants:check-in-review", slug=event.slug)
    return render(
        request,
        "participants/checkin_offline/review.html",
        {
            "event": event,
            "scans": scans_for_review(event=event),
            "duplicates": duplicate_scans(event=event),
            "devices": devices_not_sent(event=event),
        },
    )


@staff_required(CHECK_IN, whole_event=True)
def paper(request, slug, day):
    """ "Input dari daftar hadir kertas": tick those present on the signed paper list."""
    event = event_for_staff(user=request.user, slug=slug)
    day = event_day_or_404(event=event, day=day)
    absent = list(
        Registration.objects.filter(event=event, status=Registration.Status.VERIFIED)
        .exclude(attendances__day=day)
        .order_by("full_name")
        .only("pk", "code", "full_name")
    )
    if request.method == "POST":
        ticked = {database_id(value) for value in request.POST.getlist("present")}
        try:
            batch = uuid.UUID(request.POST.get("batch", ""))
        except ValueError:
            batch = uuid.uuid4()
        chosen = [row for row in absent if row.pk in ticked]
        if chosen:
            results = checkin_review.paper_scans_record(
                event=event, day=day, registrations=chosen, batch=batch, actor=request.user
            )
            recorded = sum(1 for result in results if result.result == "recorded")
            messages.success(
                request, _("%(n)d people recorded present from the paper list.") % {"n": recorded}
            )
        return redirect("participants:check-in-paper", slug=event.slug, day=day.isoformat())
    return render(
        request,
        "participants/checkin_offline/paper.html",
        {"event": event, "day": day, "days": event.days, "absent": absent, "batch": uuid.uuid4()},
    )
