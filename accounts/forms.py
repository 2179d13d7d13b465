from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin

from .two_factor import device_for_code, has_second_factor

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "text", "size": 12}


class CodeInput(forms.TextInput):
    """A code is single-use: never written back into the page of a failed sign-in (which
    also keeps that page the same whichever field was wrong)."""

    def format_value(self, value):
        return None


class AdminLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username, password and, for an account with an authenticator app, its code
    (or one of its recovery codes), on one form.

    Every failure gets the same answer, whichever of the three was wrong (issue #17
    finding 9: "enter the code" told a guesser that the password was right before any
    code was asked). A wrong or missing code counts as a failed login for the lockout
    (django-axes), as a wrong password does: otherwise a stolen password would buy
    unlimited guesses at the code.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "The username, the password or the code is wrong (a code is needed only for an "
            "account with an authenticator app). Note that they may be case-sensitive."
        ),
    }
    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        widget=CodeInput(attrs=CODE_ATTRS),
        help_text=_("Six digits, or a recovery code. Leave empty if your account has no app."),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and has_second_factor(user):
            code = "".join((cleaned.get("otp_token") or "").split())
            self.cleaned_data["otp_device"] = None
            device = device_for_code(user, code) if code else None
            try:
                if device is None:
                    raise forms.ValidationError("no code or no device for it")
                user.otp_device = self._verify_token(user, code, device)
            except forms.ValidationError:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": cleaned.get("username")},
                    request=self.request,
                )
                raise self.get_invalid_login_error() from None
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs=CODE_ATTRS | {"autofocus": True}),
    )


class EnrolForm(CodeForm):
    """Turning on the app asks for the password again, so a session left open on a
    shared computer cannot bind an app of someone else's to the account."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    field_order = ["password", "code"]
