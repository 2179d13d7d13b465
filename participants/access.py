"""Who may open a participants page: the private link, and ids from URLs (the staff gate
is `events.access.staff_required`).

Kept out of the views so no views module imports from another.
"""

from datetime import date
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import Registration
from .private_link import link_valid_until
from .ratelimit import rate_limited
from .selectors import registration_by_private_token


def unlogged(response: HttpResponse) -> HttpResponse:
    """Django logs every 4xx with its path ("Not Found: /daftar/p/<token>/"); an expired
    link's path holds a real token, so these answers are marked as logged already."""
    response._has_been_logged = True
    return response


def link_valid_until_of(registration: Registration) -> date:
    return link_valid_until(
        last_day=registration.event.last_day,
        registered_on=timezone.localdate(registration.created_at),
    )


def private_link(view):
    """Give the view the registration behind the link's token, if the link is valid.

    Unknown tokens are counted per address (walking through tokens is hopeless at 128
    bits, but each miss is still a database query); an expired link says so.

    Never cached: the page holds a person's phone, e-mail and NIK, and a shared or
    public computer's browser cache would hand them to the next user.
    """

    @wraps(view)
    def wrapped(request, token):
        # Corrections (the NIK among them) and cancelling are limited per address like
        # the form, before the link is even looked up.
        if request.method == "POST" and rate_limited(
            request, scope="private-link", rate=settings.BIMTEK_PRIVATE_LINK_RATE
        ):
            return render(request, "participants/rate_limited.html", status=429)
        registration = registration_by_private_token(token=token)
        if registration is None:
            if rate_limited(request, scope="code-miss", rate=settings.BIMTEK_REGISTRATION_RATE):
                return unlogged(render(request, "participants/rate_limited.html", status=429))
            return unlogged(render(request, "participants/private_link_invalid.html", status=404))
        valid_until = link_valid_until_of(registration)
        if timezone.localdate() > valid_until:
            return unlogged(
                render(
                    request,
                    "participants/private_link_invalid.html",
                    {"expired_on": valid_until, "event": registration.event},
                    status=410,
                )
            )
        return view(request, registration, token)

    return never_cache(wrapped)


DATABASE_ID_MAX = 2**63 - 1  # a bigint; a larger number overflows the database driver


def database_id(value: str) -> int | None:
    """A row id from a query string or form, or None for anything else.

    str.isdigit() alone accepts "²" and other Unicode digits that int() refuses,
    and a 30-digit number overflows the driver: both were server errors.
    """
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 1 <= number <= DATABASE_ID_MAX else None
