"""The portal's own deployment checks (`manage.py check --deploy`)."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """Links in e-mails, letters and certificates are built from BIMTEK_SITE_URL
    (events/site.py): without it they would be paths a phone cannot open."""
    if settings.DEBUG:
        return []
    url = (settings.BIMTEK_SITE_URL or "").strip()
    if not url:
        return [
            Error(
                "BIMTEK_SITE_URL is not set: e-mails, the undangan and certificates "
                "need the portal's address for their links and QR codes.",
                hint="Set BIMTEK_SITE_URL=https://bimtek.example (the address participants open).",
                id="bimtek.E001",
            )
        ]
    if not url.startswith("https://"):
        return [
            Warning(
                f"BIMTEK_SITE_URL ({url}) is not an https:// address: links in e-mails and "
                "QR codes would send people to plain http.",
                id="bimtek.W001",
            )
        ]
    return []


# Settings renamed: a deployment that still sets the old name would quietly get the default.
RENAMED_SETTINGS = {"BIMTEK_SEAT_CACHE_SECONDS": "BIMTEK_KEPT_SECONDS"}


@register()
def renamed_settings_check(app_configs, **kwargs):
    """An environment variable the portal no longer reads, named with its new name."""
    return [
        Warning(
            f"{old} is no longer read: the portal uses {new} now, so the value set is ignored.",
            hint=f"Rename {old} to {new} in the environment.",
            id="bimtek.W002",
        )
        for old, new in RENAMED_SETTINGS.items()
        if old in os.environ and new not in os.environ
    ]
