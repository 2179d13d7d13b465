from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Seed data for trying the portal: the Tebo Bimtek and its fictional participants.

    On top of every other app (see .importlinter): it builds its data through their
    services, and nothing imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Demo data")
