"""A small regency for this app's tests: 1 KPU, 2 kecamatan with a PPK each, 3 desa with a PPS.

The event takes 3 people from the KPU (any role), 1 Sosdiklih + 1 secretariat per PPK
and 1 Sosdiklih per PPS, the same shape as the Tebo Bimtek at a tenth of the size.
"""

import pytest

from .factories import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def messages_in_english():
    """Unit tests read the English msgids; pages (rendered per request) stay Indonesian."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def user_with(staff_of, kpu_ri):
    """A staff user of KPU RI holding exactly the given participants permissions."""

    def make(*codenames):
        return staff_of(
            kpu_ri,
            *(f"participants.{codename}" for codename in codenames),
            username="staf-" + "-".join(codenames or ("none",)),
        )

    return make
