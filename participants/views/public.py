"""The public registration form and its proof-of-work challenge."""

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.models import Event
from events.selectors import event_listing_reason

from .. import errors, services
from ..challenge import challenge_enabled, challenge_new
from ..form_choices import EventChoices
from ..forms import (
    PERSON_FIELDS,
    UNIT_FIELDS,
    RegistrationForm,
    add_domain_error,
    new_submission_key,
)
from ..kept_pages import kept_page
from ..public_cache import EventCopies, public_event, seat_data
from ..ratelimit import rate_limited
from ..unit_picker import SEARCH_MAX, SEARCH_MIN, UnitPicker, parse_id, picks_step_by_step

# Regions change with an edition of the region data, or when the admin edits units.
REGIONS_MAX_AGE = 300

# What the step button carries over into the form shown again: the choices and what
# the person typed, never the honeypot or the anti-robot solution.
STEP_CARRIED = (*UNIT_FIELDS, *PERSON_FIELDS)

# --- public ------------------------------------------------------------------


# Not kept by the browser: the back button after registering loads the form again,
# with a fresh submission key, instead of the old page holding the used one.
@never_cache
def register(request, slug):
    event = public_event(slug=slug)
    closed_reason = event_listing_reason(event=event)
    if closed_reason:
        return render(
            request, "participants/register_closed.html", {"event": event, "reason": closed_reason}
        )
    seats = seat_data(event=event)
    if request.method == "POST":
        if rate_limited(request, scope="register", rate=settings.BIMTEK_REGISTRATION_RATE):
            return render(request, "participants/rate_limited.html", {"event": event}, status=429)
        if "step" in request.POST:
            return _next_step(request, event, seats)
        form = _form(event, seats, request.POST)
        if form.is_bot:
            return render(request, "participants/register_received.html", {"event": event})
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event=event,
                    quota_rule=data["quota_rule"],
                    unit=data["unit"],
                    role=data["role"],
                    submission_key=data["submission_key"],
                    person=form.person_data(),
                )
            except errors.RegistrationClosed as error:
                return render(
                    request,
                    "participants/register_closed.html",
                    {"event": event, "reason": error.message},
                )
            except errors.ParticipantError as error:
                # The lists the person chose from may be a few seconds old: shown
                # again as they are now, with why the seat was refused.
                seats = seat_data(event=event, fresh=True)
                form = _form(event, seats, request.POST)
                form.challenge_checked = True  # passed above; a solution counts once
                form.is_valid()
                add_domain_error(form, error)
                if isinstance(error, errors.SubmissionKeyUsed):
                    form.renew_submission_key()
            else:
                # The token travels once, in this redirect to the link itself; the
                # portal keeps only its hash and cannot show it again.
                return redirect(
                    reverse("participants:detail", args=[registration.private_token]) + "?baru=1"
                )
        return _form_again(request, event, seats, form, form["submission_key"].value())
    # The unfilled form is the same for everyone but its key and the CSRF token.
    return kept_page(
        request,
        store=seats,
        key=None,
        template="participants/register.html",
        context=_form_page(
            event,
            seats,
            form=None,
            form_html=seats.get(
                ("form", get_language(), challenge_enabled()),
                lambda: render_crispy_form(_form(event, seats)),
            ),
        ),
        per_visitor={"submission_key": new_submission_key()},
    )


@never_cache
def register_challenge(request, slug):
    """A fresh proof-of-work challenge for the form's widget (JSON). Each costs the
    server one key derivation, so they are counted per address like the form's posts."""
    event = public_event(slug=slug)
    if not challenge_enabled() or event_listing_reason(event=event):
        raise Http404
    if rate_limited(request, scope="challenge", rate=settings.BIMTEK_FORM_CHALLENGE_RATE):
        return JsonResponse({"error": "rate_limited"}, status=429)
    return JsonResponse(challenge_new())


