"""The public registration form and its proof-of-work challenge."""

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from events.models import Event
from events.selectors import event_registration_closed_reason

from .. import errors, services
from ..challenge import challenge_enabled, challenge_new
from ..forms import (
    RegistrationForm,
    add_domain_error,
    new_submission_key,
)
from ..kept_pages import kept_page
from ..ledger import EventChoices
from ..public_cache import EventCopies, public_event, seat_data
from ..ratelimit import rate_limited

# --- public ------------------------------------------------------------------


# Not kept by the browser: the back button after registering loads the form again,
# with a fresh submission key, instead of the old page holding the used one.
@never_cache
def register(request, slug):
    event = public_event(slug=slug)
    closed_reason = event_registration_closed_reason(event=event)
    if closed_reason:
        return render(
            request, "participants/register_closed.html", {"event": event, "reason": closed_reason}
        )
    seats = seat_data(event=event)
    if request.method == "POST":
        if rate_limited(request, scope="register", rate=settings.BIMTEK_REGISTRATION_RATE):
            return render(request, "participants/rate_limited.html", {"event": event}, status=429)
        form = RegistrationForm(
            request.POST, event=event, choices=_choices(event, seats), challenge=challenge_enabled()
        )
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
                    **form.person_data(),
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
                form = RegistrationForm(
                    request.POST,
                    event=event,
                    choices=_choices(event, seats),
                    challenge=challenge_enabled(),
                )
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
        return render(
            request,
            "participants/register.html",
            _form_page(
                event,
                seats,
                form=form,
                form_html=None,
                submission_key=form["submission_key"].value(),
            ),
        )
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
                lambda: render_crispy_form(
                    RegistrationForm(
                        event=event, choices=_choices(event, seats), challenge=challenge_enabled()
                    )
                ),
            ),
        ),
        per_visitor={"submission_key": new_submission_key()},
    )


@never_cache
def register_challenge(request, slug):
    """A fresh proof-of-work challenge for the form's widget (JSON). Each costs the
    server one key derivation, so they are counted per address like the form's posts."""
    event = public_event(slug=slug)
    if not challenge_enabled() or event_registration_closed_reason(event=event):
        raise Http404
    if rate_limited(request, scope="challenge", rate=settings.BIMTEK_FORM_CHALLENGE_RATE):
        return JsonResponse({"error": "rate_limited"}, status=429)
    return JsonResponse(challenge_new())


def _form_page(event: Event, seats: EventCopies, **form_parts) -> dict:
    """The form page's context: the event's parts, and the form's (bound, or kept HTML)."""
    return {
        "challenge": challenge_enabled(),
        "event": event,
        "villages_url": _villages_url(),
        "role_kinds": seats.get("role_kinds", lambda: _role_kinds(_choices(event, seats))),
        **form_parts,
    }


def _choices(event: Event, seats: EventCopies) -> EventChoices:
    # Per language: the labels ("(penuh)", the kinds) are written in the visitor's.
    return seats.get(("choices", get_language()), lambda: EventChoices.for_event(event))


def _role_kinds(choices: EventChoices) -> dict[str, list[str]]:
    return {role: sorted(kinds) for role, kinds in choices.role_kinds.items()}


def _villages_url() -> str:
    try:
        return reverse("bodies:villages")
    except NoReverseMatch:  # the list still works without the narrowing
        return ""
