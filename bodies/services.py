"""State changes of the bodies app: importing regions, deriving bodies, members."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .data.capitals import regency_capital
from .models import (
    Body,
    District,
    Division,
    Member,
    Province,
    Regency,
    Village,
    body_label,
)
from .selectors import AREA_FIELDS
from .wilayah_files import LEVELS, RegionFileError, RegionRow, read_levels

BATCH_SIZE = 1000
REGION_WRITE_LOCK = 150_901  # any constant the portal uses for nothing else


class BodiesError(Exception):
    """A domain rule of this app refused the change; the message is for people."""


class RegionImportError(BodiesError):
    pass


class MemberRuleError(BodiesError):
    pass


@dataclass
class LevelSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class DeriveSummary(LevelSummary):
    # Bodies whose satker code is already held by a body of another edition's region:
    # a body is one office whatever the edition, so it is never created twice.
    skipped: int = 0


@dataclass
class ImportSummary:
    edition: str
    levels: dict[str, LevelSummary] = field(default_factory=dict)
    bodies: DeriveSummary | None = None

    @property
    def changed(self) -> bool:
        parts = [*self.levels.values(), *([self.bodies] if self.bodies else [])]
        return any(part.changed for part in parts)


def _serialize_region_writes() -> None:
    """Queue concurrent imports and derivations (e.g. a double-clicked admin action).

    Both read what exists and then insert what is missing, so two at once would both
    insert the same bodies. On PostgreSQL a transaction-level advisory lock makes the
    second wait for the first; SQLite's IMMEDIATE transactions already do.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGION_WRITE_LOCK])


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows with multi-row INSERT statements.

    bulk_create builds a model instance and compiles each field's SQL for every row;
    over the whole country's 180,000 rows (regions and bodies) that was most of the
    import's time (bench/README.md, "Regions"). Here a
    row is a tuple and one statement carries as many rows as the backend allows
    (SQLite: 999 parameters); PostgreSQL gets one COPY stream per table, which
    halved its import time again. Every column is given, so model defaults do not
    apply: callers pass them.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    if connection.vendor == "postgresql":
        _copy_rows(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN", rows)
        return
    max_params = connection.features.max_query_params or 65535
    per_statement = max(1, min(BATCH_SIZE, max_params // len(columns)))
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "
    full_sql = head + ", ".join([placeholder] * per_statement)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            sql = (
                full_sql
                if len(batch) == per_statement
                else head + ", ".join([placeholder] * len(batch))
            )
            cursor.execute(sql, [value for row in batch for value in row])


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_rows(copy_sql: str, rows: list[tuple]) -> None:
    """PostgreSQL's COPY: one stream, no statement to parse per batch of rows."""
    lines = (
        "\t".join("\\N" if value is None else str(value).translate(_COPY_ESCAPES) for value in row)
        for row in rows
    )
    stream = io.StringIO("\n".join(lines) + "\n")
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(copy_sql, stream)


# ---------------------------------------------------------------------------
# Regions


_MODELS = {"provinces": Province, "regencies": Regency, "districts": District, "villages": Village}
_PARENT_FIELD = {"regencies": "province_id", "districts": "regency_id", "villages": "district_id"}


def regions_import(
    *, directory: Path, edition: str = "2025", prefix: str = "", derive_bodies: bool = True
) -> ImportSummary:
    """Import (or bring up to date) one edition's regions from the four CSV files.

    Everything is checked before the first write and written in one transaction in
    bulk, so a bad file changes nothing and the whole country takes seconds.
    Regions are matched by (code, edition): a renamed region is updated in place.
    """
    valid_editions = {value for value, _label in Province._meta.get_field("edition").choices}
    if edition not in valid_editions:
        raise RegionImportError(
            _("Unknown edition %(edition)s (allowed: %(allowed)s).")
            % {"edition": edition, "allowed": ", ".join(sorted(valid_editions))}
        )
    try:
        levels = read_levels(Path(directory), prefix)
    except RegionFileError as error:
        raise RegionImportError(str(error)) from error
    prefix = prefix.strip()
    summary = ImportSummary(edition=edition)
    with transaction.atomic():
        _serialize_region_writes()
        parent_pks: dict[str, int] = {}
        for level in LEVELS:
            summary.levels[level.key], parent_pks = _import_level(
                key=level.key,
                rows=levels[level.key].values(),
                edition=edition,
                prefix=prefix,
                parent_pks=parent_pks,
            )
        if derive_bodies:
            regency_ids = list(
                Regency.objects.filter(_prefix_q(edition, prefix)).values_list("pk", flat=True)
            )
            summary.bodies = _derive_bodies(regency_ids=regency_ids)
    return summary


def _prefix_q(edition: str, prefix: str) -> Q:
    q = Q(edition=edition)
    if prefix:
        ancestors = [prefix[:end] for end in range(2, len(prefix), 3)]
        q &= Q(code=prefix) | Q(code__startswith=prefix + ".") | Q(code__in=ancestors)
    return q


def _import_level(
    *,
    key: str,
    rows: Iterable[RegionRow],
    edition: str,
    prefix: str,
    parent_pks: dict[str, int],
) -> tuple[LevelSummary, dict[str, int]]:
    model = _MODELS[key]
    parent_field = _PARENT_FIELD.get(key)
    # The compared columns, in the order of `wanted` below and of the inserted tuples.
    wanted_fields = ["name", *([parent_field] if parent_field else [])]
    if key in ("regencies", "villages"):
        wanted_fields.append("kind")
    # Tuples, not dicts: the whole country's 83,762 villages are held here at once.
    existing = {
        code: (pk, values)
        for pk, code, *values in model.objects.filter(_prefix_q(edition, prefix)).values_list(
            "pk", "code", *wanted_fields
        )
    }
    summary = LevelSummary()
    to_create, to_update = [], []
    for row in rows:
        wanted = {"name": row.name}
        if parent_field:
            wanted[parent_field] = parent_pks[row.parent_code]
        if key == "regencies":
            wanted["kind"] = regency_kind(row.code)
        elif key == "villages":
            wanted["kind"] = row.kind
        current = existing.get(row.code)
        if current is None:
            to_create.append((row.code, edition, *wanted.values()))
        elif current[1] != list(wanted.values()):
            to_update.append(model(pk=current[0], code=row.code, edition=edition, **wanted))
        else:
            summary.unchanged += 1
    _insert_rows(model, ["code", "edition", *wanted_fields], to_create)
    if to_update:
        model.objects.bulk_update(to_update, wanted_fields, batch_size=BATCH_SIZE)
    summary.created, summary.updated = len(to_create), len(to_update)
    pks = dict(model.objects.filter(_prefix_q(edition, prefix)).values_list("code", "pk"))
    return summary, pks


def regency_kind(code: str) -> str:
    """01-69 are kabupaten, 71-99 kota (Permendagri 58/2021 on region codes)."""
    return Regency.Kind.KOTA if int(code[-2:]) >= 71 else Regency.Kind.KABUPATEN


# ---------------------------------------------------------------------------
# Bodies derived from regions

KPU_RI_NAME = "KPU RI"
_KEEP_UPPER = {"DKI", "DI", "RI"}


def display_name(name: str) -> str:
    """ "Tebo" for "TEBO": the 2022 edition writes provinces and regencies in capitals."""
    if not name.isupper():
        return name
    return " ".join(word if word in _KEEP_UPPER else word.capitalize() for word in name.split(" "))


def bodies_derive_for_regency(*, regency: Regency) -> DeriveSummary:
    """Create or update the KPU, PPK and PPS of one regency (and KPU Provinsi, KPU RI).

    Idempotent: a second run changes nothing; a renamed region renames its body.
    """
    with transaction.atomic():
        _serialize_region_writes()
        return _derive_bodies(regency_ids=[regency.pk])


_BODY_FIELDS = (
    "name",
    "label",
    "satker_code",
    "province_id",
    "regency_id",
    "district_id",
    "village_id",
)
# Contact fields staff fill in later; a derived body starts with them blank.
_BODY_BLANK_FIELDS = ("address", "phone", "email", "website")


def _derive_bodies(*, regency_ids: list[int]) -> DeriveSummary:
    wanted: list[dict] = []
    capitals: dict[int, str] = {}  # where a new KPU Kabupaten/Kota signs (staff may change it)
    province_ids: set[int] = set()
    province_codes: set[str] = set()
    for regency in Regency.objects.filter(pk__in=regency_ids).select_related("province"):
        province = regency.province
        if province.pk not in province_ids:
            province_ids.add(province.pk)
            province_codes.add(province.code)
            wanted.append(
                _body(
                    Body.Kind.KPU_PROVINSI,
                    f"KPU Provinsi {display_name(province.name)}",
                    province.code,
                    province_id=province.pk,
                )
            )
        wanted.append(
            _body(
                Body.Kind.KPU_KABKOTA,
                f"KPU {regency.get_kind_display()} {display_name(regency.short_name)}",
                regency.code,
                province_id=province.pk,
                regency_id=regency.pk,
            )
        )
        capitals[regency.pk] = regency_capital(code=regency.code, short_name=regency.short_name)
    districts = District.objects.filter(regency_id__in=regency_ids).values_list(
        "pk", "code", "name", "regency_id", "regency__province_id"
    )
    for pk, code, name, regency_id, province_id in districts:
        wanted.append(
            _body(
                Body.Kind.PPK,
                f"PPK {name}",
                code,
                district_name=name,
                province_id=province_id,
                regency_id=regency_id,
                district_id=pk,
            )
        )
    villages = Village.objects.filter(district__regency_id__in=regency_ids).values_list(
        "pk",
        "code",
        "name",
        "kind",
        "district__name",
        "district_id",
        "district__regency_id",
        "district__regency__province_id",
    )
    for pk, code, name, kind, district_name, district_id, regency_id, province_id in villages:
        wanted.append(
            _body(
                Body.Kind.PPS,
                f"PPS {name}",
                code,
                village_name=name,
                village_kind=kind,
                district_name=district_name,
                province_id=province_id,
                regency_id=regency_id,
                district_id=district_id,
                village_id=pk,
            )
        )

    if not wanted:
        return DeriveSummary()
    # Every body in the provinces concerned, whatever the edition of its region: matched
    # to the wanted ones by their own region, or else by (kind, satker code).
    # Staff may have edited a satker code, so bodies are also found through their regions.
    concerned = (
        Q(kind=Body.Kind.KPU_PROVINSI, province_id__in=province_ids)
        | Q(kind=Body.Kind.KPU_KABKOTA, regency_id__in=regency_ids)
        | Q(kind=Body.Kind.PPK, district__regency_id__in=regency_ids)
        | Q(kind=Body.Kind.PPS, village__district__regency_id__in=regency_ids)
    )
    for code in province_codes:
        concerned |= Q(satker_code__startswith=code)
    # (pk, (name, satker_code, province_id, ...)) tuples: 91,600 of them for the country.
    by_region, by_satker = {}, set()
    for pk, kind, *fields in Body.objects.filter(
        concerned, kind__in=AREA_FIELDS.keys()
    ).values_list("pk", "kind", *_BODY_FIELDS):
        by_region[(kind, fields[_BODY_FIELDS.index(AREA_FIELDS[kind])])] = (pk, tuple(fields))
        by_satker.add((kind, fields[_BODY_FIELDS.index("satker_code")]))
    summary = DeriveSummary()
    to_create, to_update = [], []
    if not Body.objects.filter(kind=Body.Kind.KPU_RI).exists():
        to_create.append(_body(Body.Kind.KPU_RI, KPU_RI_NAME, ""))
    for values in wanted:
        current = by_region.get((values["kind"], values[AREA_FIELDS[values["kind"]]]))
        if current is None and (values["kind"], values["satker_code"]) in by_satker:
            summary.skipped += 1
        elif current is None:
            to_create.append(values)
        elif current[1] != tuple(values[name] for name in _BODY_FIELDS):
            to_update.append(Body(pk=current[0], **values))
        else:
            summary.unchanged += 1
    blanks = ("",) * len(_BODY_BLANK_FIELDS)
    _insert_rows(
        Body,
        ["kind", *_BODY_FIELDS, *_BODY_BLANK_FIELDS, "signing_place"],
        [
            (
                values["kind"],
                *(values[name] for name in _BODY_FIELDS),
                *blanks,
                capitals.get(values["regency_id"], "")
                if values["kind"] == Body.Kind.KPU_KABKOTA
                else "",
            )
            for values in to_create
        ],
    )
    Body.objects.bulk_update(to_update, _BODY_FIELDS, batch_size=BATCH_SIZE)
    summary.created, summary.updated = len(to_create), len(to_update)
    return summary


def _body(
    kind: str,
    name: str,
    code: str,
    *,
    village_name: str = "",
    village_kind: str = "",
    district_name: str = "",
    **regions: int,
) -> dict:
    values = dict.fromkeys(("province_id", "regency_id", "district_id", "village_id"))
    values.update(regions)
    # The label follows a renamed desa or kecamatan: it is compared like the name.
    label = body_label(
        kind=kind,
        name=name[:200],
        village_name=village_name,
        village_kind=village_kind,
        district_name=district_name,
    )
    return {
        "kind": kind,
        "name": name[:200],
        "label": label,
        "satker_code": code.replace(".", ""),
        **values,
    }


def body_labels_follow(*, region: District | Village) -> int:
    """A kecamatan or desa saved one by one (the admin): its bodies' labels follow its
    name. The import follows renames itself (`_derive_bodies`). Returns how many changed."""
    bodies = Body.objects.filter(
        **({"district": region} if isinstance(region, District) else {"village": region})
    ).select_related("village", "district")
    changed = [body for body in bodies if body.label != body.label_from_regions()]
    for body in changed:
        body.label = body.label_from_regions()
    Body.objects.bulk_update(changed, ["label"])
    return len(changed)


# ---------------------------------------------------------------------------
# Members


def member_roster_check(*, body_kind: str, roster: Iterable[tuple[str, bool]]) -> None:
    """Refuse a body's list of (role, is_active) that breaks the legal size.

    Shared by the services and the admin's inline formset, so staff get the same
    message whichever way they add a member.
    """
    active_roles = [role for role, is_active in roster if is_active]
    chairs = sum(1 for role in active_roles if role == Member.Role.KETUA)
    if chairs > 1:
        raise MemberRuleError(_("A body has only one active chair (ketua)."))
    commissioners = sum(1 for role in active_roles if role in Member.COMMISSIONER_ROLES)
    limit = Body.MEMBER_LIMITS.get(body_kind)
    if limit is not None and commissioners > limit:
        raise MemberRuleError(
            _("A %(kind)s has at most %(limit)s commissioners (chair and members); "
              "this would make %(count)s.")
            % {"kind": Body.Kind(body_kind).label, "limit": limit, "count": commissioners}
        )  # fmt: skip


def _roster_without(body: Body, member_pk: int | None) -> list[tuple[str, bool]]:
    return list(
        Member.objects.filter(body=body, is_active=True)
        .exclude(pk=member_pk)
        .values_list("role", "is_active")
    )


def _lock_body(body: Body) -> Body:
    # select_for_update queues concurrent changes to one body on PostgreSQL;
    # SQLite's IMMEDIATE transactions already hold the write lock.
    return Body.objects.select_for_update().get(pk=body.pk)


def _member_input(*, name: str, role: str) -> str:
    """The name with its spaces tidied; refuses an empty name or an unknown role."""
    name = " ".join((name or "").split())
    if not name:
        raise MemberRuleError(_("The member's name is empty."))
    if role not in Member.Role.values:
        raise MemberRuleError(_("Unknown role %(role)s.") % {"role": role})
    return name


def member_add(
    *,
    body: Body,
    name: str,
    role: str,
    division: Division | None = None,
    order: int = 0,
) -> Member:
    name = _member_input(name=name, role=role)
    with transaction.atomic():
        body = _lock_body(body)
        member_roster_check(
            body_kind=body.kind, roster=[*_roster_without(body, None), (role, True)]
        )
        member = Member(body=body, name=name, role=role, division=division, order=order)
        member.full_clean()
        member.save()
    return member
