from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Seed data for trying the portal: the Tebo Bimtek and its fictional participants.

    On top of every other app (see .importlinter): it builds its data through their
    services, and nothing imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
