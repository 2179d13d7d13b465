"""How a body is named to people: in lists, messages, exports and documents."""

from __future__ import annotations

import time

from django.conf import settings

from bodies.models import Body, Village

# unit_label_kept: labels by unit id, this process's, with when they were read.
KEPT_LABEL_SECONDS = 300
KEPT_LABELS_MAX = 20_000
_kept_labels: dict[int, tuple[float, str]] = {}


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


def unit_label_kept(unit_id: int) -> str:
    """`unit_label(unit)` for a unit known by its id only, kept in this process for a few
    minutes (their names change only with a new edition of the region data).

    For the private page: joining the desa and the kecamatan to its one query made
    PostgreSQL plan a seven-table join on every visit (0.8 ms of planning, against
    0.3 ms without them) and Django build two more objects. Kept only where the
    public pages keep things (BIMTEK_SEAT_CACHE_SECONDS > 0; off in tests).
    """
    keeping = settings.BIMTEK_SEAT_CACHE_SECONDS > 0
    now = time.monotonic()
    kept = _kept_labels.get(unit_id) if keeping else None
    if kept is not None and now - kept[0] < KEPT_LABEL_SECONDS:
        return kept[1]
    label = unit_label(Body.objects.select_related("village", "district").get(pk=unit_id))
    if keeping:
        if len(_kept_labels) >= KEPT_LABELS_MAX:  # a national portal: bounded, not an LRU
            _kept_labels.clear()
        _kept_labels[unit_id] = (now, label)
    return label


def forget_kept_labels() -> None:
    """Drop this process's kept labels (tests)."""
    _kept_labels.clear()
