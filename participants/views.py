"""Public registration, the private link, and the staff pages (list, record).

The check-in desk is in views_checkin.
"""

from datetime import date
from functools import wraps
from urllib.parse import parse_qsl, urlencode, urlsplit

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bodies.labels import unit_label_kept
from bodies.models import Body
from events.access import office_required
from events.models import Event
from events.selectors import event_for_staff, event_registration_closed_reason
from events.site import absolute_url

from . import bulk_reject, errors, exports, services
from .access_log import access_record
from .challenge import challenge_enabled, challenge_new
from .codes import CODE_LENGTH, normalise_code
from .forms import (
    BankAccountForm,
    CorrectionForm,
    PersonEditForm,
    RegistrationForm,
    SubstituteForm,
    new_submission_key,
)
from .kept_pages import kept_page
from .ledger import EventChoices
from .models import AccessLog, Registration
from .private_link import link_valid_until
from .qr import desk_code_qr_svg, qr_svg
from .ratelimit import rate_limited
from .seat_cache import SeatData, public_event, seat_data
from .selectors import (
    RegistrationFilter,
    event_districts,
    own_data,
    registration_by_private_token,
    registration_for_staff,
    registration_list,
    registration_log,
    unit_scope,
)


def _add_error(form, error: errors.ParticipantError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


# --- public ------------------------------------------------------------------


# Not kept by the browser: the back button after registering loads the form again,
# with a fresh submission key, instead of the old page holding the used one.
@never_cache
def register(request, slug):
    event = public_event(slug=slug)
    closed_reason = event_registration_closed_reason(event=event)
    if closed_reason:
        return render(
            request, "participants/register_closed.html", {"event": event, "reason": closed_reason}
        )
    seats = seat_data(event=event)
    if request.method == "POST":
        if rate_limited(request, scope="register", rate=settings.BIMTEK_REGISTRATION_RATE):
            return render(request, "participants/rate_limited.html", {"event": event}, status=429)
        form = RegistrationForm(
            request.POST, event=event, choices=_choices(event, seats), challenge=challenge_enabled()
        )
        if form.is_bot:
            return render(request, "participants/register_received.html", {"event": event})
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    event=event,
                    quota_rule=data["quota_rule"],
                    unit=data["unit"],
                    role=data["role"],
                    submission_key=data["submission_key"],
                    **form.person_data(),
                )
            except errors.RegistrationClosed as error:
                return render(
                    request,
                    "participants/register_closed.html",
                    {"event": event, "reason": error.message},
                )
            except errors.ParticipantError as error:
                # The lists the person chose from may be a few seconds old: shown
                # again as they are now, with why the seat was refused.
                seats = seat_data(event=event, fresh=True)
                form = RegistrationForm(
                    request.POST,
                    event=event,
                    choices=_choices(event, seats),
                    challenge=challenge_enabled(),
                )
                form.challenge_checked = True  # passed above; a solution counts once
                form.is_valid()
                _add_error(form, error)
                if isinstance(error, errors.SubmissionKeyUsed):
                    form.renew_submission_key()
            else:
                # The token travels once, in this redirect to the link itself; the
                # portal keeps only its hash and cannot show it again.
                return redirect(
                    reverse("participants:detail", args=[registration.private_token]) + "?baru=1"
                )
        return render(
            request,
            "participants/register.html",
            _form_page(
                event,
                seats,
                form=form,
                form_html=None,
                submission_key=form["submission_key"].value(),
            ),
        )
    # The unfilled form is the same for everyone but its key and the CSRF token.
    return kept_page(
        request,
        store=seats,
        key=None,
        template="participants/register.html",
        context=_form_page(
            event,
            seats,
            form=None,
            form_html=seats.get(
                ("form", get_language(), challenge_enabled()),
                lambda: render_crispy_form(
                    RegistrationForm(
                        event=event, choices=_choices(event, seats), challenge=challenge_enabled()
                    )
                ),
            ),
        ),
        per_visitor={"submission_key": new_submission_key()},
    )


