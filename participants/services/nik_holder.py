"""A NIK another active registration of the event holds: found, held for review, told."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import errors, notices
from ..models import Registration
from .rows import _constraint_violated


def _nik_held_elsewhere(*, event_id: int, nik: str, exclude_pk: int | None = None) -> bool:
    """Whether another active registration of the event holds this NIK."""
    holders = Registration.objects.active().filter(event_id=event_id, nik=nik)
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    return holders.exists()


def _hold_nik_for_review(registration: Registration) -> None:
    """Keep the registration's NIK aside: another active registration of the event holds it.

    The person is answered exactly as if the NIK were free (finding #17.1: any other
    answer tells a stranger that a NIK holds a seat); staff see the registration marked
    and cannot verify it until one of the two is corrected or rejected.
    """
    registration.nik_in_review = registration.stated_nik
    registration.nik = None


def _tell_the_nik_holder(*, event_id: int, nik: str) -> None:
    """Tell the registration that holds `nik` (at its own e-mail address, once) that the
    NIK was used again: it may be someone squatting with their NIK, or they themselves
    after losing their link. The one who used it is told nothing."""
    holder = (
        Registration.objects.active()
        .filter(event_id=event_id, nik=nik)
        .values_list("pk", flat=True)
        .first()
    )
    if holder is not None:
        notices.notice_send_after_commit(
            registration_id=holder, kind=notices.Notice.Kind.NIK_USED_AGAIN
        )


def _duplicate_nik_error(*, for_staff: bool = False) -> errors.DuplicateNik:
    # Never say who holds the NIK: that would disclose someone's registration.
    if for_staff:
        return errors.DuplicateNik(
            _(
                "This NIK already holds a seat in this event: a person takes one seat only. "
                "Find their registration on the Registrations page, or check the NIK."
            )
        )
    return errors.DuplicateNik(
        _(
            "This NIK is already registered for this event. If you registered before, use "
            "the private link you received; otherwise contact the organiser's secretariat."
        )
    )


def _take_nik_in_review(registration: Registration) -> None:
    """Give a registration the NIK it waits for, if no other seat holds it now."""
    nik = registration.nik_in_review
    held = errors.DuplicateNik(
        _(
            "Another registration of this event holds the NIK this one was made with: "
            "reject one of the two, or correct the NIK, before verifying."
        )
    )
    if _nik_held_elsewhere(event_id=registration.event_id, nik=nik, exclude_pk=registration.pk):
        raise held
    registration.nik, registration.nik_in_review = nik, ""
    try:
        with transaction.atomic():
            registration.save(update_fields=["nik", "nik_in_review", "updated_at"])
    except IntegrityError as error:
        if _constraint_violated(error) == "nik":
            raise held from None
        raise
