"""Fixtures this app shares with every test in the project (see the root conftest)."""

import pytest


@pytest.fixture
def tebo_event(db):
    """The seeded Tebo Bimtek (177 seats, registration open, nobody registered).

    Built by the same function as `manage.py seed_demo`, importing only Tebo's
    regions from the shipped data to stay fast.
    """
    from events.seed import seed_tebo_demo

    return seed_tebo_demo(prefix="15.09").event
