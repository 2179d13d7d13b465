"""What a change asks of a registration first: open, active, nobody recorded present."""

from django.utils.translation import gettext as _

from events.dates import date_indonesian
from events.models import Event
from events.selectors import event_registration_closed_reason

from .. import errors
from ..models import Attendance, Registration


def _closed_reason(event: Event) -> str | None:
    return event_registration_closed_reason(event=event)


def _require_active(registration: Registration) -> None:
    if not registration.is_active:
        raise errors.InvalidStatus(
            _("This registration is %(status)s and can no longer be changed.")
            % {"status": registration.get_status_display().lower()}
        )


def _require_no_attendance(registration: Registration) -> None:
    """Someone recorded present stays in the documents: cancelling, rejecting or
    substituting them would take them out of the daftar hadir, the berita acara and
    their certificate after the fact. A check-in cannot be undone in the portal, so
    the change is refused."""
    days = list(
        Attendance.objects.filter(registration=registration)
        .order_by("day")
        .values_list("day", flat=True)
    )
    if days:
        raise errors.AlreadyAttended(
            _(
                "%(name)s was recorded present on %(days)s: a registration with recorded "
                "attendance can no longer be cancelled, rejected or substituted."
            )
            % {
                "name": registration.full_name,
                "days": ", ".join(date_indonesian(day) for day in days),
            }
        )


def registration_change_refused(*, registration: Registration) -> str | None:
    """Why staff can no longer cancel, reject or substitute the registration, or None.

    For the pages, so they do not offer what the services would refuse.
    """
    try:
        _require_active(registration)
        _require_no_attendance(registration)
    except errors.InvalidStatus as error:
        return error.message
    return None
