"""Changes to the person's data: their own correction, staff's correction, a substitute."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import errors, ledger
from ..changes import Action, Actor, acting_user, log_change, registration_locked
from ..checkin_counts import verified_status_changed
from ..models import VIA_PRIVATE_LINK, Registration
from ..person import InvalidPersonData, PersonData
from .guards import _closed_reason, _require_active, _require_no_attendance
from .nik_holder import (
    _duplicate_nik_error,
    _hold_nik_for_review,
    _nik_held_elsewhere,
    _tell_the_nik_holder,
)
from .registration import _insert_in_seat
from .rows import _constraint_violated, _full_clean
from .status import _set_status

SUBSTITUTED_REASON = "diganti"


@transaction.atomic
def registration_update_own(
    *,
    registration: Registration,
    person: PersonData,
    actor: Actor = None,
) -> Registration:
    """The person corrects their own data through the private link, while registration is open.

    A changed name or NIK sends a verified registration back to verification.
    """
    registration = registration_locked(registration)
    _require_active(registration)
    reason = _closed_reason(registration.event)
    if reason:
        raise errors.RegistrationClosed(reason)
    values = person.cleaned().model_values()
    changed = _changed_fields(registration, values)
    if not changed:
        return registration
    fields = list(changed)
    if registration.status == Registration.Status.VERIFIED and {"full_name", "nik"} & set(changed):
        registration.status = Registration.Status.PENDING
        registration.status_reason = ""
        fields += ["status", "status_reason"]
        verified_status_changed(registration=registration, verified=False)
    _save_person(registration, values, fields=fields, by_staff=False)
    if registration.nik is None and "nik" in changed:
        _tell_the_nik_holder(event_id=registration.event_id, nik=registration.nik_in_review)
    # The NIK is named among the fields, never with its values: masked, the old and
    # the new one usually look the same; in clear they must not be logged at all.
    log_change(registration, Action.UPDATED, actor, fields=changed, via=VIA_PRIVATE_LINK)
    return registration


@transaction.atomic
def registration_correct(
    *,
    registration: Registration,
    actor: Actor,
    person: PersonData,
) -> Registration:
    """Staff correct a person's data (a name misspelt for the certificate, a wrong
    number), also after registration closed and after the person was recorded present:
    the documents then print the corrected data. The status stays: staff are the ones
    who verify. Only an active registration: a cancelled or rejected one is history.
    """
    registration = registration_locked(registration)
    _require_active(registration)
    values = person.cleaned().model_values()
    changed = _changed_fields(registration, values)
    if changed:
        _save_person(registration, values, fields=changed, by_staff=True)
        log_change(registration, Action.UPDATED, actor, fields=changed)
    return registration


@transaction.atomic
def registration_substitute(
    *,
    registration: Registration,
    actor: Actor,
    person: PersonData,
) -> Registration:
    """Another person takes the same seat: the old registration is cancelled ("diganti")
    and the new one, verified by the staff member, gets the same seat number."""
    values = person.cleaned().model_values()
    ledger.rule_lock(rule_id=registration.quota_rule_id)
    old = registration_locked(registration)
    _require_active(old)
    _require_no_attendance(old)
    if values["nik"] == old.stated_nik:
        raise InvalidPersonData(
            _("The substitute must be a different person: this is the same NIK."), field="nik"
        )
    if _nik_held_elsewhere(event_id=old.event_id, nik=values["nik"]):
        raise _duplicate_nik_error(for_staff=True)
    _set_status(old, Registration.Status.CANCELLED, actor=actor, reason=SUBSTITUTED_REASON)
    new = Registration(
        event_id=old.event_id,
        quota_rule_id=old.quota_rule_id,
        unit_id=old.unit_id,
        role=old.role,
        status=Registration.Status.VERIFIED,
        status_changed_at=timezone.now(),
        status_changed_by=acting_user(actor),
        **values,
    )
    new.unit = old.unit
    try:
        _insert_in_seat(new, rule=old.quota_rule, seat=old.seat_number)
    except errors.DuplicateNik:  # taken meanwhile, past the check above
        raise _duplicate_nik_error(for_staff=True) from None
    log_change(old, Action.SUBSTITUTED, actor, by=new.code)
    log_change(new, Action.CREATED, actor, seat=new.seat_number, substitutes=old.code)
    return new


def _changed_fields(registration: Registration, values: dict) -> list[str]:
    # The NIK as the person gave it: one awaiting review is not "changed" by each save.
    now = {"nik": registration.stated_nik}
    return [
        field
        for field, value in values.items()
        if now.get(field, getattr(registration, field)) != value
    ]


def _save_person(
    registration: Registration, values: dict, *, fields: list[str], by_staff: bool
) -> None:
    """Write the person's data. A NIK another seat of the event holds is refused to staff
    (who may see whole NIKs, see CorrectionForm) and held for review for the person
    themselves, answered as a free one: the private link must not be a NIK oracle."""
    nik = values["nik"]
    if registration.nik != nik and _nik_held_elsewhere(
        event_id=registration.event_id, nik=nik, exclude_pk=registration.pk
    ):
        if by_staff and nik != registration.nik_in_review:
            raise _duplicate_nik_error(for_staff=True)
        registration.nik, registration.nik_in_review = None, nik
    else:
        registration.nik, registration.nik_in_review = nik, ""
    for field, value in values.items():
        if field != "nik":
            setattr(registration, field, value)
    _full_clean(registration)
    fields = [*{*fields, "nik", "nik_in_review"}, "updated_at"]
    try:
        with transaction.atomic():
            registration.save(update_fields=fields)
    except IntegrityError as error:
        if _constraint_violated(error) != "nik":
            raise
        if by_staff:  # taken meanwhile, past the check above
            raise _duplicate_nik_error(for_staff=True) from None
        _hold_nik_for_review(registration)
        registration.save(update_fields=fields)
