"""App configurations: third-party apps under names staff can read, and the project itself."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    # "Tasks Database Backend" in the admin's index means nothing to a secretariat.
    verbose_name = _("Background tasks (documents)")


class PortalConfig(AppConfig):
    """The project itself as an app: its management commands (backup_sqlite)."""

    name = "bimtek_portal"
    verbose_name = _("Bimtek Portal")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
