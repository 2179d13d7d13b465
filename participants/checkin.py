"""Marking a person present at the desk: one function, as every state change.

Split from services (which holds registration) to keep each module readable; both
lock and log through `changes`.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from events.dates import date_long_indonesian
from events.models import Event

from . import errors
from .changes import Action, Actor, acting_user, log_change, registration_locked
from .checkin_counts import present_add
from .models import Attendance, Registration


def _local_time(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "H.i")


@transaction.atomic
def attendance_check_in(
    *, event: Event, day: date, registration: Registration, actor: Actor, at: datetime | None = None
) -> Attendance:
    """Mark a person present on one day of the event (the desk finds them with
    `selectors.check_in_lookup`); `at`: when, if not now (the offline desk's scan time)."""
    # Locked like a cancel locks it: a check-in racing a cancel waits for it and
    # then sees the cancelled status, instead of marking present a registration
    # that is being cancelled.
    registration = registration_locked(registration)
    if registration.event_id != event.pk:
        if registration.event.organiser_id != event.organiser_id:
            # Another office's participant: the desk learns nothing about them.
            raise errors.WrongEvent(
                _("The code “%(code)s” belongs to another office's event.")
                % {"code": registration.code}
            )
        raise errors.WrongEvent(
            _("%(name)s (%(code)s) is registered for another event: %(event)s.")
            % {
                "name": registration.full_name,
                "code": registration.code,
                "event": registration.event,
            }
        )
    if day not in event.days:
        raise errors.NotAnEventDay(
            _("%(day)s is not a day of this event.") % {"day": date_long_indonesian(day)}
        )
    if not registration.is_active:
        raise errors.RegistrationInactive(
            _("%(name)s (%(code)s) cannot be checked in: the registration is %(status)s.")
            % {
                "name": registration.full_name,
                "code": registration.code,
                "status": registration.get_status_display().lower(),
            }
        )
    earlier = Attendance.objects.filter(registration=registration, day=day).first()
    if earlier is not None:
        raise _already_checked_in(registration, earlier, day)
    # Only verified people count as present: the daftar hadir, the berita acara and the
    # certificates are signed on the strength of this record.
    if registration.status != Registration.Status.VERIFIED:
        raise errors.NotVerified(
            _(
                "%(name)s (%(code)s) is not verified yet: verify the registration first "
                "(Registrations page), then check them in."
            )
            % {"name": registration.full_name, "code": registration.code}
        )
    attendance = Attendance(
        registration=registration,
        day=day,
        checked_in_at=at or check_in_moment(day),
        checked_in_by=acting_user(actor),
    )
    try:
        with transaction.atomic():
            attendance.save(force_insert=True)
    except IntegrityError:
        # Two scanners read the same card at the same moment; the other one won.
        raise _already_checked_in(
            registration, Attendance.objects.get(registration=registration, day=day), day
        ) from None
    # The desk's "N present", in this transaction: it stands or falls with the attendance.
    present_add(event_id=event.pk, day=day, delta=1)
    log_change(registration, Action.CHECKED_IN, actor, day=day.isoformat())
    return attendance


def check_in_moment(day: date) -> datetime:
    """When a check-in on `day` is recorded: now, on the day itself. Recorded on another
    day (catching up from a paper list, a practice run), it carries that day's date, not
    today's: the daftar hadir, the berita acara and "Terakhir hadir" read the moment.
    Its time is the clock's, which keeps the order in which the desk entered people."""
    now = timezone.localtime()
    if day == now.date():
        return now
    return timezone.make_aware(datetime.combine(day, now.time()))


def _already_checked_in(
    registration: Registration, earlier: Attendance, day: date
) -> errors.AlreadyCheckedIn:
    values = {
        "name": registration.full_name,
        "code": registration.code,
        "time": _local_time(earlier.checked_in_at),
    }
    if day == timezone.localdate():
        return errors.AlreadyCheckedIn(
            _("%(name)s (%(code)s) is already checked in today, at %(time)s.") % values
        )
    # The desk may be open on another day of the event (catching up on paper lists).
    return errors.AlreadyCheckedIn(
        _("%(name)s (%(code)s) is already checked in on %(day)s, at %(time)s.")
        % {**values, "day": date_long_indonesian(day)}
    )
