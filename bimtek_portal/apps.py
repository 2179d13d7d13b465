"""Third-party apps under names staff can read in the admin."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    # "Tasks Database Backend" in the admin's index means nothing to a secretariat.
    verbose_name = _("Background tasks (documents)")
