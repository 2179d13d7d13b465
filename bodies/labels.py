"""How a body is named to people: in lists, messages, exports and documents."""

from __future__ import annotations

from bodies.models import Body, Village


def unit_label(unit: Body, *, with_district: bool = True) -> str:
    """`PPS Desa Mangun Jayo, Kec. Tebo Tengah`, `PPK Kec. Tebo Ilir`, `KPU Kabupaten Tebo`.

    A bare desa name is ambiguous (Tebo has a Tambun Arang in Sumay and in
    Muara Tabir), so a PPS carries its kecamatan unless the reader already
    sees it (`with_district=False`, under a kecamatan heading). Load the unit
    with `village` and `district`, or each call costs two queries.
    """
    if unit.kind == Body.Kind.PPS and unit.village_id:
        village = unit.village
        kind = "Kelurahan" if village.kind == Village.Kind.KELURAHAN else "Desa"
        district = f", Kec. {unit.district.name}" if unit.district_id and with_district else ""
        return f"PPS {kind} {village.name}{district}"
    if unit.kind == Body.Kind.PPK and unit.district_id:
        return f"PPK Kec. {unit.district.name}"
    return unit.name
