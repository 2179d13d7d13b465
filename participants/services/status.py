"""A registration's status: verified, rejected, cancelled (by staff or by the person), erased."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import errors, notices
from ..anonymise import registration_anonymise
from ..changes import Action, Actor, acting_user, log_change, registration_locked
from ..checkin_counts import verified_status_changed
from ..models import VIA_PRIVATE_LINK, Registration
from .guards import _closed_reason, _require_active, _require_no_attendance
from .nik_holder import _take_nik_in_review


def _set_status(registration: Registration, status: str, *, actor: Actor, reason: str = "") -> None:
    registration.status = status
    registration.status_reason = reason
    registration.status_changed_at = timezone.now()
    registration.status_changed_by = acting_user(actor)
    registration.save(
        update_fields=[
            "status",
            "status_reason",
            "status_changed_at",
            "status_changed_by",
            "updated_at",
        ]
    )


@transaction.atomic
def registration_verify(*, registration: Registration, actor: Actor) -> Registration:
    registration = registration_locked(registration)
    if registration.status != Registration.Status.PENDING:
        raise errors.InvalidStatus(
            _("Only a registration awaiting verification can be verified; this one is %(status)s.")
            % {"status": registration.get_status_display().lower()}
        )
    if registration.nik is None:
        _take_nik_in_review(registration)
    _set_status(registration, Registration.Status.VERIFIED, actor=actor)
    verified_status_changed(registration=registration, verified=True)
    log_change(registration, Action.VERIFIED, actor)
    notices.notice_send_after_commit(
        registration_id=registration.pk, kind=notices.Notice.Kind.VERIFIED
    )
    return registration


@transaction.atomic
def registration_reject(*, registration: Registration, actor: Actor, reason: str) -> Registration:
    reason = (reason or "").strip()
    if not reason:
        raise errors.ReasonRequired(_("Say why the registration is rejected."))
    registration = registration_locked(registration)
    _require_active(registration)
    _require_no_attendance(registration)
    _set_status(registration, Registration.Status.REJECTED, actor=actor, reason=reason)
    log_change(registration, Action.REJECTED, actor, reason=reason)
    notices.notice_send_after_commit(
        registration_id=registration.pk, kind=notices.Notice.Kind.REJECTED
    )
    return registration


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: Actor = None, reason: str = ""
) -> Registration:
    """Cancel and free the seat: by staff, whatever the event's state (their path for
    someone who cannot come after registration closed)."""
    registration = registration_locked(registration)
    _require_active(registration)
    return _cancel(registration, actor=actor, reason=reason)


@transaction.atomic
def registration_cancel_own(
    *, registration: Registration, actor: Actor = None, reason: str = ""
) -> Registration:
    """The person cancels through the private link, only while registration is open.

    Afterwards the seat list is what the secretariat plans with (and attendance is
    being taken), so a change then goes through the secretariat.
    """
    registration = registration_locked(registration)
    _require_active(registration)
    closed = _closed_reason(registration.event)
    if closed:
        raise errors.RegistrationClosed(
            closed + " " + _("To cancel now, contact the organiser's secretariat.")
        )
    return _cancel(registration, actor=actor, reason=reason, via=VIA_PRIVATE_LINK)


@transaction.atomic
def registration_erase_own(*, registration: Registration) -> Registration:
    """The person cancels (if still active) and erases their registration through the
    private link, while registration is open: name, NIK, birth date, phone and e-mail
    are removed at once and the link stops working (UU 27/2022, the right to erasure).
    What stays is what the event's counts need (see anonymise.py)."""
    registration = registration_locked(registration)
    closed = _closed_reason(registration.event)
    if closed:
        raise errors.RegistrationClosed(
            closed + " " + _("To have your data erased now, contact the organiser's secretariat.")
        )
    _require_no_attendance(registration)
    reason = _("Cancelled and erased by the participant")
    if registration.is_active:
        _cancel(registration, actor=None, reason=reason, via=VIA_PRIVATE_LINK)
    log_change(registration, Action.ERASED, None, via=VIA_PRIVATE_LINK)
    registration_anonymise(registration=registration)
    registration.refresh_from_db()
    return registration


def _cancel(registration: Registration, *, actor: Actor, reason: str, **via) -> Registration:
    _require_no_attendance(registration)
    _set_status(registration, Registration.Status.CANCELLED, actor=actor, reason=reason.strip())
    log_change(registration, Action.CANCELLED, actor, reason=reason.strip(), **via)
    return registration