@never_cache
def register_challenge(request, slug):
    """A fresh proof-of-work challenge for the form's widget (JSON). Each costs the
    server one key derivation, so they are counted per address like the form's posts."""
    event = public_event(slug=slug)
    if not challenge_enabled() or event_registration_closed_reason(event=event):
        raise Http404
    if rate_limited(request, scope="challenge", rate=settings.BIMTEK_FORM_CHALLENGE_RATE):
        return JsonResponse({"error": "rate_limited"}, status=429)
    return JsonResponse(challenge_new())


def _form_page(event: Event, seats: SeatData, **form_parts) -> dict:
    """The form page's context: the event's parts, and the form's (bound, or kept HTML)."""
    return {
        "challenge": challenge_enabled(),
        "event": event,
        "villages_url": _villages_url(),
        "role_kinds": seats.get("role_kinds", lambda: _role_kinds(_choices(event, seats))),
        **form_parts,
    }


def _choices(event: Event, seats: SeatData) -> EventChoices:
    # Per language: the labels ("(penuh)", the kinds) are written in the visitor's.
    return seats.get(("choices", get_language()), lambda: EventChoices.for_event(event))


def _role_kinds(choices: EventChoices) -> dict[str, list[str]]:
    return {role: sorted(kinds) for role, kinds in choices.role_kinds.items()}


def _villages_url() -> str:
    try:
        return reverse("bodies:villages")
    except NoReverseMatch:  # the list still works without the narrowing
        return ""


def _unlogged(response: HttpResponse) -> HttpResponse:
    """Django logs every 4xx with its path ("Not Found: /daftar/p/<token>/"); an expired
    link's path holds a real token, so these answers are marked as logged already."""
    response._has_been_logged = True
    return response


def _link_valid_until(registration: Registration) -> date:
    return link_valid_until(
        last_day=registration.event.last_day,
        registered_on=timezone.localdate(registration.created_at),
    )


def private_link(view):
    """Give the view the registration behind the link's token, if the link is valid.

    Unknown tokens are counted per address (walking through tokens is hopeless at 128
    bits, but each miss is still a database query); an expired link says so.

    Never cached: the page holds a person's phone, e-mail and NIK, and a shared or
    public computer's browser cache would hand them to the next user.
    """

    @wraps(view)
    def wrapped(request, token):
        # Corrections (the NIK among them) and cancelling are limited per address like
        # the form, before the link is even looked up.
        if request.method == "POST" and rate_limited(
            request, scope="private-link", rate=settings.BIMTEK_PRIVATE_LINK_RATE
        ):
            return render(request, "participants/rate_limited.html", status=429)
        registration = registration_by_private_token(token=token)
        if registration is None:
            if rate_limited(request, scope="code-miss", rate=settings.BIMTEK_REGISTRATION_RATE):
                return _unlogged(render(request, "participants/rate_limited.html", status=429))
            return _unlogged(render(request, "participants/private_link_invalid.html", status=404))
        valid_until = _link_valid_until(registration)
        if timezone.localdate() > valid_until:
            return _unlogged(
                render(
                    request,
                    "participants/private_link_invalid.html",
                    {"expired_on": valid_until, "event": registration.event},
                    status=410,
                )
            )
        return view(request, registration, token)

    return never_cache(wrapped)


def _change_refused(registration: Registration) -> str | None:
    """Why the person can no longer correct or cancel through the link, or None."""
    if not registration.is_active:
        return _("This registration is %(status)s and can no longer be changed.") % {
            "status": registration.get_status_display().lower()
        }
    return event_registration_closed_reason(event=registration.event)


# Not kept by the browser or a proxy: the page's URL is the secret, and it shows
# personal data.
@never_cache
@private_link
def registration_detail(request, registration, token):
    rejected = registration.status == Registration.Status.REJECTED
    return render(
        request,
        "participants/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "token": token,
            "private_url": absolute_url(
                reverse("participants:detail", args=[token]), request=request
            ),
            # The desk's QR holds the code only: scanned or photographed at the
            # desk, it opens nothing.
            "qr_svg": desk_code_qr_svg(registration.code),
            "unit_label": unit_label_kept(registration.unit_id),
            "link_valid_until": _link_valid_until(registration),
            "just_registered": request.GET.get("baru") == "1",
            "can_change": _change_refused(registration) is None,
            "can_erase": event_registration_closed_reason(event=registration.event) is None,
            "rejected": rejected,
            # A rejected person may register again (the NIK is free again) while the
            # event still takes registrations; otherwise the page says why not.
            "register_again_closed": (
                event_registration_closed_reason(event=registration.event) if rejected else None
            ),
        },
    )


