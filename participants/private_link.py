"""The secret of a participant's private link, kept apart from the registration code.

The code (8 characters) is what the check-in desk types and what lists, exports and
searches show; it opens nothing. The private link carries a token of 128 bits that
cannot be guessed (22 characters: `secrets.token_urlsafe(16)`, or for a registration
form `token_for_form` below). Only its SHA-256 is stored: a copy of the database, an
export or a log never holds a working link.

A plain hash and not an HMAC with SECRET_KEY: with 128 unguessable bits there is
nothing to guess, so a key adds no protection against a stolen table, while
rotating SECRET_KEY (after a leak, say) would silently break every link handed out.

The raw token exists only in the response that created it (the redirect to the
link itself), in the confirmation e-mail and in the person's hands; the portal
writes it nowhere else.

A form's token is not drawn at random but derived from the form's own key (see
`token_for_form`): when the answer to a registration is lost on a bad connection and
the phone sends the form again, the person is shown the same link the confirmation
e-mail already carries, instead of a new one that would leave the e-mailed link dead.
"""

import base64
import hashlib
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.utils.crypto import salted_hmac

TOKEN_BYTES = 16  # 128 bits; token_urlsafe gives 22 characters


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def submission_key_hash(submission_key: str) -> str:
    """How a form's key is stored: hashed, because the key now leads to a token (below),
    and a copy of the database must still hold no working link."""
    return token_hash(submission_key)


def token_for_form(*, event_id: int, submission_key: str) -> str:
    """The token of the registration a form makes: 128 bits of an HMAC (SECRET_KEY) of
    the event and the form's key, so the form sent twice gets the same link twice.

    The key is a random UUID (122 bits) drawn for that one page and stored only hashed,
    and the HMAC's key is SECRET_KEY, so the token is no easier to guess than a random
    one. The event is in it because a key is unique per event only. A SECRET_KEY
    rotated between the two posts only means the second answer gets a new link.
    """
    digest = salted_hmac(
        "participants.private_link.token_for_form",
        f"{event_id}:{submission_key}",
        algorithm="sha256",
    ).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).rstrip(b"=").decode("ascii")


def link_valid_until(*, last_day: date, registered_on: date) -> date:
    """The last day a link works: BIMTEK_PRIVATE_LINK_DAYS after the event's last day.

    Counted from the registration's day instead when that is later (a registration
    taken after the event, as on the demo of a past Bimtek), so a link handed out
    today never arrives expired.
    """
    return max(last_day, registered_on) + timedelta(days=settings.BIMTEK_PRIVATE_LINK_DAYS)
