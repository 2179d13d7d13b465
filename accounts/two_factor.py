"""Who must sign in with a second factor, and the devices that give it (django-otp).

Two devices per account at most: a TOTP app (Google Authenticator, Aegis, ...) and
a list of ten single-use recovery codes for when the phone is lost. An account
that can read full NIKs or change accounts must have them (BIMTEK_REQUIRE_2FA);
any other account may add them.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .permissions import CHANGE_USER, FULL_NIK

# Holding any of these makes the second factor compulsory.
SENSITIVE_PERMISSIONS = (FULL_NIK, CHANGE_USER)
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOTP_NAME = "Aplikasi autentikator"
STATIC_NAME = "Kode pemulihan"


def two_factor_required(user) -> bool:
    """Whether the account may use staff pages only after a second factor."""
    if not settings.BIMTEK_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or any(user.has_perm(perm) for perm in SENSITIVE_PERMISSIONS)


def awaiting_second_factor(user) -> bool:
    """Signed in, bound to give a second factor, and not yet verified this session.
    `is_verified` comes from django-otp's OTPMiddleware; without it, not verified."""
    if not two_factor_required(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def device_for_code(user, code: str):
    """The device a typed code belongs to: six digits are the app's, anything else a
    recovery code. django-otp wants one device per attempt (throttling counts per device)."""
    code = "".join(code.split())
    if code.isdigit() and len(code) == 6:
        return confirmed_totp(user)
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


# The secret being enrolled lives in the session that asked for it, never in a shared
# unconfirmed device (issue #17 finding 6: every session of the account was shown the
# same pending secret, so whoever had the password could copy it before the owner
# enrolled and sign in with codes of their own afterwards).
PENDING_SECRET_KEY = "_bimtek_totp_pending"


def totp_secret_new(*, session) -> bytes:
    """A new secret for an enrolment page, kept in this session only; it replaces the
    one an earlier page showed, so each secret is shown once."""
    key = random_hex(20)
    session[PENDING_SECRET_KEY] = key
    return bytes.fromhex(key)


def totp_secret_pending(*, session) -> bytes | None:
    key = session.get(PENDING_SECRET_KEY)
    return bytes.fromhex(key) if key else None


@transaction.atomic
def totp_device_enrol(*, user, session, code: str) -> TOTPDevice | None:
    """The app device made from this session's pending secret once the app's first code
    matches it; the account's earlier app devices (a lost phone) are replaced. None
    when there is no pending secret or the code does not match."""
    key = session.get(PENDING_SECRET_KEY)
    if not key:
        return None
    device = TOTPDevice(user=user, name=TOTP_NAME, key=key, confirmed=True)
    device.save()
    if not device.verify_token("".join(code.split())):  # also records the code as used
        transaction.set_rollback(True)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    del session[PENDING_SECRET_KEY]
    return device


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Ten new single-use codes, returned once; the earlier ones stop working.

    django-otp keeps static tokens as they are: they are shown only here, and each
    dies on use.
    """
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": STATIC_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(10))
        for _n in range(RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
