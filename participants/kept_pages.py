"""Whole public pages rendered once per process and kept, for visitors without a session.

In a registration wave nearly every request for the event page or the empty form
comes from someone with no session: the page is then the same for all of them but
for the CSRF token and, on the form, the submission key. Rendering base.html and the
page around its kept fragments (`{% cache %}`) was still half the CPU of those
requests; a kept page costs one lookup in the per-process cache and a string replace.

Django's own whole-page cache (`cache_page`) cannot do this: it keeps the response as
it was sent, token included, and keeps nothing for a visitor whose response sets the
CSRF cookie, which is every first visitor. So the page is rendered with marks in place
of the per-visitor values, kept among the event's copies (`public_cache.EventCopies`:
built again when the event's version moves), and each request writes its own values
in. Anyone else (a session cookie: staff, or messages waiting; a query string, which
the page echoes) gets the page rendered for them as before.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Hashable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .public_cache import EventCopies

# Random per process, so no text on a page (an event's title, say) can hold one.
CSRF_MARK = "csrf" + secrets.token_hex(16)
TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]*")


def kept_page(
    request: HttpRequest,
    *,
    store: EventCopies,
    key: Hashable,
    template: str,
    context: dict,
    per_visitor: dict[str, str] | None = None,
) -> HttpResponse:
    """`render(request, template, context)`, kept in `store` under `key` when it can be.

    `key` must name everything the page shows that is not in the store's event
    (a closed reason that depends on the hour, say). `per_visitor`: context names
    whose values differ per request; they are rendered as marks and written in.
    """
    per_visitor = per_visitor or {}
    if not _same_for_everyone(request):
        return render(request, template, {**context, **per_visitor})
    marks = {name: f"{name}{CSRF_MARK}" for name in per_visitor}
    page = store.get(
        ("page", template, request.path, get_language(), key),
        lambda: render_to_string(
            template, {**context, **marks, "csrf_token": CSRF_MARK}, request=request
        ),
    )
    # The visitor's own values, then the token (get_token also has the CSRF cookie
    # set). Marks are letters and digits, so escaping left them as they were; the
    # values go in as they are, hence only the characters of a token.
    for name, value in per_visitor.items():
        if not TOKEN_CHARS.fullmatch(value):
            raise ValueError(f"{name} is written into a kept page unescaped: {value!r}")
        page = page.replace(marks[name], value)
    return HttpResponse(page.replace(CSRF_MARK, get_token(request)))


def _same_for_everyone(request: HttpRequest) -> bool:
    """No session (so no user and no messages), nothing in the query string."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )
