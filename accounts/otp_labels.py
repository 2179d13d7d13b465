"""Names for django-otp's models and fields that the admin can show in Indonesian.

django-otp writes its models' names, field names and help texts as plain strings,
never through gettext, so the admin showed "TOTP devices", "confirmed" and "The
human-readable name of this device." among Indonesian pages. Here each gets the same
English text as a lazy translation, and accounts/locale gives the Indonesian.

Migrations stay as they are: they read a model's Meta as written (`original_attrs`)
and a field's name as given (`_verbose_name`), and the help texts below compare equal
to django-otp's, makemigrations running without a language.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

MODEL_NAMES = {
    TOTPDevice: (_("TOTP device"), _("TOTP devices")),
    StaticDevice: (_("static device"), _("static devices")),
    StaticToken: (_("static token"), _("static tokens")),
}

FIELD_NAMES = {
    "user": _("user"),
    "name": _("name"),
    "confirmed": _("confirmed"),
    "throttling_failure_timestamp": _("last failed attempt"),
    "throttling_failure_count": _("failed attempts in a row"),
    "created_at": _("created at"),
    "last_used_at": _("last used at"),
    "key": _("key"),
    "step": _("step"),
    "digits": _("digits"),
    "tolerance": _("tolerance"),
    "drift": _("drift"),
    "device": _("device"),
    "token": _("token"),
}

# Marked for makemessages; translated when a page shows them (lazily, in its language).
HELP_TEXTS = frozenset(
    (
        gettext_noop("The user that this device belongs to."),
        gettext_noop("The human-readable name of this device."),
        gettext_noop("Is this device ready for use?"),
        gettext_noop(
            "A timestamp of the last failed verification attempt. Null if last attempt succeeded."
        ),
        gettext_noop("Number of successive failed attempts."),
        gettext_noop("The date and time when this device was initially created in the system."),
        gettext_noop("The most recent date and time this device was used."),
        gettext_noop("A hex-encoded secret key of up to 40 bytes."),
        gettext_noop("The time step in seconds."),
        gettext_noop("The Unix time at which to begin counting steps."),
        gettext_noop("The number of digits to expect in a token."),
        gettext_noop("The number of time steps in the past or future to allow."),
        gettext_noop("The number of time steps the prover is known to deviate from our clock."),
        gettext_noop(
            "The t value of the latest verified token. "
            "The next token must be at a higher time step."
        ),
    )
)


def label_otp_models() -> None:
    """Gives django-otp's models and fields the lazy names above (AccountsConfig.ready)."""
    for model, (one, many) in MODEL_NAMES.items():
        model._meta.verbose_name = one
        model._meta.verbose_name_plural = many
        for field in model._meta.concrete_fields:
            if field.name in FIELD_NAMES:
                field.verbose_name = FIELD_NAMES[field.name]
            if field.help_text in HELP_TEXTS:
                field.help_text = _(field.help_text)  # marked for makemessages above
