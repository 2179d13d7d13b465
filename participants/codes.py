"""Registration codes: how they are made, and how what a person or a scanner typed is read."""

import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed safely
CODE_LENGTH = 8
CODE_SEPARATORS = re.compile(r"[\s\-]+")  # how people group a code they type
PRIVATE_LINK_CODE = re.compile(r"/r/([A-Za-z0-9]+)/?")


def generate_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def looks_like_code(text: str) -> bool:
    """Eight characters of the code alphabet, typed whole or in groups: "FAYWBNZT",
    "fayw-bnzt", "FAYW BNZT" (as read from a card). "Supriadi" has an I: a name."""
    code = "".join(CODE_SEPARATORS.split(text.strip().upper()))
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def normalise_code(value: str) -> str:
    """What a person or a scanner typed, as stored: upper case, no spaces or dashes.

    The proof's QR code holds the code itself; one printed before December 2026 holds
    the old link ".../daftar/r/ABCD2345/", and the code is taken from it.
    """
    value = value or ""
    in_link = PRIVATE_LINK_CODE.search(value)
    if in_link:
        value = in_link.group(1)
    return "".join(ch for ch in value.upper() if ch.isalnum())
