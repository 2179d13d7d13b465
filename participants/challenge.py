"""The proof-of-work challenge of the public registration form (ALTCHA, self-hosted).

Why: without it anyone takes every seat of an event with made-up NIKs in minutes (#17,
finding 8). The browser must find a counter whose PBKDF2 key the server chose; a person
pays about a second once, a bulk poster pays it for every seat. Nothing leaves the
portal: the challenge is made and checked here, the widget is served from static/.

Deterministic mode: the server picks the counter, derives its key once, and signs the
key (`keySignature`), so checking a solution is two HMACs, not a derivation. A solved
challenge counts once (its nonce is kept in the cache until it expires).
"""

import secrets
import time

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

ALGORITHM = "PBKDF2/SHA-256"
PAYLOAD_MAX = 4000  # a real payload is ~600 characters
USED_PREFIX = "altcha-used:"


def challenge_enabled() -> bool:
    return settings.BIMTEK_FORM_CHALLENGE


def _secret(purpose: str) -> str:
    return salted_hmac("bimtek.form-challenge", purpose).hexdigest()


def challenge_new() -> dict:
    """A fresh signed challenge, as the widget fetches it (JSON)."""
    counter = altcha_counter()
    challenge = altcha.create_challenge(
        ALGORITHM,
        settings.BIMTEK_FORM_CHALLENGE_COST,
        counter=counter,
        expires_at=int(time.time()) + settings.BIMTEK_FORM_CHALLENGE_SECONDS,
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return challenge.to_dict()


def altcha_counter() -> int:
    """The counter the browser must find, uniform in [0, max]: on average half the work."""
    return secrets.randbelow(settings.BIMTEK_FORM_CHALLENGE_MAX + 1)


def challenge_passed(payload: str) -> bool:
    """Whether `payload` (the widget's hidden field) solves a challenge of ours, unexpired,
    for the first time."""
    payload = (payload or "").strip()
    if not payload or len(payload) > PAYLOAD_MAX:
        return False
    try:
        parsed = altcha.Payload.from_base64(payload)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return False
    result = altcha.verify_solution(
        parsed, hmac_secret=_secret("challenge"), hmac_key_secret=_secret("key")
    )
    if not result.verified:
        return False
    # Once only: the same solved payload posted again would cost nothing.
    return cache.add(
        USED_PREFIX + parsed.challenge.parameters.nonce,
        1,
        timeout=settings.BIMTEK_FORM_CHALLENGE_SECONDS + 60,
    )