@never_cache
@private_link
def registration_link_qr(request, registration, token):
    """The private link as a QR code, to open it on another device. On a page of its
    own, asked for: on the proof it would sit beside the desk's code, where the desk
    could scan the wrong one and a bystander photograph the link."""
    url = absolute_url(reverse("participants:detail", args=[token]), request=request)
    return render(
        request,
        "participants/registration_link_qr.html",
        {
            "registration": registration,
            "event": registration.event,
            "token": token,
            "private_qr_svg": qr_svg(url),
            "link_valid_until": _link_valid_until(registration),
        },
    )


@never_cache
@private_link
def registration_edit(request, registration, token):
    if request.method == "POST":
        form = PersonEditForm(request.POST, registration=registration)
        if form.is_valid():
            try:
                services.registration_update_own(
                    registration=registration, actor=request.user, **form.person_data()
                )
            except errors.ParticipantError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Your data has been saved."))
                return redirect("participants:detail", token=token)
    else:
        refused = _change_refused(registration)
        if refused:
            messages.info(request, refused)
            return redirect("participants:detail", token=token)
        form = PersonEditForm(
            initial=PersonEditForm.initial_for(registration), registration=registration
        )
    return render(
        request,
        "participants/registration_edit.html",
        {"registration": registration, "event": registration.event, "form": form, "token": token},
    )


@never_cache
@private_link
def registration_bank_account(request, registration, token):
    """The account the office pays an allowance into: optional, shown masked."""
    if not registration.is_active:
        messages.info(request, _change_refused(registration))
        return redirect("participants:detail", token=token)
    current = registration.account_number
    if request.method == "POST":
        form = BankAccountForm(request.POST, current_number=current)
        if form.is_valid():
            try:
                services.registration_bank_account_set(
                    registration=registration, actor=request.user, **form.cleaned_data
                )
            except errors.ParticipantError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("Your account has been saved."))
                return redirect("participants:detail", token=token)
    else:
        form = BankAccountForm(
            initial={
                "bank_name": registration.bank_name,
                "account_holder": registration.account_holder,
            },
            current_number=current,
        )
    return render(
        request,
        "participants/registration_account.html",
        {"registration": registration, "event": registration.event, "form": form, "token": token},
    )


@never_cache
@private_link
def registration_cancel(request, registration, token):
    if request.method == "POST":
        try:
            services.registration_cancel_own(
                registration=registration,
                actor=request.user,
                reason=_("Cancelled by the participant"),
            )
        except errors.ParticipantError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your registration has been cancelled; the seat is free again.")
            )
        return redirect("participants:detail", token=token)
    refused = _change_refused(registration)
    if refused:
        messages.info(request, refused)
        return redirect("participants:detail", token=token)
    return render(
        request,
        "participants/registration_cancel.html",
        {"registration": registration, "event": registration.event, "token": token},
    )


@never_cache
@private_link
def registration_own_data(request, registration, token):
    """Everything the portal holds about the person, as JSON (UU 27/2022, right of access)."""
    access_record(user=None, action=AccessLog.Action.OWN_DATA, registration=registration)
    response = JsonResponse(
        own_data(registration=registration), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="data-pendaftaran-{registration.code}.json"'
    )
    return response


