"""Reading and checking the four Kemendagri region files before anything is written.

Every row of every file is checked first (pattern, parent, kind, name, duplicates,
encoding, columns), so a bad file is refused as a whole and the database is never
left half-imported. Messages name the file, the line and the reason in Indonesian.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from .models import Village


class RegionFileError(Exception):
    """A region file cannot be imported; the message says where and why."""


class RegionRow(NamedTuple):
    code: str
    parent_code: str
    name: str
    kind: str
    line: int


@dataclass(frozen=True)
class Level:
    key: str  # "provinces", ...: also the file name without extension
    columns: tuple[str, ...]
    parent_column: str
    pattern: str  # human form, used in messages
    regex: re.Pattern


LEVELS: tuple[Level, ...] = (
    Level("provinces", ("code", "name"), "", "PP", re.compile(r"\d{2}")),
    Level("regencies", ("code", "province_code", "name"), "province_code", "PP.KK",
          re.compile(r"\d{2}\.\d{2}")),
    Level("districts", ("code", "regency_code", "name"), "regency_code", "PP.KK.CC",
          re.compile(r"\d{2}\.\d{2}\.\d{2}")),
    Level("villages", ("code", "district_code", "name", "kind"), "district_code",
          "PP.KK.CC.NNNN", re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")),
)  # fmt: skip

PREFIX_REGEX = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
NAME_MAX_LENGTH = 120
VILLAGE_KINDS = frozenset(Village.Kind.values)


def check_prefix(prefix: str) -> str:
    prefix = prefix.strip()
    if prefix and not PREFIX_REGEX.fullmatch(prefix):
        raise RegionFileError(
            _("Code prefix “%(prefix)s” is not a region code (e.g. 15 or 15.09).")
            % {"prefix": prefix}
        )
    return prefix


def in_prefix(code: str, prefix: str) -> bool:
    """True for the prefix's own region, what lies below it, and its ancestors."""
    if not prefix:
        return True
    return code == prefix or code.startswith(prefix + ".") or prefix.startswith(code + ".")


def level_file(directory: Path, level: Level) -> Path:
    for candidate in (directory / f"{level.key}.csv", directory / f"{level.key}.csv.gz"):
        if candidate.is_file():
            return candidate
    raise RegionFileError(
        _("File %(name)s.csv (or %(name)s.csv.gz) not found in %(directory)s.")
        % {"name": level.key, "directory": directory}
    )


def read_levels(directory: Path, prefix: str = "") -> dict[str, dict[str, RegionRow]]:
    """All four levels, checked, as {level key: {code: row}}; only rows in the prefix."""
    prefix = check_prefix(prefix)
    if not Path(directory).is_dir():
        raise RegionFileError(_("Folder %(directory)s not found.") % {"directory": directory})
    result: dict[str, dict[str, RegionRow]] = {}
    parent: Level | None = None
    for level in LEVELS:
        path = level_file(Path(directory), level)
        stat = path.stat()
        rows = _read_level(str(path), stat.st_mtime_ns, stat.st_size, level.key, prefix)
        if parent is not None:
            parents = result[parent.key]
            for row in rows.values():
                if row.parent_code not in parents:
                    raise _error(
                        path,
                        row.line,
                        _("parent code “%(parent)s” is not in %(file)s")
                        % {"parent": row.parent_code, "file": parent.key + ".csv"},
                    )
        result[level.key] = rows
        parent = level
    if prefix and not result["provinces"]:
        raise RegionFileError(
            _("No region with code prefix %(prefix)s in %(directory)s.")
            % {"prefix": prefix, "directory": directory}
        )
    return result


def _error(path: Path | str, line: int, reason: str) -> RegionFileError:
    return RegionFileError(
        _("%(file)s, line %(line)s: %(reason)s.")
        % {"file": Path(path).name, "line": line, "reason": reason}
    )


# The test suite imports Tebo from the same shipped files again and again; keeping the
# checked rows of an unchanged file (same path, mtime and size) saves reparsing them.
class _Columns(NamedTuple):
    """Where a level's columns stand in its file's header (None: the level has none)."""

    code: int
    name: int
    parent: int | None
    kind: int | None
    width: int


@lru_cache(maxsize=16)
def _read_level(
    path: str, mtime_ns: int, size: int, level_key: str, prefix: str
) -> dict[str, RegionRow]:
    level = next(level for level in LEVELS if level.key == level_key)
    text = _decode(Path(path))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    columns = _columns(path, level, header)
    rows: dict[str, RegionRow] = {}
    for row in reader:
        line = reader.line_num
        if not row or row == [""]:
            continue
        region = _region_row(path, line, row, level=level, columns=columns, prefix=prefix)
        if region is None:
            continue
        previous = rows.get(region.code)
        if previous is not None:
            raise _error(
                path,
                line,
                _("code “%(code)s” appears twice (first on line %(first)s)")
                % {"code": region.code, "first": previous.line},
            )
        rows[region.code] = region
    return rows


def _columns(path: str, level: Level, header: list[str]) -> _Columns:
    missing = [column for column in level.columns if column not in header]
    if missing:
        raise _error(
            path,
            1,
            _("column %(columns)s missing (expected: %(expected)s)")
            % {"columns": ", ".join(missing), "expected": ", ".join(level.columns)},
        )
    return _Columns(
        code=header.index("code"),
        name=header.index("name"),
        parent=header.index(level.parent_column) if level.parent_column else None,
        kind=header.index("kind") if "kind" in level.columns else None,
        width=len(header),
    )


def _region_row(
    path: str, line: int, row: list[str], *, level: Level, columns: _Columns, prefix: str
) -> RegionRow | None:
    """The line's region, None when it lies outside `prefix`; a bad line raises."""
    if len(row) != columns.width:
        raise _error(
            path,
            line,
            _("%(found)s columns instead of %(expected)s")
            % {"found": len(row), "expected": columns.width},
        )
    code = row[columns.code].strip()
    if not in_prefix(code, prefix):
        return None
    if not level.regex.fullmatch(code):
        raise _error(
            path,
            line,
            _("code “%(code)s” does not follow the pattern %(pattern)s")
            % {"code": code, "pattern": level.pattern},
        )
    parent_code = ""
    if columns.parent is not None:
        parent_code = row[columns.parent].strip()
        if parent_code != code.rsplit(".", 1)[0]:
            raise _error(
                path,
                line,
                _("parent code “%(parent)s” is not the prefix of code “%(code)s”")
                % {"parent": parent_code, "code": code},
            )
    name = _clean_name(path, line, row[columns.name])
    kind = ""
    if columns.kind is not None:
        kind = row[columns.kind].strip()
        if kind not in VILLAGE_KINDS:
            raise _error(
                path,
                line,
                _("unknown village kind “%(kind)s” (allowed: %(allowed)s)")
                % {"kind": kind, "allowed": ", ".join(sorted(VILLAGE_KINDS))},
            )
    return RegionRow(code, parent_code, name, kind, line)


def _clean_name(path: str, line: int, raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise _error(path, line, _("the name is empty"))
    if len(name) > NAME_MAX_LENGTH:
        raise _error(
            path,
            line,
            _("the name is longer than %(max)s characters") % {"max": NAME_MAX_LENGTH},
        )
    return name


def _decode(path: Path) -> str:
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read()
        else:
            data = path.read_bytes()
    except (OSError, EOFError) as error:
        raise RegionFileError(
            _("%(file)s cannot be read: %(error)s") % {"file": path.name, "error": error}
        ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _error(path, line, _("the file is not UTF-8 encoded")) from error
