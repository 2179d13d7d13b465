"""Saving a registration's row: the model's own checks, and which constraint refused it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ..models import Registration
from ..person import InvalidPersonData

# Checked by the database's foreign keys; full_clean would cost a query for each.
RELATIONS = ["event", "quota_rule", "unit", "status_changed_by"]


def _full_clean(registration: Registration) -> None:
    """The model's own field checks; what they refuse is the person's data, not a bug.

    PersonData.cleaned() already checks what a person types, so this should not fire; if it
    does, the person gets a message next to the field instead of a server error.
    """
    try:
        registration.full_clean(
            exclude=RELATIONS, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidPersonData(" ".join(messages), field=field) from None


def _constraint_violated(error: IntegrityError) -> str:
    """Which of our constraints refused the row, on PostgreSQL and on SQLite."""
    diag = getattr(getattr(error, "__cause__", None), "diag", None)
    text = (getattr(diag, "constraint_name", None) or "") + " " + str(error)
    if "registration_one_holder_per_seat" in text or "seat_number" in text:
        return "seat"
    if "registration_nik_once_per_event" in text or ".nik" in text:
        return "nik"
    if "registration_submission_key_once" in text or "submission_key" in text:
        return "submission_key"
    if "code" in text:
        return "code"
    return "other"
