"""Staff sessions: a second factor where one is required, and an idle timeout."""

import time

from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import awaiting_second_factor

LAST_SEEN_KEY = "_bimtek_seen"
REFRESH_AFTER_SECONDS = 60

# Reachable before the second factor: the enrolment and code pages, and the way out.
OPEN_PREFIXES = ("/akun/", "/static/", "/i18n/")


def second_factor_page(request):
    """Off to the enrolment/code page, and back here afterwards."""
    return redirect(f"{reverse('accounts:two-factor')}?next={request.path}")


class TwoFactorRequiredMiddleware:
    """An account that must have a second factor (two_factor.two_factor_required)
    reaches nothing but the enrolment/code page until its session is verified:
    not the admin, not the staff lists, not the documents. After django-otp's
    OTPMiddleware, which sets `request.user.is_verified()`. The staff pages' gate
    (events.access.staff_required) asks the same again, so a staff page does not
    depend on this path list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and request.path != reverse("admin:logout")
            and awaiting_second_factor(request.user)
        ):
            return second_factor_page(request)
        return self.get_response(request)


class StaffSessionActivityMiddleware:
    """A signed-in account's session is saved again after each minute of use, so it
    ends SESSION_COOKIE_AGE (8 hours) after the last request rather than after the
    sign-in. Once a minute and not on every request: a write per staff request
    would double the queries of the busy check-in desk for nothing.

    Only for signed-in accounts: the public pages (anonymous) neither read nor
    write a session because of this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get(LAST_SEEN_KEY, 0) >= REFRESH_AFTER_SECONDS:
                session[LAST_SEEN_KEY] = now
        return response


def mark_seen(sender, request, user, **kwargs):
    """At sign-in (user_logged_in): the session is new, no need to save it again soon."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())
