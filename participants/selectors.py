"""Reads of registrations and attendance, in a fixed handful of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from bodies.models import Body, District, Regency, Village
from bodies.selectors import AREA_FIELDS, staff_office
from events.models import Event
from events.selectors import area_filter, event_scope

from . import private_link
from .checkin_counts import present_on
from .codes import looks_like_code, normalise_code
from .models import ACTIVE_STATUSES, Attendance, Registration, RegistrationLog
from .public_cache import event_by_id


@dataclass(frozen=True)
class RegistrationFilter:
    body_kind: str = ""
    regency_id: int | None = None
    district_id: int | None = None
    status: str = ""
    day: date | None = None  # present on this day
    text: str = ""  # part of the name, case-insensitive
    code: str = ""  # or this exact registration code, normalised
    units: Q | None = None  # the account's units (a PPK's operator: its kecamatan's)


def registration_list(*, event: Event, filters: RegistrationFilter | None = None) -> QuerySet:
    """Registrations of an event with unit, kecamatan and attendance loaded: two queries.

    Each row has `days_present`, the set of days the person was checked in.
    """
    filters = filters or RegistrationFilter()
    qs = Registration.objects.filter(event=event).select_related(
        "unit", "unit__district", "unit__village__district", "quota_rule"
    )
    if filters.body_kind:
        qs = qs.filter(unit__kind=filters.body_kind)
    if filters.regency_id:
        qs = qs.filter(unit__regency_id=filters.regency_id)
    if filters.district_id:
        # The kecamatan's villages as a subquery, not a join: an OR across the join
        # read every PPS and every village of the country (bench/README.md, #22); this
        # way each side of the OR is one indexed column of the unit.
        villages = Village.objects.filter(district_id=filters.district_id).values("pk")
        qs = qs.filter(Q(unit__district_id=filters.district_id) | Q(unit__village_id__in=villages))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.units is not None:
        qs = qs.filter(filters.units)
    if filters.day:
        qs = qs.filter(
            Exists(Attendance.objects.filter(registration=OuterRef("pk"), day=filters.day))
        )
    if filters.text:
        search = Q(full_name__icontains=filters.text)
        if filters.code:
            search |= Q(code=filters.code)
        qs = qs.filter(search)
    return qs.prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.order_by("day"))
    ).order_by(*REGISTRATION_LIST_ORDER)


# The list's order: by unit as the bodies are listed, then seat. The pk last makes it
# total (a cancelled registration keeps its seat number), so a page is the same rows
# whichever plan PostgreSQL picks; see participants.paging.
REGISTRATION_LIST_ORDER = (
    "unit__kind",
    "unit__satker_code",
    "unit__name",
    "quota_rule__order",
    "seat_number",
    "pk",
)


def registration_district(registration: Registration):
    """The kecamatan of the unit: its own for a PPK, its village's for a PPS."""
    unit = registration.unit
    if unit.district_id:
        return unit.district
    if unit.village_id:
        return unit.village.district
    return None


def days_present(registration: Registration) -> set[date]:
    return {attendance.day for attendance in registration.attendances.all()}


# What unit_label() reads of a registration's unit: PPS "Desa X, Kec. Y", PPK "Kec. Y".
UNIT_LABEL_RELATED = ("unit__village", "unit__district")


def registration_by_code(*, code: str) -> Registration | None:
    return (
        Registration.objects.select_related(
            "event", "quota_rule", "event__organiser", *UNIT_LABEL_RELATED
        )
        .filter(code=code)
        .first()
    )


def registration_by_private_token(*, token: str) -> Registration | None:
    """The registration whose private link carries `token` (matched by its hash), or None.

    Whether the link is still valid (see `private_link.link_valid_until`) is the
    caller's question: the page says "expired" rather than "not found".
    """
    if not token or len(token) > 64:
        return None
    try:
        # get(), not first(): the hash is unique, and first() would order by the
        # model's ordering, a tenth of the private page's CPU to compile for one row.
        # The event is kept per process (public_cache.event_by_id) and the unit's
        # name is its stored label, one join: joining the event, desa and kecamatan
        # cost more to compile and plan than the row itself.
        registration = Registration.objects.annotate(unit_label=F("unit__label")).get(
            private_link_hash=private_link.token_hash(token)
        )
    except Registration.DoesNotExist:
        return None
    registration.event = event_by_id(event_id=registration.event_id)
    return registration


