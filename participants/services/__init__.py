"""Every change to a registration goes through one function here (attendance: checkin.py).

Split by what changes: registering (registration.py, with how a seat is held), the
person's data (person_changes.py), the status (status.py), the bank account
(bank_account.py); what they share: the checks before a change (guards.py), a NIK
another registration holds (nik_holder.py), saving a row (rows.py). The person's
own fields come as one PersonData (participants/person.py).
"""

from ..person import InvalidPersonData, PersonData
from .bank_account import registration_bank_account_set
from .guards import registration_change_refused
from .person_changes import (
    SUBSTITUTED_REASON,
    registration_correct,
    registration_substitute,
    registration_update_own,
)
from .registration import registration_create, registration_private_link_issue
from .status import (
    registration_cancel,
    registration_cancel_own,
    registration_erase_own,
    registration_reject,
    registration_verify,
)

__all__ = [
    "SUBSTITUTED_REASON",
    "InvalidPersonData",
    "PersonData",
    "registration_bank_account_set",
    "registration_cancel",
    "registration_cancel_own",
    "registration_change_refused",
    "registration_correct",
    "registration_create",
    "registration_erase_own",
    "registration_private_link_issue",
    "registration_reject",
    "registration_substitute",
    "registration_update_own",
    "registration_verify",
]
