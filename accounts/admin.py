"""django-otp's admin pages, speaking the admin's language.

Their section titles, search hint and QR column are plain English strings in
django-otp; these subclasses give them through gettext. What the pages do is
django-otp's (with OTP_ADMIN_HIDE_SENSITIVE_DATA on: no secrets shown).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin as OtpStaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OtpTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

# django-otp's section titles, marked for makemessages.
SECTION_TITLES = frozenset(
    (
        gettext_noop("Identity"),
        gettext_noop("Timestamps"),
        gettext_noop("Configuration"),
        gettext_noop("State"),
        gettext_noop("Throttling"),
    )
)
SEARCH_HINT = _("Search by the account's username or email address")


class TranslatedSectionsMixin:
    search_help_text = SEARCH_HINT

    def get_fieldsets(self, request, obj=None):
        return [
            (_(title) if title in SECTION_TITLES else title, options)  # marked above
            for title, options in super().get_fieldsets(request, obj)
        ]


class TOTPDeviceAdmin(TranslatedSectionsMixin, OtpTOTPDeviceAdmin):
    @admin.display(description=_("QR code"))
    def qrcode_link(self, device):
        return super().qrcode_link(device)


class StaticDeviceAdmin(TranslatedSectionsMixin, OtpStaticDeviceAdmin):
    pass


for model, model_admin in ((TOTPDevice, TOTPDeviceAdmin), (StaticDevice, StaticDeviceAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
