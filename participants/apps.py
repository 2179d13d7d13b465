from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = _("Participants and attendance")

    def ready(self):
        from events.models import QuotaRule
        from events.signals import quota_rule_changing

        from .ledger import refuse_stranding_change
        from .public_cache import connect_receivers

        # A rule's change is checked against the registrations holding its seats.
        quota_rule_changing.connect(
            refuse_stranding_change, sender=QuotaRule, dispatch_uid="participants.ledger"
        )
        # What shows on a public page: its change has every process build its copies again.
        connect_receivers()
