"""Reads of the bodies app."""

from django.db.models import QuerySet

from .models import Body, Village


def village_choices_for_district(*, district_id: int) -> list[dict]:
    """The desa/kelurahan of one kecamatan as [{"id", "name", "kind"}], by name (one query)."""
    return list(
        Village.objects.filter(district_id=district_id)
        .order_by("name", "code")
        .values("id", "name", "kind")
    )


def body_list_for_regency(*, regency_id: int, kinds: tuple[str, ...] | None = None) -> QuerySet:
    """The bodies of one regency (KPU Kab/Kota, PPK, PPS), with their regions, in one query."""
    bodies = Body.objects.filter(regency_id=regency_id).select_related(
        "regency", "district", "village"
    )
    if kinds:
        bodies = bodies.filter(kind__in=kinds)
    return bodies.order_by("kind", "satker_code")
