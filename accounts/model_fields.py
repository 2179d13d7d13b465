"""Model fields that several apps declare alike, each built in one place.

In the lowest layer, so every app's models may use them. A builder returns a plain
Django field, so migrations see the same field as one written out; what it fixes is
the part that must not drift between copies.
"""

from django.conf import settings
from django.db import models


def acting_user(verbose_name) -> models.ForeignKey:
    """The staff account that did something to a record ("checked in by", "created by").

    The record outlives the account (SET_NULL: an audit entry must not vanish with the
    person who wrote it), and a user gets no reverse accessor for each of these ("+").
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def optional_fk(to, on_delete, **options) -> models.ForeignKey:
    """A link that may be missing: NULL in the database and left empty in forms alike."""
    return models.ForeignKey(to, on_delete=on_delete, null=True, blank=True, **options)
