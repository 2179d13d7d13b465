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
