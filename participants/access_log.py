"""Records who saw a full NIK or took personal data out of the portal (UU 27/2022).

One row per view or export: who (account and its username), when, which event and
registration, and what (the action and a short detail such as the document or the
list's filters). Never the personal data itself.
"""

from .models import AccessLog, Registration

Action = AccessLog.Action


def access_record(
    *,
    user,
    action: str,
    event=None,
    registration: Registration | None = None,
    detail: str = "",
) -> AccessLog:
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    return AccessLog.objects.create(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else "",
        action=action,
        event=event if event is not None else getattr(registration, "event", None),
        registration=registration,
        detail=detail[:300],
    )
