"""What every change to a registration shares: who asked, the row lock, the log entry.

services/ (registering, verifying, cancelling...) and checkin.py (attendance) both
write through these, so a change is locked and logged the same way wherever it is made.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import Registration, RegistrationLog

Action = RegistrationLog.Action

# Who asked for a change: a staff user, or the person on their private link (anonymous).
Actor = AbstractBaseUser | AnonymousUser | None


def acting_user(actor: Actor) -> AbstractBaseUser | None:
    """The account to record as the one who acted; None for the person on their link."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def registration_locked(registration: Registration) -> Registration:
    """The registration's row as it is now, locked until the transaction ends, with its event.

    A change racing another (a check-in and a cancel) waits here and then sees the
    other's result.
    """
    return Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)


def log_change(registration: Registration, action: Action, actor: Actor = None, **detail) -> None:
    RegistrationLog.objects.create(
        registration=registration, action=action, actor=acting_user(actor), detail=detail
    )
