"""Certificate numbers that prove a certificate is genuine without giving anything away.

The registration code identifies the participant at the check-in desk (it no
longer opens their private link, which has its own secret: participants/private_link.py),
and still is not printed on a certificate that others see and copy. A certificate carries `<registration id>-<HMAC>`: the public
verification page can recompute the HMAC, nobody can forge or guess one
without the server's SECRET_KEY, and it opens nothing but that page.
Rotating SECRET_KEY makes earlier certificates unverifiable online.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "bimtek.reports.certificate"
DIGEST_LENGTH = 10


def certificate_number(registration_pk: int) -> str:
    digest = salted_hmac(SALT, str(registration_pk)).hexdigest()[:DIGEST_LENGTH].upper()
    return f"{registration_pk}-{digest}"


def registration_pk_from(number: str) -> int | None:
    """The registration id a genuine certificate number stands for, else None."""
    pk_text, _dash, digest = (number or "").strip().upper().partition("-")
    if not (pk_text.isascii() and pk_text.isdigit()) or len(pk_text) > 18 or not digest:
        return None
    pk = int(pk_text)
    return pk if constant_time_compare(certificate_number(pk), f"{pk}-{digest}") else None
