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

# Holding any of these makes the second factor compulsory.
SENSITIVE_PERMISSIONS = ("participants.view_full_nik", "auth.change_user")
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TOTP_NAME = "Aplikasi autentikator"
STATIC_NAME = "Kode pemulihan"


def two_factor_required(user) -> bool:
    """Whether the account may use staff pages only after a second factor."""
    if not settings.BIMTEK_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or any(user.has_perm(perm) for perm in SENSITIVE_PERMISSIONS)


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


def totp_device_pending(*, user) -> TOTPDevice:
    """The app device being enrolled (not yet confirmed by a first code); made once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm the enrolment with the app's first code; the account's earlier app
    device (a lost phone) is replaced."""
    if not device.verify_token("".join(code.split())):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


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
