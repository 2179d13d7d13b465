"""How a body is named to people: in lists, messages, exports and documents."""

from __future__ import annotations

from bodies.models import Body


def unit_label(unit: Body, *, with_district: bool = True) -> str:
    """`PPS Desa Mangun Jayo, Kec. Tebo Tengah`, `PPK Kec. Tebo Ilir`, `KPU Kabupaten Tebo`
    (Body.label_from_regions, which also gives the stored `label`).

    Load the unit with `village` and `district`, or each call costs two queries; where
    a body is known by its id only, read its stored `label` (the same text, with the
    kecamatan) instead of loading the body.
    """
    return unit.label_from_regions(with_district=with_district)
