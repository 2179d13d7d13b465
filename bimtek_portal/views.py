"""Project-wide pages: the health check and the answer to a request too large."""

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from learning import filetypes


@never_cache
@require_safe
def healthz(request):
    """For a load balancer or uptime monitor: does this process reach its database and cache?

    503 only when the database fails: without it nothing works, so a load balancer
    should take this host out. A failed cache (Redis) gives 200 with "status":
    "degraded" and "cache": "error": every host shares that Redis and works without
    it (bimtek_portal/cache.py), so taking hosts out would only stop the site; a
    monitor should alert on it. No login and nothing private: states only.
    """
    database = "ok"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        database = "error"
    cache_state = "ok" if _cache_answers() else "error"
    if database == "error":
        status, code = "error", 503
    else:
        status, code = ("ok" if cache_state == "ok" else "degraded"), 200
    return JsonResponse({"status": status, "database": database, "cache": cache_state}, status=code)


def _cache_answers() -> bool:
    cache = caches["default"]
    if hasattr(cache, "ping"):  # Redis (bimtek_portal.cache.TolerantRedisCache)
        return cache.ping()
    try:
        cache.get("healthz")
    except Exception:
        return False
    return True


@require_safe
def favicon(request):
    """Browsers ask every site for /favicon.ico: the KPU logo, instead of a 404 each time."""
    return HttpResponsePermanentRedirect(static("img/logo-kpu.svg"))


def bad_request(request, exception):
    """The 400 page in the visitor's language; a request too large gets the 413 page.

    Not Django's own 400 view: that one checks the CSRF token (`requires_csrf_token`),
    which reads the body again, and a body Django refused (a form declaring a charset
    other than UTF-8) is refused again inside the handler, so the visitor got the
    server's bare 500. The body is marked unreadable for the same reason: nothing
    rendering this page reads it again.
    """
    if hasattr(request, "_mark_post_parse_error"):
        request._mark_post_parse_error()
    if isinstance(exception, RequestDataTooBig):
        return render(
            request,
            "413.html",
            {
                "limit_mb": _megabytes(settings.BIMTEK_MAX_REQUEST_BYTES),
                "form_mb": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
                "material_mb": _megabytes(filetypes.MAX_BYTES),
            },
            status=413,
        )
    return render(request, "400.html", status=400)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def csrf_failure(request, reason=""):
    """A form refused for its security token, in the visitor's language.

    Django's own page is English and speaks of cookies and referers. The usual cause
    here is a form left open past the session or a page reloaded from the browser's
    history; the visitor needs to know nothing was saved and to open the form again.
    """
    return render(request, "403_csrf.html", status=403)
