"""The portal speaks Bahasa Indonesia unless the visitor picked another language.

Django's LocaleMiddleware follows the browser's Accept-Language, and many
phones in Indonesia are set to English: staff and participants would get an
English portal they never asked for. Here only the language cookie (set by the
language switch in the footer) changes the language.
"""

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.utils import translation
from django.utils.cache import patch_vary_headers


class CookieLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than BIMTEK_MAX_REQUEST_BYTES before it is read.

    Django caps a form's fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not the files in
    it, so one upload could fill the disk with temporary files. The length the
    client announces is enough to decide: Django reads no more than
    Content-Length bytes, and a body without one is read as empty. Raised as
    RequestDataTooBig, the refusal takes the same path as Django's own cap:
    logged under django.security and answered by the 413 page (see views.bad_request).

    The body is read and thrown away first, up to DRAIN_FACTOR times the limit: a server
    that answers before the client has sent everything and closes the connection makes
    the browser show "connection reset" instead of the 413 page (issue #17 finding 9).
    Anything larger still gets the reset: reading it would only tie up a worker.
    """

    DRAIN_FACTOR = 4
    CHUNK = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.BIMTEK_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            if length <= limit * self.DRAIN_FACTOR:
                self._discard(request.META.get("wsgi.input"), length)
            raise RequestDataTooBig(
                f"Request body of {length} bytes exceeds BIMTEK_MAX_REQUEST_BYTES={limit}."
            )
        return self.get_response(request)

    def _discard(self, stream, length: int) -> None:
        remaining = length
        while stream is not None and remaining > 0:
            chunk = stream.read(min(self.CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)


class NulCharacterMiddleware:
    """Answers 400 to an address whose path or query holds a NUL character (%00).

    No page takes one, and PostgreSQL cannot even compare a text with one: a search,
    a filter or a code lookup given `?q=%00` failed with a server error in the
    database driver. Forms refuse NUL in their fields already (Django's CharField);
    the query string is read by views directly, so it is checked here, once for all.
    Raised as BadRequest, the refusal is answered by the portal's 400 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            raise BadRequest("A NUL character in the address.")
        return self.get_response(request)
