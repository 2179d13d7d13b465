"""Fixtures this app shares with every test in the project (see the root conftest)."""

import pytest


@pytest.fixture
def tebo_event_full(tebo_event):
    """The Tebo Bimtek with all 177 seats taken and attendance on both days.

    Person 1's name carries markup (`Siti <b>Aminah</b> & Co`) so every
    document can show that names print literally.
    """
    from reports.tests.factories import fill_event

    fill_event(tebo_event, names={1: "Siti <b>Aminah</b> & Co"})
    return tebo_event


@pytest.fixture
def tebo_event_400(tebo_event):
    """Tebo with two more seats per PPK/PPS rule (24 + 12 x 4 + 129 x 3 = 459 people),
    400 of them taken: half verified, present on every day."""
    from reports.tests.factories import fill_event

    fill_event(tebo_event, extra_per_unit=2, limit=400)
    return tebo_event
