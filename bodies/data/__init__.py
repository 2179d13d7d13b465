"""Data shipped with the app, so a fresh install needs nothing from outside the repository.

`SHIPPED_WILAYAH` maps a Kepmendagri edition to the folder holding its four gzipped
CSV files (see `wilayah/README.md` for the source and licence).
"""

from pathlib import Path

WILAYAH_DIR = Path(__file__).resolve().parent / "wilayah"

SHIPPED_WILAYAH: dict[str, Path] = {
    "2025": WILAYAH_DIR / "2025",
    "2022": WILAYAH_DIR / "2022",
}
