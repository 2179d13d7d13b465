"""The second factor: enrol an authenticator app, give a code, renew recovery codes."""

from base64 import b32encode

from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor
from .forms import CodeForm, EnrolForm
from .qr import qr_code


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
    """GET shows a new secret (this session's only); POST enrols it with the password
    again and the app's first code. A failed try does not show the secret again."""
    user = request.user
    if request.method != "POST":
        secret = two_factor.totp_secret_new(session=request.session)
        return _enrol_page(request, EnrolForm(), secret=secret)
    form = EnrolForm(request.POST)
    if two_factor.totp_secret_pending(session=request.session) is None:
        return redirect(
            f"{reverse('accounts:two-factor')}?{urlencode({'next': _next_url(request)})}"
        )
    if form.is_valid():
        password = form.cleaned_data["password"]
        # authenticate(): the lockout (django-axes) counts a wrong password here too.
        if authenticate(request, username=user.get_username(), password=password) != user:
            form.add_error("password", _("The password is wrong."))
        else:
            device = two_factor.totp_device_enrol(
                user=user, session=request.session, code=form.cleaned_data["code"]
            )
            if device is not None:
                otp_login(request, device)
                return _codes_page(request, two_factor.recovery_codes_renew(user=user))
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
            form.add_error(
                "code",
                _("The code does not match. Check the phone's clock and type the current code."),
            )
    return _enrol_page(request, form, secret=None)


def _enrol_page(request, form, *, secret: bytes | None):
    config_url = (
        TOTPDevice(user=request.user, name=two_factor.TOTP_NAME, key=secret.hex()).config_url
        if secret
        else ""
    )
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": qr_code(config_url).svg_inline(scale=4, border=2) if secret else "",
            "secret": b32encode(secret).decode() if secret else "",
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
