"""Fixtures shared by every app's tests (pytest-django gives admin_user and admin_client)."""

import pytest


@pytest.fixture
def staff_user(django_user_model):
    """Logged-in staff with no permissions: what a permission-denied test needs."""
    return django_user_model.objects.create_user(
        username="staf", password="rahasia-staf-123", is_staff=True
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


# Each app shares its fixtures (Tebo's regions and bodies, the Tebo event,
# registrations...) from its own module, so any app's tests can use them.
pytest_plugins = [
    "bodies.tests.fixtures",
    "events.tests.fixtures",
    "participants.tests.fixtures",
    "reports.tests.fixtures",
]
