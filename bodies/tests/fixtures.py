"""Fixtures this app shares with every test in the project (see the root conftest).

`tebo_regency` imports Kabupaten Tebo (15.09) from the region files shipped in the
repository, through the same service as `manage.py import_regions`, and derives its
bodies: 1 KPU Kabupaten Tebo, 12 PPK, 129 PPS (122 desa + 7 kelurahan).
"""

import pytest

from bodies.data import SHIPPED_WILAYAH
from bodies.models import Body, Regency
from bodies.services import regions_import

TEBO_CODE = "15.09"


@pytest.fixture
def tebo_regency(db) -> Regency:
    regions_import(directory=SHIPPED_WILAYAH["2025"], edition="2025", prefix=TEBO_CODE)
    return Regency.objects.select_related("province").get(code=TEBO_CODE, edition="2025")


@pytest.fixture
def kpu_tebo(tebo_regency) -> Body:
    """KPU Kabupaten Tebo (satker 1509)."""
    return Body.objects.get(kind=Body.Kind.KPU_KABKOTA, regency=tebo_regency)
