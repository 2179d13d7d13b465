"""The secret of a participant's private link, kept apart from the registration code.

The code (8 characters) is what the check-in desk types and what lists, exports and
searches show; it opens nothing. The private link carries a token of 128 random
bits (`secrets.token_urlsafe(16)`, 22 characters). Only its SHA-256 is stored: a
copy of the database, an export or a log never holds a working link.

A plain hash and not an HMAC with SECRET_KEY: with 128 random bits there is
nothing to guess, so a key adds no protection against a stolen table, while
rotating SECRET_KEY (after a leak, say) would silently break every link handed out.

The raw token exists only in the response that created it (the redirect to the
link itself) and in the person's hands; it is never written anywhere by the portal.
"""

import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings

TOKEN_BYTES = 16  # 128 bits; token_urlsafe gives 22 characters


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def link_valid_until(*, last_day: date, registered_on: date) -> date:
    """The last day a link works: BIMTEK_PRIVATE_LINK_DAYS after the event's last day.

    Counted from the registration's day instead when that is later (a registration
    taken after the event, as on the demo of a past Bimtek), so a link handed out
    today never arrives expired.
    """
    return max(last_day, registered_on) + timedelta(days=settings.BIMTEK_PRIVATE_LINK_DAYS)