def register_places(request, slug):
    """The next list of the step-by-step picker as JSON, for the form's script:
    ?province=<id> its regencies, ?regency=<id> its kecamatan, ?district=<id> its desa
    (full ones marked), ?q=<text> desa by name. Only places with units of the event;
    nothing about any person (a desa is full or not, for everyone)."""
    event = public_event(slug=slug)
    if not picks_step_by_step(event) or event_listing_reason(event=event):
        raise Http404
    picker = _picker(event, seat_data(event=event))
    params = request.GET
    if "q" in params:
        text = params["q"].strip()
        if not SEARCH_MIN <= len(text) <= SEARCH_MAX:
            return _bad_request(
                _("Type %(min)d to %(max)d letters of the name.")
                % {"min": SEARCH_MIN, "max": SEARCH_MAX}
            )
        if rate_limited(request, scope="places", rate=settings.BIMTEK_FORM_CHALLENGE_RATE):
            return JsonResponse({"error": "rate_limited"}, status=429)
        return _places_json(picker.search(text), max_age=REGIONS_MAX_AGE)
    for name, places, max_age in (
        ("province", picker.regencies, REGIONS_MAX_AGE),
        ("regency", picker.districts, REGIONS_MAX_AGE),
        # Full marks: as old as the kept form's at most.
        ("district", picker.villages, settings.BIMTEK_KEPT_SECONDS),
    ):
        if name in params:
            parent = parse_id(params[name])
            if parent is None:
                return _bad_request(_("Give the place as a number."))
            return _places_json([place.as_json() for place in places(parent)], max_age=max_age)
    return _bad_request(_("Give a province, regency, district or q."))


def _places_json(items: list[dict], *, max_age: int) -> JsonResponse:
    response = JsonResponse({"items": items})
    patch_cache_control(response, public=True, max_age=max(max_age, 0))
    return response


def _bad_request(message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=400)
    add_never_cache_headers(response)
    return response


def _next_step(request, event: Event, seats: EventCopies):
    """The form sent with its step button (no JavaScript): shown again as filled in so
    far, with the list below the last choice filled. Nothing is checked or stored."""
    carried = {name: value for name, value in request.POST.items() if name in STEP_CARRIED}
    form = _form(event, seats, initial=carried)
    key = request.POST.get("submission_key") or new_submission_key()
    return _form_again(request, event, seats, form, key)


def _form_again(request, event: Event, seats: EventCopies, form, submission_key: str):
    """The form page with this form rendered (refused, or a step further), not the kept
    HTML of the empty form."""
    context = _form_page(event, seats, form=form, form_html=None, submission_key=submission_key)
    return render(request, "participants/register.html", context)


def _form(event: Event, seats: EventCopies, data=None, **kwargs) -> RegistrationForm:
    picker = _picker(event, seats) if picks_step_by_step(event) else None
    return RegistrationForm(
        data,
        event=event,
        choices=_choices(event, seats),
        picker=picker,
        challenge=challenge_enabled(),
        **kwargs,
    )


def _picker(event: Event, seats: EventCopies) -> UnitPicker:
    return UnitPicker(event=event, rules=_choices(event, seats).rules, store=seats)


def _form_page(event: Event, seats: EventCopies, **form_parts) -> dict:
    """The form page's context: the event's parts, and the form's (bound, or kept HTML)."""
    step_by_step = picks_step_by_step(event)
    return {
        "challenge": challenge_enabled(),
        "event": event,
        "villages_url": "" if step_by_step else _villages_url(),
        "places_url": (
            reverse("participants:register-places", args=[event.slug]) if step_by_step else ""
        ),
        "role_kinds": seats.get("role_kinds", lambda: _role_kinds(_choices(event, seats))),
        **form_parts,
    }


def _choices(event: Event, seats: EventCopies) -> EventChoices:
    # Per language: the labels ("(penuh)", the kinds) are written in the visitor's. An
    # event across regencies lists no unit here: its picker lists one step at a time.
    units = not picks_step_by_step(event)
    return seats.get(
        ("choices", get_language(), units), lambda: EventChoices.for_event(event, units=units)
    )


def _role_kinds(choices: EventChoices) -> dict[str, list[str]]:
    return {role: sorted(kinds) for role, kinds in choices.role_kinds.items()}


def _villages_url() -> str:
    try:
        return reverse("bodies:villages")
    except NoReverseMatch:  # the list still works without the narrowing
        return ""
