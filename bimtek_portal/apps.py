"""App configurations: third-party apps under names staff can read, and the project itself."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticOtpAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    # "Tasks Database Backend" in the admin's index means nothing to a secretariat.
    verbose_name = _("Background tasks (documents)")


# "AXES", "OTP_TOTP" and "OTP_STATIC" headed the admin's index untranslated.
class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Login attempts and lockouts")


class AuthenticatorAppsConfig(TotpAppConfig):
    verbose_name = _("Second factor: authenticator apps")


class BackupCodesConfig(StaticOtpAppConfig):
    verbose_name = _("Second factor: backup codes")


class PortalConfig(AppConfig):
    """The project itself as an app: its management commands (backup_sqlite)."""

    name = "bimtek_portal"
    verbose_name = _("Bimtek Portal")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
