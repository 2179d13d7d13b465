"""How a body is named to people: in lists, messages, exports and documents."""

from __future__ import annotations

from bodies.models import Body, body_label


def unit_label(unit: Body, *, with_district: bool = True) -> str:
    """`PPS Desa Mangun Jayo, Kec. Tebo Tengah`, `PPK Kec. Tebo Ilir`, `KPU Kabupaten Tebo`.

    A bare desa name is ambiguous (Tebo has a Tambun Arang in Sumay and in
    Muara Tabir), so a PPS carries its kecamatan unless the reader already
    sees it (`with_district=False`, under a kecamatan heading). Load the unit
    with `village` and `district`, or each call costs two queries; where a body
    is known by its id only, read its stored `label` (the same text, with the
    kecamatan) instead of loading the body.
    """
    village = unit.village if unit.kind == Body.Kind.PPS and unit.village_id else None
    # Under a kecamatan heading a PPS leaves it out (and it is not loaded); a PPK is
    # named by it.
    named_by_district = unit.kind == Body.Kind.PPK or (village and with_district)
    district = unit.district if named_by_district and unit.district_id else None
    return body_label(
        kind=unit.kind,
        name=unit.name,
        village_name=village.name if village else "",
        village_kind=village.kind if village else "",
        district_name=district.name if district else "",
    )
