"""Materials and test windows are kept per process for the private page
(`selectors.event_learning`): a change in the admin tells every process to build them again."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from participants.seat_cache import public_data_changed

from .models import Assessment, Material


@receiver([post_save, post_delete], sender=Material)
@receiver([post_save, post_delete], sender=Assessment)
def event_learning_changed(sender, instance, **kwargs) -> None:
    public_data_changed(event_id=instance.event_id)
