"""Small region files for import tests: Jambi with Kabupaten Tebo and Kota Jambi."""

import gzip
from pathlib import Path

SAMPLE = {
    "provinces": "code,name\n15,Jambi\n",
    "regencies": "code,province_code,name\n15.09,15,Kabupaten Tebo\n15.71,15,Kota Jambi\n",
    "districts": "code,regency_code,name\n15.09.01,15.09,Tebo Tengah\n15.71.01,15.71,Kota Baru\n",
    "villages": (
        "code,district_code,name,kind\n"
        "15.09.01.1001,15.09.01,Muara Tebo,kelurahan\n"
        "15.09.01.2001,15.09.01,Aburan Batang Tebo,desa\n"
        "15.71.01.1001,15.71.01,Simpang III Sipin,kelurahan\n"
    ),
}


def write_wilayah(directory: Path, *, gz: bool = False, **files: str | bytes) -> Path:
    """Write the sample files to `directory`, replacing those given as keyword arguments."""
    directory.mkdir(parents=True, exist_ok=True)
    for key, default in SAMPLE.items():
        content = files.get(key, default)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        for stale in (directory / f"{key}.csv", directory / f"{key}.csv.gz"):
            stale.unlink(missing_ok=True)
        if gz:
            (directory / f"{key}.csv.gz").write_bytes(gzip.compress(data))
        else:
            (directory / f"{key}.csv").write_bytes(data)
    return directory
