"""What this app tells the apps above it, which it must not import (see .importlinter)."""

from django.dispatch import Signal

# Sent by `services.quota_rule_validate` for a stored rule about to change, inside
# the transaction that saves it, with `rule` carrying the new values. A receiver
# returns {field: message} for what the change would break. The seat ledger
# (`participants.ledger.rule_change_errors`, connected in participants/apps.py)
# refuses a change that would leave registrations in seats the rule no longer
# gives, and takes the rule lock to decide.
quota_rule_changing = Signal()
