from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bodies"
    verbose_name = _("Regions and electoral bodies")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from .models import District, Village
        from .services import body_labels_follow

        def follow(sender, instance, **kwargs):
            body_labels_follow(region=instance)

        # A renamed kecamatan or desa renames its bodies' stored labels.
        for model in (District, Village):
            post_save.connect(
                follow, sender=model, weak=False, dispatch_uid=f"bodies.labels.{model.__name__}"
            )
