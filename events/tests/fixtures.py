"""Fixtures this app shares with every test in the project (see the root conftest)."""

import pytest


@pytest.fixture
def tebo_event(kpu_tebo):
    """The seeded Tebo Bimtek (177 seats, registration open, nobody registered).

    Built by the same function as `manage.py seed_demo`, on the Tebo regions and
    bodies of the `kpu_tebo` fixture (so nothing more is imported).
    """
    from demo.seed import seed_tebo_demo

    return seed_tebo_demo(prefix="15.09").event


@pytest.fixture
def tebo_event_ahead(tebo_event):
    """The Tebo Bimtek with its days a month ahead: its public form takes registrations."""
    from bimtek_portal.testing.dates import days_ahead

    return days_ahead(tebo_event)
