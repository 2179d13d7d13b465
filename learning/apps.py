from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = _("Materials, tests and evaluation")

    def ready(self) -> None:
        from django.core import checks

        from .filetypes import request_limit_fits_a_material

        checks.register(request_limit_fits_a_material)
