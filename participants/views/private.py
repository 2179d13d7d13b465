"""The pages behind a person's private link: the record, corrections, the bank
account, cancelling, the person's own data and erasing it."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from events.selectors import event_registration_closed_reason
from events.site import absolute_url

from .. import errors, services
from ..access import link_valid_until_of, private_link
from ..access_log import access_record
from ..forms import BankAccountForm, PersonEditForm, form_saved
from ..models import AccessLog, Registration
from ..qr import desk_code_qr_svg, qr_svg
from ..selectors import (
    own_data,
)


def _change_refused(registration: Registration) -> str | None:
    """Why the person can no longer correct or cancel through the link, or None."""
    if not registration.is_active:
        return _("This registration is %(status)s and can no longer be changed.") % {
            "status": registration.get_status_display().lower()
        }
    return event_registration_closed_reason(event=registration.event)


def _page(request, template: str, registration: Registration, token: str, context=None):
    """A page behind the link: each shows the registration and its event, and links on
    with the token."""
    return render(
        request,
        template,
        {
            "registration": registration,
            "event": registration.event,
            "token": token,
            **(context or {}),
        },
    )


# Not kept by the browser or a proxy (private_link sees to it): the page's URL is the
# secret, and it shows personal data.
@private_link
def registration_detail(request, registration, token):
    rejected = registration.status == Registration.Status.REJECTED
    return _page(
        request,
        "participants/registration_detail.html",
        registration,
        token,
        {
            "private_url": absolute_url(
                reverse("participants:detail", args=[token]), request=request
            ),
            # The desk's QR holds the code only: scanned or photographed at the
            # desk, it opens nothing.
            "qr_svg": desk_code_qr_svg(registration.code),
            "unit_label": registration.unit_label,
            "link_valid_until": link_valid_until_of(registration),
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


@private_link
def registration_link_qr(request, registration, token):
    """The private link as a QR code, to open it on another device. On a page of its
    own, asked for: on the proof it would sit beside the desk's code, where the desk
    could scan the wrong one and a bystander photograph the link."""
    url = absolute_url(reverse("participants:detail", args=[token]), request=request)
    return _page(
        request,
        "participants/registration_link_qr.html",
        registration,
        token,
        {
            "private_qr_svg": qr_svg(url),
            "link_valid_until": link_valid_until_of(registration),
        },
    )


@private_link
def registration_edit(request, registration, token):
    if request.method == "POST":
        form = PersonEditForm(request.POST, registration=registration)
        if form_saved(
            form,
            lambda: services.registration_update_own(
                registration=registration, actor=request.user, person=form.person_data()
            ),
        ):
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
    return _page(
        request, "participants/registration_edit.html", registration, token, {"form": form}
    )


@private_link
def registration_bank_account(request, registration, token):
    """The account the office pays an allowance into: optional, shown masked."""
    if not registration.is_active:
        messages.info(request, _change_refused(registration))
        return redirect("participants:detail", token=token)
    current = registration.account_number
    if request.method == "POST":
        form = BankAccountForm(request.POST, current_number=current)
        if form_saved(
            form,
            lambda: services.registration_bank_account_set(
                registration=registration, actor=request.user, **form.cleaned_data
            ),
        ):
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
    return _page(
        request, "participants/registration_account.html", registration, token, {"form": form}
    )


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
    return _page(request, "participants/registration_cancel.html", registration, token)


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
    return _page(request, "participants/registration_erase.html", registration, token)
