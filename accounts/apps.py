from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_seen
        from .otp_labels import label_otp_models

        user_logged_in.connect(mark_seen, dispatch_uid="accounts-mark-seen")
        label_otp_models()


class BimtekAdminConfig(admin_apps.AdminConfig):
    """The admin, with a login that asks for the second factor (see admin_site.py)."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "accounts.admin_site.BimtekAdminSite"