def registration_search(
    *, event: Event, text: str, day: date | None = None, limit: int = 10
) -> list[Registration]:
    """Registrations whose name contains `text`, for the check-in desk: active ones
    first, then cancelled or rejected ones (shown with their status, so the desk can
    tell the person why they cannot be checked in).

    Each has `checked_in_at`: when the person was checked in on `day`, or None.
    """
    text = " ".join(text.split())
    if len(text) < 2:
        return []
    inactive = ~Q(status__in=ACTIVE_STATUSES)
    return list(
        Registration.objects.filter(event=event, full_name__icontains=text)
        .select_related(*UNIT_LABEL_RELATED)
        .annotate(
            inactive=inactive,
            checked_in_at=Subquery(
                Attendance.objects.filter(registration=OuterRef("pk"), day=day).values(
                    "checked_in_at"
                )[:1]
            ),
        )
        .order_by("inactive", "full_name")[:limit]
    )


@dataclass(frozen=True)
class CheckInLookup:
    """Whom the check-in desk's box points at: one person to check in, the several a
    name matched, a code that no registration has, or nobody (a name matching none)."""

    registration: Registration | None = None
    matches: list[Registration] = field(default_factory=list)
    unknown_code: str = ""


def check_in_lookup(*, event: Event, text: str, day: date) -> CheckInLookup:
    """What the desk typed or scanned: a code, the private link a QR code holds, or a name.

    One query for a known code; a code nobody has, or a name, costs the name search too.
    The found person may belong to another event: the check-in service says so.
    """
    code = normalise_code(text)
    scanned_link = "/r/" in text
    like_code = scanned_link or looks_like_code(text)
    if like_code:
        registration = registration_by_code(code=code)
        if registration is not None:
            return CheckInLookup(registration=registration)
        if scanned_link:
            return CheckInLookup(unknown_code=code)
        # A one-word name of eight letters ("Suryanta") reads like a code: no such
        # code, so it is looked up as a name before the desk is told "unknown code".
    matches = registration_search(event=event, text=text, day=day)
    if not matches:
        return CheckInLookup(unknown_code=code if like_code else "")
    if len(matches) == 1:
        return CheckInLookup(registration=matches[0])
    return CheckInLookup(matches=matches)


def unit_scope(*, user, prefix: str = "") -> Q | None:
    """Which registrations of an event the account may see, by their unit: None (all)
    for a KPU office; for a PPK's operator those of its PPK and of the PPS of its
    kecamatan (every body records its kecamatan, so one indexed column says it)."""
    if user.is_superuser:
        return None
    office = staff_office(user)
    if office is None or office.kind not in Body.AD_HOC_KINDS:
        return None
    area_field = AREA_FIELDS[office.kind]
    return Q(**{f"{prefix}unit__{area_field}": getattr(office, area_field)})


def registration_scope(*, user, prefix: str = "") -> Q:
    """The registrations the account may see, as a filter: of the events it sees
    (`event_scope`), and of its own kecamatan for a PPK's operator. On another model,
    `prefix` is the path to its registration ("registration__" for log entries)."""
    scope = event_scope(user=user, prefix=f"{prefix}event__")
    units = unit_scope(user=user, prefix=prefix)
    return scope if units is None else scope & units


def registrations_visible_to(*, user, queryset: QuerySet | None = None) -> QuerySet:
    """Registrations (or the given queryset of them) the account may see."""
    queryset = Registration.objects.all() if queryset is None else queryset
    return queryset.filter(registration_scope(user=user))


def registration_for_staff(*, pk: int, user) -> Registration | None:
    """One registration for a staff page, None unless its event is one the account sees."""
    return (
        registrations_visible_to(user=user)
        .select_related(
            # the organiser: the record's WhatsApp message names it
            "event__organiser",
            "quota_rule",
            "status_changed_by",
            "unit__village__district",
            "unit__district",
        )
        .filter(pk=pk)
        .first()
    )


def registration_log(*, registration: Registration, limit: int = 50) -> list[RegistrationLog]:
    return list(registration.log.select_related("actor")[:limit])


def unit_for_label(*, pk: int) -> Body:
    """A unit with what unit_label() reads, in one query."""
    return Body.objects.select_related("village", "district").get(pk=pk)


def event_regencies(*, event: Event) -> list[Regency]:
    """The regencies of the organiser's area that have a PPK, for the list's filter: one
    for a regency's event, 514 for a national one. One query."""
    return list(
        Regency.objects.filter(
            Exists(
                Body.objects.filter(
                    area_filter(event.organiser), kind=Body.Kind.PPK, regency=OuterRef("pk")
                )
            )
        ).order_by("name", "code")
    )


