"""`{{ registration.unit|unit_label }}`: a unit named as the documents name it.

A bare desa name is ambiguous (Tebo has a Tambun Arang in Sumay and in Muara
Tabir), so a PPS carries its kecamatan. Load the unit with `unit__village` and
`unit__district`, or each row costs two queries.
"""

from django import template

from reports.selectors import unit_label as label_of

register = template.Library()


@register.filter
def unit_label(unit) -> str:
    return label_of(unit) if unit is not None else ""