@never_cache
@private_link
def registration_erase(request, registration, token):
    """Cancel and erase, after asking; only while the event takes registrations."""
    refused = event_registration_closed_reason(event=registration.event)
    if refused:
        messages.info(
            request,
            refused + " " + _("To have your data erased now, contact the organiser's secretariat."),
        )
        return redirect("participants:detail", token=token)
    if request.method == "POST":
        try:
            services.registration_erase_own(registration=registration)
        except errors.ParticipantError as error:
            messages.error(request, error.message)
            return redirect("participants:detail", token=token)
        return render(
            request, "participants/registration_erased.html", {"event": registration.event}
        )
    return render(
        request,
        "participants/registration_erase.html",
        {"registration": registration, "event": registration.event, "token": token},
    )


# --- staff -------------------------------------------------------------------

FULL_NIK = "participants.view_full_nik"


def staff_required(*permissions: str):
    """Log in first (anonymous -> login page), then the permissions (else 403), then the
    KPU office (an account without one is told so); the views see only its events.
    Never cached, like every page behind a staff login: lists of people's data."""

    def decorate(view):
        return never_cache(
            login_required(
                permission_required(permissions, raise_exception=True)(office_required(view))
            )
        )

    return decorate


def _filters_from(request, event: Event) -> tuple[RegistrationFilter, dict]:
    get = request.GET
    kind = get.get("unsur", "")
    if kind not in (Body.Kind.KPU_KABKOTA, Body.Kind.PPK, Body.Kind.PPS):
        kind = ""
    status = get.get("status", "")
    if status not in Registration.Status.values:
        status = ""
    district_id = database_id(get.get("kecamatan", ""))
    day = None
    if get.get("hari"):
        try:
            day = date.fromisoformat(get["hari"])
        except ValueError:
            day = None
    text = " ".join(get.get("q", "").split())[:100]
    # A code is found as the check-in desk finds it: "abcd-2345" is ABCD2345.
    code = normalise_code(text)
    code = code if len(code) == CODE_LENGTH else ""
    chosen = {"unsur": kind, "status": status, "kecamatan": district_id, "hari": day, "q": text}
    return RegistrationFilter(
        body_kind=kind,
        district_id=district_id,
        status=status,
        day=day,
        text=text,
        code=code,
        units=unit_scope(user=request.user),  # the list and its exports alike
    ), chosen


def _list_url_from(next_url: str, event: Event) -> str:
    """The back link of a record: `next` if it is this event's list (a relative URL,
    its query string re-encoded), else the plain list. Never another site or page."""
    list_url = reverse("participants:staff-list", args=[event.slug])
    parts = urlsplit(next_url or "")
    if parts.scheme or parts.netloc or parts.path != list_url:
        return list_url
    query = urlencode(parse_qsl(parts.query))
    return f"{list_url}?{query}" if query else list_url


DATABASE_ID_MAX = 2**63 - 1  # a bigint; a larger number overflows the database driver


def database_id(value: str) -> int | None:
    """A row id from a query string or form, or None for anything else.

    str.isdigit() alone accepts "²" and other Unicode digits that int() refuses,
    and a 30-digit number overflows the driver: both were server errors.
    """
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 1 <= number <= DATABASE_ID_MAX else None


@staff_required("participants.view_registration")
def staff_list(request, slug):
    event = event_for_staff(user=request.user, slug=slug)
    filters, chosen = _filters_from(request, event)
    page = Paginator(registration_list(event=event, filters=filters), 100).get_page(
        request.GET.get("halaman")
    )
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "participants/staff_list.html",
        {
            "event": event,
            "page": page,
            "days": event.days,
            "districts": event_districts(event=event),
            "chosen": chosen,
            "statuses": Registration.Status.choices,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "first_number": page.start_index(),
            # The masked NIK's visible digits with the sex fix the birth date: no sex without it.
            "show_full_nik": request.user.has_perm(FULL_NIK),
        },
    )


