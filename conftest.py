"""Fixtures shared by every app's tests (pytest-django gives admin_user and admin_client)."""

import pytest


@pytest.fixture
def staff_of(django_user_model):
    """`staff_of(office, "participants.check_in", ...)`: a staff account of that KPU office
    (None: of no office) holding exactly the given permissions.

    Every staff account a test makes comes from here, with its office said: an account
    sees only its office's area (`events.selectors.event_scope`). Tests about something
    else take `kpu_ri`, whose staff see every event.
    """
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    from bodies.models import StaffOffice

    def make(office, *permissions, username=None, password="x"):
        user = django_user_model.objects.create_user(
            username=username or f"staf-{office.satker_code if office else 'tanpa-kantor'}",
            password=password,
            is_staff=True,
        )
        if office is not None:
            StaffOffice.objects.create(user=user, office=office)
        wanted = Q(pk__in=[])
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        user.user_permissions.set(Permission.objects.filter(wanted))
        return user

    return make


@pytest.fixture
def kpu_ri(db):
    """KPU RI: its staff see every event, so a test about something else than scoping
    gives its accounts this office."""
    from bodies.models import Body

    office = Body.objects.filter(kind=Body.Kind.KPU_RI).first()
    return office or Body.objects.create(kind=Body.Kind.KPU_RI, name="KPU RI")


@pytest.fixture
def staff_user(staff_of, kpu_ri):
    """Logged-in staff of KPU RI with no permissions: what a permission-denied test needs."""
    return staff_of(kpu_ri, username="staf", password="rahasia-staf-123")


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
