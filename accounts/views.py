"""The second factor: enrol an authenticator app, give a code, renew recovery codes."""

from base64 import b32encode

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import two_factor
from .forms import CodeForm


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("admin:index")


def _codes_page(request, codes: list[str]):
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


@never_cache
@login_required
def two_factor_page(request):
    """Enrol when the account has no app yet; ask for a code when this session has
    not given one; otherwise say the second factor is on."""
    user = request.user
    device = two_factor.confirmed_totp(user)
    if device is None:
        return _enrol(request)
    if user.is_verified():
        return render(request, "accounts/two_factor.html", {"verified": True})
    form = CodeForm(request.POST or None)
    if form.is_valid():
        chosen = two_factor.device_for_code(user, form.cleaned_data["code"])
        code = "".join(form.cleaned_data["code"].split())
        if chosen is not None and chosen.verify_is_allowed()[0] and chosen.verify_token(code):
            otp_login(request, chosen)
            return redirect(_next_url(request))
        form.add_error("code", _("The code is wrong or has been used. Try the current code."))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "required": two_factor.two_factor_required(user),
            "next": _next_url(request),
        },
    )


def _enrol(request):
    device = two_factor.totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if two_factor.totp_device_confirm(device=device, code=form.cleaned_data["code"]):
            otp_login(request, device)
            return _codes_page(request, two_factor.recovery_codes_renew(user=request.user))
        form.add_error(
            "code", _("The code does not match. Check the phone's clock and type the current code.")
        )
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, border=2),
            "secret": b32encode(device.bin_key).decode(),
            "required": two_factor.two_factor_required(request.user),
            "next": _next_url(request),
        },
    )


@never_cache
@require_POST
@login_required
def recovery_codes_renew(request):
    """Ten new recovery codes, shown in this answer only; the earlier ones stop working."""
    if not (request.user.is_verified() and two_factor.has_second_factor(request.user)):
        return redirect("accounts:two-factor")
    return _codes_page(request, two_factor.recovery_codes_renew(user=request.user))
