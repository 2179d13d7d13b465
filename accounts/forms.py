from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin

from .two_factor import device_for_code, has_second_factor

CODE_ATTRS = {"autocomplete": "one-time-code", "inputmode": "text", "size": 12}


class AdminLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """Username, password and, for an account with an authenticator app, its code
    (or one of its recovery codes).

    A wrong code counts as a failed login for the lockout (django-axes), as a wrong
    password does: otherwise a stolen password would buy unlimited guesses at the code.
    """

    otp_token = forms.CharField(
        label=_("Code from the authenticator app"),
        required=False,
        widget=forms.TextInput(attrs=CODE_ATTRS),
        help_text=_("Six digits, or a recovery code. Leave empty if your account has no app."),
    )
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the code from your authenticator app, or a recovery code."),
        "invalid_token": _("The code is wrong or has been used. Try the current code."),
        "device_required": _("The code is wrong or has been used. Try the current code."),
        "verification_not_allowed": _("Too many wrong codes: wait a moment and try again."),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and has_second_factor(user):
            code = cleaned.get("otp_token") or ""
            self.cleaned_data["otp_device"] = None
            try:
                device = device_for_code(user, code) if code else None
                if code and device is None:
                    raise forms.ValidationError(self.otp_error_messages["invalid_token"])
                if device is not None:
                    user.otp_device = self._verify_token(user, "".join(code.split()), device)
                else:
                    self.clean_otp(user)
            except forms.ValidationError:
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": cleaned.get("username")},
                    request=self.request,
                )
                raise
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