@require_POST
@staff_required("participants.view_registration", "participants.verify_registration")
def staff_reject_bulk(request, slug):
    """Reject the registrations chosen on the list, with one reason: asks first (a page
    naming each one), then rejects on the confirming post. Only pending registrations
    the account sees on the list are taken; see bulk_reject."""
    event = event_for_staff(user=request.user, slug=slug)
    ids = [pk for pk in map(database_id, request.POST.getlist("pk")) if pk is not None]
    reason = request.POST.get("reason", "").strip()
    back = _list_url_from(request.POST.get("next", ""), event)
    if request.POST.get("confirm") != "1":
        chosen = bulk_reject.pending_for_bulk(event=event, user=request.user, ids=ids)
        if not chosen:
            messages.error(request, _("Choose at least one registration awaiting verification."))
            return redirect(back)
        if not reason:
            messages.error(request, _("Say why the registrations are rejected."))
            return redirect(back)
        return render(
            request,
            "participants/staff_reject_bulk.html",
            {"event": event, "chosen": chosen, "reason": reason, "back_url": back},
        )
    try:
        result = bulk_reject.registrations_reject_pending(
            event=event, ids=ids, actor=request.user, reason=reason
        )
    except errors.ParticipantError as error:
        messages.error(request, error.message)
        return redirect(back)
    count = len(result.rejected)
    messages.success(
        request,
        ngettext(
            "%(count)d registration has been rejected.",
            "%(count)d registrations have been rejected.",
            count,
        )
        % {"count": count},
    )
    for registration, message in result.refused:
        messages.error(request, f"{registration.code}: {message}")
    return redirect(back)


@staff_required("participants.view_registration")
def staff_export(request, slug, fmt):
    event = event_for_staff(user=request.user, slug=slug)
    filters, _chosen = _filters_from(request, event)
    stamp = timezone.localdate().isoformat()
    personal = request.user.has_perm(FULL_NIK)  # the sex column (see exports.headers)
    if fmt == "csv":
        # Streamed: a national event's list is ~90,000 lines, never held in memory whole.
        response = StreamingHttpResponse(
            exports.registrations_csv_lines(event=event, filters=filters, personal=personal),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            exports.registrations_xlsx(event=event, filters=filters, personal=personal),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="peserta-{event.slug}-{stamp}.{fmt}"'
    access_record(
        user=request.user,
        action=AccessLog.Action.EXPORT_CSV if fmt == "csv" else AccessLog.Action.EXPORT_XLSX,
        event=event,
        detail=request.GET.urlencode(),
    )
    return response


def _staff_registration(request, pk: int) -> Registration:
    """A registration of an event the account may see; 404 for any other, as for none."""
    registration = registration_for_staff(pk=pk, user=request.user)
    if registration is None:
        raise Http404
    return registration


def _staff_detail_page(request, registration: Registration, **extra) -> HttpResponse:
    show_full_nik = request.user.has_perm("participants.view_full_nik")
    if show_full_nik:
        access_record(
            user=request.user, action=AccessLog.Action.FULL_NIK, registration=registration
        )
    return render(
        request,
        "participants/staff_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "show_full_nik": show_full_nik,
            "log": registration_log(registration=registration),
            "attendances": registration.attendances.all(),
            "back_url": _list_url_from(request.GET.get("next", ""), registration.event),
            **extra,
        },
    )


@staff_required("participants.view_registration")
def staff_detail(request, pk):
    return _staff_detail_page(request, _staff_registration(request, pk))


# The answer holds the new link, shown this once: rendered in the POST's own response
# (no redirect through a message cookie or the session), and never cached.
# Whoever holds a link opens everything the portal keeps about the person, the whole
# NIK and date of birth among it (the data download): so only an account that may see
# them issues one. Without view_full_nik a staff member could otherwise read any NIK
# of their area by issuing a link and following it.
@never_cache
@require_POST
@staff_required(FULL_NIK, "participants.verify_registration")
def staff_private_link(request, pk):
    registration = _staff_registration(request, pk)
    token = services.registration_private_link_issue(registration=registration, actor=request.user)
    url = absolute_url(reverse("participants:detail", args=[token]), request=request)
    return _staff_detail_page(
        request,
        registration,
        new_private_url=url,
        new_private_qr_svg=qr_svg(url),
        log=registration_log(registration=registration),
    )


def old_private_link(request, code):
    """/daftar/r/<code>/: the code was the private link until links got their own secret."""
    return render(request, "participants/private_link_invalid.html", status=410)


