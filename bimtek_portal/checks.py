"""The portal's own deployment checks (`manage.py check --deploy`)."""

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
