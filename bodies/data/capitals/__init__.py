"""Regency capitals, where a KPU Kabupaten signs its documents (source and licence:
bodies/data/README.md)."""

import csv
from functools import cache
from pathlib import Path

CAPITALS_CSV = Path(__file__).resolve().parent / "regency_capitals.csv"
# Kemendagri regency digits 71-99 are a kota, 01-69 a kabupaten (wilayah/README.md).
FIRST_KOTA = 71


@cache
def _capitals() -> dict[str, str]:
    # The file is shipped with the code and never changes while a process runs.
    with CAPITALS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"].strip(): row["capital"].strip() for row in csv.DictReader(handle)}


def regency_capital(*, code: str, short_name: str) -> str:
    """ "Muara Tebo" for Kabupaten Tebo (15.09); a kota is its own capital ("Jambi" for
    Kota Jambi, 15.71); "" for a kabupaten the shipped data does not list yet."""
    regency_digits = code.split(".")[-1] if "." in code else ""
    if regency_digits.isdigit() and int(regency_digits) >= FIRST_KOTA:
        return short_name.title() if short_name.isupper() else short_name  # 2022: "JAMBI"
    return _capitals().get(code, "")
