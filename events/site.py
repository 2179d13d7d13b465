"""The portal's own address: every absolute link it hands out is built here.

A link read outside the portal (an e-mail, the undangan's and the certificate's QR
codes, the calendar file, a private link shown to copy) must open on a phone that
has never seen the portal, so it carries the scheme and host of BIMTEK_SITE_URL
("https://bimtek.kpu-tebo.go.id"). `run.sh` sets it to the demo's own port. With
debug off and no BIMTEK_SITE_URL, `check --deploy` reports an error
(bimtek_portal/checks.py), so production never prints a path where a link belongs.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SiteUrlMissing(ImproperlyConfigured):
    """BIMTEK_SITE_URL is not set, and no request says where the portal is."""


MISSING_MESSAGE = _(
    "The portal's address is not set: set BIMTEK_SITE_URL (e.g. https://bimtek.kpu-tebo.go.id)."
)


def site_base() -> str:
    """BIMTEK_SITE_URL without its trailing slash; "" when it is not set."""
    return (settings.BIMTEK_SITE_URL or "").strip().rstrip("/")


def absolute_url(path: str, *, request: HttpRequest | None = None) -> str:
    """`path` ("/daftar/p/.../") as a whole link from BIMTEK_SITE_URL.

    Without the setting, a page may still show the address it was opened at
    (`request`); a letter, a certificate or an e-mail has no such address, so there
    it raises SiteUrlMissing and the caller says why it cannot be made.
    """
    base = site_base()
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    raise SiteUrlMissing(str(MISSING_MESSAGE))
