"""Every change to a registration goes through one function here (attendance: checkin.py).

How a seat is held (see QuotaRule and the seat ledger, ledger.py): inside one
transaction the rule's row is locked (PostgreSQL `SELECT ... FOR UPDATE`; on
SQLite the IMMEDIATE transaction mode already holds the database's write lock
from BEGIN), the active registrations of (rule, unit) are counted and the
lowest free seat number is taken. The partial unique constraints on seat, NIK
and submission key back this up: if anything above them is wrong, the database
still refuses the second holder and we turn its IntegrityError into the same
domain error.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.labels import unit_label
from bodies.models import Body
from events.dates import date_indonesian
from events.models import Event, ParticipantRole, QuotaRule
from events.selectors import event_registration_closed_reason, units_for_rule

from . import errors, ledger, notices, private_link
from .anonymise import registration_anonymise
from .changes import Action, Actor, acting_user, log_change, registration_locked
from .codes import generate_code
from .models import ACTIVE_STATUSES, VIA_PRIVATE_LINK, Attendance, Registration
from .nik import InvalidNik, normalise_nik, parse_nik
from .validators import InvalidValue, clean_full_name, normalise_phone

INSERT_ATTEMPTS = 8
SUBSTITUTED_REASON = "diganti"
# Checked by the database's foreign keys; full_clean would cost a query for each.
RELATIONS = ["event", "quota_rule", "unit", "status_changed_by"]
EMAIL_MAX = 254  # Registration.email; validate_email alone accepts up to 320


class InvalidPersonData(errors.ParticipantError):
    def __init__(self, message, *, field: str):
        super().__init__(message)
        self.field = field


# --- person data -------------------------------------------------------------


def _person(
    full_name: str, nik: str, phone: str, email: str, position: str, institution: str
) -> dict:
    """Validated, normalised person fields (the same checks as the form)."""
    try:
        info = parse_nik(nik)
    except InvalidNik as error:
        raise InvalidPersonData(error.message, field="nik") from None
    values = {"nik": info.nik, "sex": info.sex, "birth_date": info.birth_date}
    for field, clean, raw in (
        ("full_name", clean_full_name, full_name),
        ("phone", normalise_phone, phone),
    ):
        try:
            values[field] = clean(raw)
        except InvalidValue as error:
            raise InvalidPersonData(error.message, field=field) from None
    values["email"] = (email or "").strip()
    if values["email"]:
        try:
            if len(values["email"]) > EMAIL_MAX:
                raise ValidationError("too long")
            validate_email(values["email"])
        except ValidationError:
            raise InvalidPersonData(
                _("Enter a valid e-mail address, or leave it empty."), field="email"
            ) from None
    values["position"] = " ".join((position or "").split())[:150]
    values["institution"] = " ".join((institution or "").split())[:200]
    return values


def _full_clean(registration: Registration) -> None:
    """The model's own field checks; what they refuse is the person's data, not a bug.

    _person() already checks what a person types, so this should not fire; if it
    does, the person gets a message next to the field instead of a server error.
    """
    try:
        registration.full_clean(
            exclude=RELATIONS, validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidPersonData(" ".join(messages), field=field) from None


def _nik_held_elsewhere(*, event_id: int, nik: str, exclude_pk: int | None = None) -> bool:
    """Whether another active registration of the event holds this NIK."""
    holders = Registration.objects.filter(event_id=event_id, nik=nik, status__in=ACTIVE_STATUSES)
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
        Registration.objects.filter(event_id=event_id, nik=nik, status__in=ACTIVE_STATUSES)
        .values_list("pk", flat=True)
        .first()
    )
    if holder is not None:
        notices.notice_send_after_commit(
            registration_id=holder, kind=notices.Notice.Kind.NIK_USED_AGAIN
        )


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


# --- registration ------------------------------------------------------------


def _closed_reason(event: Event) -> str | None:
    return event_registration_closed_reason(event=event)


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
    seat: int | None,
    taken: set[int] | None = None,
    nik_review: bool = False,
) -> None:
    """Save with a fresh code, retrying on a code collision or a seat taken meanwhile.

    `taken`: the seats already known to be held, for the first attempt. `nik_review`:
    a NIK taken meanwhile by another seat is held for review (the public form) rather
    than refused (staff).
    """
    for _attempt in range(INSERT_ATTEMPTS):
        if seat is None:
            free = ledger.free_seats(rule=rule, unit=registration.unit, taken=taken)
            taken = None  # a retry asks the database again
            if not free:
                raise ledger.quota_full_error(rule=rule, unit=registration.unit)
            registration.seat_number = free[0]
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
    full_name: str,
    nik: str,
    phone: str,
    email: str = "",
    position: str = "",
    institution: str = "",
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
        "nik": nik,
    }
    try:
        reason = _closed_reason(event)
        if reason:
            raise errors.RegistrationClosed(reason)
        _check_rule_and_unit(event=event, quota_rule=quota_rule, unit=unit, role=role)
        person = _person(full_name, nik, phone, email, position, institution)
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
    taken, nik_held = ledger.seats_taken_and_nik_holder(rule=rule, unit=unit, nik=person["nik"])
    # A full unit is refused alike for every NIK, and a NIK that holds a seat gets the
    # seat as a free one would, held for review: no answer tells whether it is held.
    if not ledger.free_seats(rule=rule, unit=unit, taken=taken):
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
        _insert_in_seat(registration, rule=rule, seat=None, taken=taken, nik_review=True)
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


@transaction.atomic
def registration_update_own(
    *,
    registration: Registration,
    full_name: str,
    nik: str,
    phone: str,
    email: str = "",
    position: str = "",
    institution: str = "",
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
    person = _person(full_name, nik, phone, email, position, institution)
    changed = _changed_fields(registration, person)
    if not changed:
        return registration
    fields = list(changed)
    if registration.status == Registration.Status.VERIFIED and {"full_name", "nik"} & set(changed):
        registration.status = Registration.Status.PENDING
        registration.status_reason = ""
        fields += ["status", "status_reason"]
    _save_person(registration, person, fields=fields, by_staff=False)
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
    full_name: str,
    nik: str,
    phone: str,
    email: str = "",
    position: str = "",
    institution: str = "",
) -> Registration:
    """Staff correct a person's data (a name misspelt for the certificate, a wrong
    number), also after registration closed and after the person was recorded present:
    the documents then print the corrected data. The status stays: staff are the ones
    who verify. Only an active registration: a cancelled or rejected one is history.
    """
    registration = registration_locked(registration)
    _require_active(registration)
    person = _person(full_name, nik, phone, email, position, institution)
    changed = _changed_fields(registration, person)
    if changed:
        _save_person(registration, person, fields=changed, by_staff=True)
        log_change(registration, Action.UPDATED, actor, fields=changed)
    return registration


def _changed_fields(registration: Registration, person: dict) -> list[str]:
    # The NIK as the person gave it: one awaiting review is not "changed" by each save.
    now = {"nik": registration.stated_nik}
    return [
        field
        for field, value in person.items()
        if now.get(field, getattr(registration, field)) != value
    ]


def _save_person(
    registration: Registration, person: dict, *, fields: list[str], by_staff: bool
) -> None:
    """Write the person's data. A NIK another seat of the event holds is refused to staff
    (who may see whole NIKs, see CorrectionForm) and held for review for the person
    themselves, answered as a free one: the private link must not be a NIK oracle."""
    nik = person["nik"]
    if registration.nik != nik and _nik_held_elsewhere(
        event_id=registration.event_id, nik=nik, exclude_pk=registration.pk
    ):
        if by_staff and nik != registration.nik_in_review:
            raise _duplicate_nik_error(for_staff=True)
        registration.nik, registration.nik_in_review = None, nik
    else:
        registration.nik, registration.nik_in_review = nik, ""
    for field, value in person.items():
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
    log_change(registration, Action.VERIFIED, actor)
    notices.notice_send_after_commit(
        registration_id=registration.pk, kind=notices.Notice.Kind.VERIFIED
    )
    return registration


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
def registration_substitute(
    *,
    registration: Registration,
    actor: Actor,
    full_name: str,
    nik: str,
    phone: str,
    email: str = "",
    position: str = "",
    institution: str = "",
) -> Registration:
    """Another person takes the same seat: the old registration is cancelled ("diganti")
    and the new one, verified by the staff member, gets the same seat number."""
    person = _person(full_name, nik, phone, email, position, institution)
    ledger.rule_lock(rule_id=registration.quota_rule_id)
    old = registration_locked(registration)
    _require_active(old)
    _require_no_attendance(old)
    if person["nik"] == old.stated_nik:
        raise InvalidPersonData(
            _("The substitute must be a different person: this is the same NIK."), field="nik"
        )
    if _nik_held_elsewhere(event_id=old.event_id, nik=person["nik"]):
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
        **person,
    )
    new.unit = old.unit
    try:
        _insert_in_seat(new, rule=old.quota_rule, seat=old.seat_number)
    except errors.DuplicateNik:  # taken meanwhile, past the check above
        raise _duplicate_nik_error(for_staff=True) from None
    log_change(old, Action.SUBSTITUTED, actor, by=new.code)
    log_change(new, Action.CREATED, actor, seat=new.seat_number, substitutes=old.code)
    return new


ACCOUNT_NUMBER_DIGITS = (5, 30)


@transaction.atomic
def registration_bank_account_set(
    *,
    registration: Registration,
    bank_name: str,
    account_number: str,
    account_holder: str,
    actor: Actor = None,
) -> Registration:
    """The person gives (or clears) the account the office transfers an allowance to.

    Optional and the person's own: possible while the registration is active,
    whether registration is still open or not (payment comes after the event).
    All three or none; the number is kept as digits only.
    """
    registration = registration_locked(registration)
    _require_active(registration)
    bank_name, account_holder = " ".join(bank_name.split()), " ".join(account_holder.split())
    digits = "".join(ch for ch in account_number if ch not in " -.")
    values = (bank_name, digits, account_holder)
    if any(values) and not all(values):
        raise errors.InvalidAccount(
            _("Give the bank, the account number and the account holder, or leave all three empty.")
        )
    low, high = ACCOUNT_NUMBER_DIGITS
    if digits and not (digits.isdigit() and low <= len(digits) <= high):
        raise errors.InvalidAccount(
            _("An account number is %(low)s to %(high)s digits.") % {"low": low, "high": high}
        )
    fields = [
        name
        for name, value in zip(
            ("bank_name", "account_number", "account_holder"), values, strict=True
        )
        if getattr(registration, name) != value
    ]
    if not fields:
        return registration
    registration.bank_name, registration.account_number, registration.account_holder = values
    registration.save(update_fields=[*fields, "updated_at"])
    # Named, never with their values: the account is as private as the NIK.
    log_change(registration, Action.UPDATED, actor, fields=fields, via=VIA_PRIVATE_LINK)
    return registration