def _staff_action(request, pk, action, success):
    registration = _staff_registration(request, pk)
    try:
        action(registration)
    except errors.ParticipantError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("participants:staff-detail", pk=registration.pk)


@require_POST
@staff_required("participants.verify_registration")
def staff_verify(request, pk):
    return _staff_action(
        request,
        pk,
        lambda r: services.registration_verify(registration=r, actor=request.user),
        _("The registration has been verified."),
    )


@require_POST
@staff_required("participants.verify_registration")
def staff_reject(request, pk):
    return _staff_action(
        request,
        pk,
        lambda r: services.registration_reject(
            registration=r, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("The registration has been rejected."),
    )


def _refused_change(request, registration: Registration):
    """Back to the record with the reason, if the registration can no longer be
    cancelled or substituted: the page would only end in the service's refusal."""
    refused = services.registration_change_refused(registration=registration)
    if not refused:
        return None
    messages.error(request, refused)
    return redirect("participants:staff-detail", pk=registration.pk)


@staff_required("participants.verify_registration")
def staff_cancel(request, pk):
    """Asks first, as the private link does: the seat goes to someone else."""
    if request.method == "POST":
        return _staff_action(
            request,
            pk,
            lambda r: services.registration_cancel(
                registration=r, actor=request.user, reason=request.POST.get("reason", "")
            ),
            _("The registration has been cancelled; the seat is free."),
        )
    registration = _staff_registration(request, pk)
    refused = _refused_change(request, registration)
    if refused:
        return refused
    return render(
        request,
        "participants/staff_cancel.html",
        {"registration": registration, "event": registration.event},
    )


@staff_required("participants.verify_registration")
def staff_correct(request, pk):
    """Correct the person's data. The NIK is never filled in; only an account that may
    see whole NIKs gets its field at all (see CorrectionForm), and left empty it stays."""
    registration = _staff_registration(request, pk)
    if not registration.is_active:
        messages.error(request, _("Only an active registration can be corrected."))
        return redirect("participants:staff-detail", pk=registration.pk)
    may_change_nik = request.user.has_perm(FULL_NIK)
    if request.method == "POST":
        form = CorrectionForm(
            request.POST, registration=registration, may_change_nik=may_change_nik
        )
        if form.is_valid():
            try:
                services.registration_correct(
                    registration=registration, actor=request.user, **form.person_data()
                )
            except errors.ParticipantError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The participant's data has been saved."))
                return redirect("participants:staff-detail", pk=registration.pk)
    else:
        form = CorrectionForm(
            initial=CorrectionForm.initial_for(registration),
            registration=registration,
            may_change_nik=may_change_nik,
        )
    return render(
        request,
        "participants/staff_correct.html",
        {"registration": registration, "event": registration.event, "form": form},
    )


def _too_many_nik_tries(request) -> bool:
    """A substitution types a NIK that is refused when another seat holds it: counted
    per account that may not see whole NIKs (see BIMTEK_STAFF_NIK_RATE)."""
    return not request.user.has_perm(FULL_NIK) and rate_limited(
        request, scope="staff-nik", rate=settings.BIMTEK_STAFF_NIK_RATE, per_account=True
    )


@staff_required("participants.verify_registration")
def staff_substitute(request, pk):
    registration = _staff_registration(request, pk)
    refused = _refused_change(request, registration)
    if refused:
        return refused
    if request.method == "POST":
        form = SubstituteForm(request.POST)
        if _too_many_nik_tries(request):
            form.add_error(
                None,
                _(
                    "This account has made many substitutions in a short time. Try again "
                    "later, or ask an account that may see whole NIKs (Admin KPU)."
                ),
            )
        elif form.is_valid():
            try:
                new = services.registration_substitute(
                    registration=registration, actor=request.user, **form.person_data()
                )
            except errors.ParticipantError as error:
                _add_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(new)s now holds the seat of %(old)s.")
                    % {"new": new.full_name, "old": registration.full_name},
                )
                return redirect("participants:staff-detail", pk=new.pk)
    else:
        form = SubstituteForm()
    return render(
        request,
        "participants/staff_substitute.html",
        {"registration": registration, "event": registration.event, "form": form},
    )
