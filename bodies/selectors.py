"""Reads of the bodies app."""

from django.db.models import Q, QuerySet

from .models import OWN_REGION, Body, Village

# Where a body's area is recorded on the bodies inside it (every level down to a
# body's own is filled in, so one indexed column says "inside").
# A body's own region as a column: `regency_id` for a KPU Kabupaten/Kota, and so on.
AREA_FIELDS = {kind: f"{level}_id" for kind, level in OWN_REGION.items()}


def area_filter(organiser: Body, *, prefix: str = "") -> Q:
    """Bodies in the organiser's area: its regency for a KPU Kabupaten/Kota, and so on.

    With a `prefix` the filter applies to a body reached through it, e.g.
    `area_filter(office, prefix="organiser__")` on events.
    """
    field = AREA_FIELDS.get(organiser.kind)
    if field is None:  # KPU RI: the whole country
        return Q()
    return Q(**{prefix + field: getattr(organiser, field)})


def offices_over(body: Body, *, prefix: str = "") -> Q:
    """The bodies whose area holds `body`'s (KPU RI, its KPU Provinsi and Kabupaten/Kota)
    and those of its own kecamatan, as a filter: the organisers of the events a PPK's
    operator takes part in."""
    return (
        Q(**{f"{prefix}kind": Body.Kind.KPU_RI})
        | Q(**{f"{prefix}kind": Body.Kind.KPU_PROVINSI, f"{prefix}province_id": body.province_id})
        | Q(**{f"{prefix}kind": Body.Kind.KPU_KABKOTA, f"{prefix}regency_id": body.regency_id})
        | Q(**{f"{prefix}district_id": body.district_id})
    )


def is_delegated(user) -> bool:
    """An account of a PPK (the "Operator PPK" role), not of a KPU office: it works on
    the participants of its own kecamatan only."""
    if user.is_superuser:
        return False
    office = staff_office(user)
    return office is not None and office.kind in Body.AD_HOC_KINDS


def staff_office(user) -> Body | None:
    """The office a staff account works for (a KPU office, or a PPK for its operator), or None.

    One query, then kept on the user object: a request asks several times (the
    page, its links, the admin's querysets) and reads it once.
    """
    if not user.is_authenticated:
        return None
    try:
        return user._staff_office_cached
    except AttributeError:
        office = Body.objects.filter(staff_offices__user=user.pk).first()
        user._staff_office_cached = office
        return office


# The level of the region an office serves, and the path from a region of each level to
# the region of each level above it (its own level: itself).
REGION_PATHS = {
    "province": {"province": "pk"},
    "regency": {"province": "province_id", "regency": "pk"},
    "district": {"province": "regency__province_id", "regency": "regency_id", "district": "pk"},
    "village": {"province": "district__regency__province_id", "regency": "district__regency_id",
                "district": "district_id", "village": "pk"},
}  # fmt: skip


def region_scope(*, user, level: str, prefix: str = "") -> Q:
    """Regions of `level` ("province" ... "village") inside the account's office area, as
    a filter (through `prefix` on another model): all for a superuser and KPU RI, none
    above the office's own level (a KPU Kabupaten has no province of its own)."""
    if user.is_superuser:
        return Q()
    office = staff_office(user)
    office_level = OWN_REGION.get(office.kind) if office else None
    if office is None or (office_level is None and office.kind != Body.Kind.KPU_RI):
        return Q(**{f"{prefix}pk__in": []})
    if office_level is None:  # KPU RI: the whole country
        return Q()
    path = REGION_PATHS[level].get(office_level)
    if path is None:
        return Q(**{f"{prefix}pk__in": []})
    return Q(**{prefix + path: getattr(office, f"{office_level}_id")})


def village_choices_for_district(*, district_id: int) -> list[dict]:
    """The desa/kelurahan of one kecamatan as [{"id", "name", "kind"}], by name (one query)."""
    return list(
        Village.objects.filter(district_id=district_id)
        .order_by("name", "code")
        .values("id", "name", "kind")
    )


def body_scope(*, user, prefix: str = "") -> Q:
    """The bodies inside the account's office area, as a filter (on another model through
    `prefix`, e.g. "body__" for members): all for a superuser, none without an office."""
    if user.is_superuser:
        return Q()
    office = staff_office(user)
    if office is None:
        return Q(**{f"{prefix}pk__in": []})
    return area_filter(office, prefix=prefix)


def bodies_in_office_area(*, user) -> QuerySet[Body]:
    """The bodies an account may choose for its work: all for a superuser, those inside
    its office's area otherwise (an event's organiser, another account's office, the
    bodies whose letterhead it keeps), none without an office."""
    return Body.objects.filter(body_scope(user=user))
