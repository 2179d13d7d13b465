"""`{{ registration.unit|unit_label }}`: a unit named as the documents name it.

See `bodies.labels.unit_label`. Load the unit with `unit__village` and
`unit__district`, or each row costs two queries. For one registration loaded without
its unit (the private link's pages): `{{ registration.unit_id|unit_label_kept }}`.
"""

from django import template

from bodies.labels import unit_label as label_of
from bodies.labels import unit_label_kept as kept_label_of

register = template.Library()


@register.filter
def unit_label(unit) -> str:
    return label_of(unit) if unit is not None else ""


@register.filter
def unit_label_kept(unit_id) -> str:
    return kept_label_of(unit_id) if unit_id is not None else ""
