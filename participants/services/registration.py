"""Registering one person for one seat, and the private link that comes with it.

How a seat is held (see QuotaRule and the seat ledger, ledger.py): inside one
transaction the rule's row is locked (PostgreSQL `SELECT ... FOR UPDATE`; on
SQLite the IMMEDIATE transaction mode already holds the database's write lock
from BEGIN), the active registrations of (rule, unit) are counted and the
lowest free seat number is taken. The partial unique constraints on seat, NIK
and submission key back this up: if anything above them is wrong, the database
still refuses the second holder and we turn its IntegrityError into the same
domain error.
"""

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bodies.labels import unit_label
from bodies.models import Body
from events.models import Event, ParticipantRole, QuotaRule
from events.selectors import units_for_rule

from .. import errors, ledger, notices, private_link
from ..changes import Action, Actor, log_change, registration_locked
from ..codes import generate_code
from ..models import Registration
from ..nik import normalise_nik
from ..person import PersonData
from .guards import _closed_reason
from .nik_holder import _duplicate_nik_error, _hold_nik_for_review, _tell_the_nik_holder
from .rows import _constraint_violated, _full_clean

INSERT_ATTEMPTS = 8


def _check_rule_and_unit(*, event: Event, quota_rule: QuotaRule, unit: Body, role: str) -> None:
    if quota_rule.event_id != event.pk:
        raise errors.UnitNotAllowed(_("This quota does not belong to this event."))
    if quota_rule.role != ParticipantRole.ANY and role != quota_rule.role:
        raise errors.RoleNotAllowed(
            _("For %(kind)s this event only takes: %(role)s.")
            % {"kind": quota_rule.get_body_kind_display(), "role": quota_rule.get_role_display()}
        )
    if role not in ParticipantRole.values:
        raise errors.RoleNotAllowed(_("Choose a role from the list."))
    if not units_for_rule(rule=quota_rule).filter(pk=unit.pk).exists():
        raise errors.UnitNotAllowed(
            _("%(unit)s is not invited to this event.") % {"unit": unit_label(unit)}
        )


def _insert_in_seat(
    registration: Registration,
    *,
    rule: QuotaRule,
    seat: int | None = None,
    lowest_free: int | None = None,
    nik_review: bool = False,
) -> None:
    """Save with a fresh code, retrying on a code collision or a seat taken meanwhile.

    `seat`: this seat and no other (a substitute); otherwise the lowest free one,
    `lowest_free` for the first attempt if already read. `nik_review`: a NIK taken
    meanwhile by another seat is held for review (the public form) rather than
    refused (staff).
    """
    for _attempt in range(INSERT_ATTEMPTS):
        if seat is None:
            if lowest_free is None:
                lowest_free = ledger.lowest_free_seat(rule=rule, unit=registration.unit)
            if lowest_free is None:
                raise ledger.quota_full_error(rule=rule, unit=registration.unit)
            registration.seat_number = lowest_free
            lowest_free = None  # a retry asks the database again
        else:
            registration.seat_number = seat
        registration.code = generate_code()
        _full_clean(registration)
        try:
            with transaction.atomic():
                registration.save(force_insert=True)
            return
        except IntegrityError as error:
            registration.pk = None
            violated = _constraint_violated(error)
            if violated == "code":
                continue
            if violated == "seat" and seat is None:
                continue  # taken by someone the lock did not hold back: pick again
            if violated == "seat":
                raise ledger.quota_full_error(rule=rule, unit=registration.unit) from None
            if violated == "nik" and nik_review and registration.nik is not None:
                _hold_nik_for_review(registration)
                continue
            if violated == "nik":
                raise _duplicate_nik_error() from None
            raise
    raise errors.QuotaFull(_("The registration could not be saved; please try again."))


