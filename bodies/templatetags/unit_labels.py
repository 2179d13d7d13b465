"""`{{ registration.unit|unit_label }}`: a unit named as the documents name it.

See `bodies.labels.unit_label`. Load the unit with `unit__village` and
`unit__district`, or each row costs two queries; or read the unit's stored
`label` where it is joined alone.
"""

from django import template

from bodies.labels import unit_label as label_of

register = template.Library()


@register.filter
def unit_label(unit) -> str:
    return label_of(unit) if unit is not None else ""
