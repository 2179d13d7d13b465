"""The account an office transfers an allowance to, given by the person."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import errors
from ..changes import Action, Actor, log_change, registration_locked
from ..models import VIA_PRIVATE_LINK, Registration
from .guards import _require_active

ACCOUNT_NUMBER_DIGITS = (5, 30)


@transaction.atomic
def registration_bank_account_set(
    *,
    registration: Registration,
    bank_name: str,
    account_number: str,
    account_holder: str,
    actor: Actor = None,
) -> Registration:
    """The person gives (or clears) the account the office transfers an allowance to.

    Optional and the person's own: possible while the registration is active,
    whether registration is still open or not (payment comes after the event).
    All three or none; the number is kept as digits only.
    """
    registration = registration_locked(registration)
    _require_active(registration)
    bank_name, account_holder = " ".join(bank_name.split()), " ".join(account_holder.split())
    digits = "".join(ch for ch in account_number if ch not in " -.")
    values = (bank_name, digits, account_holder)
    if any(values) and not all(values):
        raise errors.InvalidAccount(
            _("Give the bank, the account number and the account holder, or leave all three empty.")
        )
    low, high = ACCOUNT_NUMBER_DIGITS
    if digits and not (digits.isdigit() and low <= len(digits) <= high):
        raise errors.InvalidAccount(
            _("An account number is %(low)s to %(high)s digits.") % {"low": low, "high": high}
        )
    fields = [
        name
        for name, value in zip(
            ("bank_name", "account_number", "account_holder"), values, strict=True
        )
        if getattr(registration, name) != value
    ]
    if not fields:
        return registration
    registration.bank_name, registration.account_number, registration.account_holder = values
    registration.save(update_fields=[*fields, "updated_at"])
    # Named, never with their values: the account is as private as the NIK.
    log_change(registration, Action.UPDATED, actor, fields=fields, via=VIA_PRIVATE_LINK)
    return registration