def event_districts(*, event: Event, regency_id: int | None = None) -> list[District]:
    """The kecamatan of the organiser's area that have a PPK, for the list's filter; of one
    regency if given (a national event has 7,285: a filter lists a regency's).

    Through area_filter, so a KPU Provinsi or KPU RI organiser gets its whole area
    (the organiser's own regency is empty for them).
    """
    bodies = Body.objects.filter(area_filter(event.organiser), kind=Body.Kind.PPK)
    if regency_id is not None:
        bodies = bodies.filter(regency_id=regency_id)
    return list(
        District.objects.filter(Exists(bodies.filter(district=OuterRef("pk")))).order_by("name")
    )


@dataclass(frozen=True)
class ListRegions:
    """The list's region filters: a regency first when the event spans several, then the
    kecamatan of the chosen one (or of the only one); what was chosen, if it is offered."""

    regencies: list[Regency]  # empty: the event is one regency's, no regency filter
    districts: list[District]
    regency_id: int | None = None
    district_id: int | None = None


def list_regions(
    *, event: Event, regency_id: int | None, district_id: int | None, offer: bool = True
) -> ListRegions:
    """What the staff list's region filters offer and which of the asked ids hold; an id
    not offered (another area's, made up) is left out, as if not asked.

    An event over several regencies offers them, then the chosen one's kecamatan; a
    regency's event its kecamatan, as before: one query each (a KPU Kabupaten/Kota's
    event asks for no regency). Without `offer` (an export) only what was asked is
    checked: no query when nothing was."""
    regencies: list[Regency] = []
    asked = regency_id is not None or district_id is not None
    if event.organiser.kind in (Body.Kind.KPU_RI, Body.Kind.KPU_PROVINSI) and (offer or asked):
        regencies = event_regencies(event=event)
    if len(regencies) > 1:
        regency_id = regency_id if regency_id in {r.pk for r in regencies} else None
        wanted = regency_id is not None and (offer or district_id is not None)
        districts = event_districts(event=event, regency_id=regency_id) if wanted else []
    else:  # one regency (a KPU Kabupaten/Kota's area, or a province with one): as before
        regencies, regency_id = [], None
        wanted = offer or district_id is not None
        districts = event_districts(event=event) if wanted else []
    district_id = district_id if district_id in {d.pk for d in districts} else None
    return ListRegions(
        regencies=regencies, districts=districts, regency_id=regency_id, district_id=district_id
    )


@dataclass(frozen=True)
class CheckInTally:
    present: int  # verified people checked in on the day
    verified: int  # verified people of the event: who is expected at the desk


def check_in_tally(*, event: Event, day: date) -> CheckInTally:
    """The desk's "N of M", read after every scan: N is kept per event and day
    (`checkin_counts`, one row by its key), M counted on the (event, status) index
    without reading a registration (an index-only scan on PostgreSQL). Only verified
    registrations count, as in the documents. Two queries."""
    verified = (
        Registration.objects.filter(event=event, status=Registration.Status.VERIFIED)
        .order_by()
        .count()
    )
    return CheckInTally(present=present_on(event=event, day=day), verified=verified)


def recent_check_ins(*, event: Event, day: date, limit: int = 10) -> list[Attendance]:
    return list(
        Attendance.objects.filter(registration__event=event, day=day)
        .select_related("registration__unit__village", "registration__unit__district")
        .order_by("-checked_in_at", "-pk")[:limit]
    )


def own_data(*, registration: Registration) -> dict:
    """What the portal holds about one person, for them to download (attendance and
    history: two queries). `registration` as the private link gives it, with its
    `unit_label`."""
    event = registration.event
    return {
        "acara": event.title,
        "penyelenggara": str(event.organiser),
        "tanggal_acara": [event.first_day.isoformat(), event.last_day.isoformat()],
        "kode_pendaftaran": registration.code,
        "nama_lengkap": registration.full_name,
        "nik": registration.stated_nik,
        "jenis_kelamin": registration.get_sex_display(),
        "tanggal_lahir": registration.birth_date.isoformat() if registration.birth_date else None,
        "nomor_hp": registration.phone,
        "email": registration.email,
        "jabatan": registration.position,
        "instansi": registration.institution,
        "golongan": registration.grade,
        # Their own account, whole: the download is theirs (UU 27/2022, right of access).
        "rekening": {
            "bank": registration.bank_name,
            "nomor": registration.account_number,
            "atas_nama": registration.account_holder,
        },
        "unit": registration.unit_label,
        "peran": registration.get_role_display(),
        "kursi": registration.seat_number,
        "status": registration.get_status_display(),
        "terdaftar_pada": registration.created_at.isoformat(),
        "hadir": [a.day.isoformat() for a in registration.attendances.order_by("day")],
        "riwayat": [
            {"waktu": entry.at.isoformat(), "tindakan": entry.get_action_display()}
            for entry in registration.log.order_by("at", "id")
        ],
    }