def _replayed(
    *, event: Event, submission_key: str, quota_rule: QuotaRule, unit: Body, nik: str
) -> Registration | None:
    """The registration this very form already made (a double click, a retry), if any.

    The key lives in the page, so a second person on the same device (the back
    button, a shared office computer) can send it again: only the same person for
    the same seat counts as a replay; anyone else is told to reload the form and
    is never shown the first person's registration.
    """
    if not submission_key:
        return None
    # Asked twice by every registration and almost never found: four columns, by pk
    # (the default order would join the event and the unit for one row at most).
    earlier = (
        Registration.objects.filter(
            event=event, submission_key_hash=private_link.submission_key_hash(submission_key)
        )
        .order_by("pk")
        .values_list("pk", "nik", "nik_in_review", "quota_rule_id", "unit_id")
        .first()
    )
    if earlier is None:
        return None
    pk, own_nik, nik_in_review, rule_id, unit_id = earlier
    if (own_nik or nik_in_review, rule_id, unit_id) != (normalise_nik(nik), quota_rule.pk, unit.pk):
        raise errors.SubmissionKeyUsed(
            _("This form has already been used to register. Reload the page and fill it in again.")
        )
    return Registration.objects.get(pk=pk)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    quota_rule: QuotaRule,
    unit: Body,
    role: str,
    person: PersonData,
    submission_key: str = "",
    actor: Actor = None,
) -> Registration:
    """Register one person for one seat of `quota_rule` for `unit`; see the module doc."""
    submission_key = (submission_key or "").strip()[:64]
    key_hash = private_link.submission_key_hash(submission_key) if submission_key else ""
    replay_of = {
        "event": event,
        "submission_key": submission_key,
        "quota_rule": quota_rule,
        "unit": unit,
        "nik": person.nik,
    }
    try:
        reason = _closed_reason(event)
        if reason:
            raise errors.RegistrationClosed(reason)
        _check_rule_and_unit(event=event, quota_rule=quota_rule, unit=unit, role=role)
        person = person.cleaned().model_values()  # from here on: the registration's columns
        # Asked again on the row as it is now, which stays so until we commit. The
        # event before the rule: the order anything locking both must keep, or two
        # transactions could each hold the lock the other waits for.
        reason = _closed_reason(_event_held_open(event))
        if reason:
            raise errors.RegistrationClosed(reason)
    except errors.ParticipantError:
        # A retry of a form that went through (its answer lost) is shown its
        # registration even if registration has closed since. Asked only here: on
        # the way to a seat the replay is looked for once, under the lock.
        replay = _replayed(**replay_of)
        if replay is not None:
            return _with_its_private_link(replay, submission_key=submission_key)
        raise
    # The lock: every registration for this rule waits here for the one before it.
    rule = ledger.rule_lock(rule_id=quota_rule.pk)
    # Asked under the lock: the same form sent twice at once waited here for its
    # twin, whose row is now visible, and must not be told "NIK already registered".
    replay = _replayed(**replay_of)
    if replay is not None:
        return _with_its_private_link(replay, submission_key=submission_key)
    lowest_free, nik_held = ledger.lowest_free_seat_and_nik_holder(
        rule=rule, unit=unit, nik=person["nik"]
    )
    # A full unit is refused alike for every NIK, and a NIK that holds a seat gets the
    # seat as a free one would, held for review: no answer tells whether it is held.
    if lowest_free is None:
        raise ledger.quota_full_error(rule=rule, unit=unit)
    registration = Registration(
        event=event,
        quota_rule=rule,
        unit=unit,
        role=role,
        submission_key_hash=key_hash,
        status=Registration.Status.PENDING,
        **person,
    )
    if nik_held:
        _hold_nik_for_review(registration)
    token = _form_token(event_id=event.pk, submission_key=submission_key)
    registration.private_link_hash = private_link.token_hash(token)
    try:
        _insert_in_seat(registration, rule=rule, lowest_free=lowest_free, nik_review=True)
    except IntegrityError as error:
        if _constraint_violated(error) == "submission_key":
            # The same form was sent twice at once; the first one won (if it was
            # the same person: otherwise _replayed refuses).
            return _with_its_private_link(_replayed(**replay_of), submission_key=submission_key)
        raise
    log_change(
        registration, Action.CREATED, actor, seat=registration.seat_number, unit=unit_label(unit)
    )
    if registration.nik is None:
        _tell_the_nik_holder(event_id=event.pk, nik=registration.nik_in_review)
    registration.private_token = token
    _confirm_by_email(registration, token=token)
    return registration


def _confirm_by_email(registration: Registration, *, token: str) -> None:
    """The confirmation with the private link, sent once the registration is committed.
    The one place that knows the link when it is made: it goes into the e-mail here."""
    if registration.email:
        path = reverse("participants:detail", args=[token])
        notices.notice_send_after_commit(
            registration_id=registration.pk,
            kind=notices.Notice.Kind.CONFIRMATION,
            private_url=notices.mail_url(path),
        )


def _form_token(*, event_id: int, submission_key: str) -> str:
    if not submission_key:  # a client that sent no key: nothing to find the link again by
        return private_link.new_token()
    return private_link.token_for_form(event_id=event_id, submission_key=submission_key)


def _with_its_private_link(registration: Registration, *, submission_key: str) -> Registration:
    """A replayed form (a double click, a retry after a lost answer) is answered with the
    link the first answer gave, which the confirmation e-mail also carries: it is
    derived from the form's key. If that link has been replaced since (staff issued a
    new one), the replay gets a new link, as before; only the same person for the same
    seat gets here (see _replayed)."""
    token = _form_token(event_id=registration.event_id, submission_key=submission_key)
    if registration.private_link_hash != private_link.token_hash(token):
        token = private_link.new_token()
        registration.private_link_hash = private_link.token_hash(token)
        registration.save(update_fields=["private_link_hash"])
    registration.private_token = token
    return registration


@transaction.atomic
def registration_private_link_issue(*, registration: Registration, actor: Actor) -> str:
    """A new private link for the registration, returned once; the old link stops working.

    For staff, when a person lost their link or holds one from before links were split
    from the registration code. The token itself is never stored or logged.
    """
    registration = registration_locked(registration)
    token = private_link.new_token()
    registration.private_link_hash = private_link.token_hash(token)
    registration.save(update_fields=["private_link_hash", "updated_at"])
    log_change(registration, Action.LINK_ISSUED, actor)
    return token


def _event_held_open(event: Event) -> Event:
    """The event's row as it is now, kept from changing until we commit.

    `event` may have been read long before (by the view). PostgreSQL: FOR SHARE
    lets registrations run side by side but makes "close registration" (which
    locks the row FOR UPDATE) wait for them, and makes us wait for a close already
    under way and then read its result. Django's select_for_update has no shared
    mode, hence raw SQL. The foreign key of our new row would not do it: Django's
    are DEFERRABLE INITIALLY DEFERRED, checked only at commit. SQLite's IMMEDIATE
    transactions already run one writer at a time.
    """
    table = connection.ops.quote_name(Event._meta.db_table)
    sql = f"SELECT * FROM {table} WHERE id = %s"
    if connection.vendor == "postgresql":
        sql += " FOR SHARE"
    return Event.objects.raw(sql, [event.pk])[0]
