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


@pytest.fixture(autouse=True)
def staff_work_for_kpu_ri(django_user_model):
    """Staff accounts a test creates work for KPU RI, so they see every event.

    Accounts are tied to a KPU office and see only its area's events (see
    `events.selectors.event_scope`); a test about something else should not have
    to say which office it works for. Tests of the scoping give their accounts an
    office (or none) through `staff_of`, which replaces this link.
    """
    from django.db.models.signals import post_save

    def link_to_kpu_ri(sender, instance, created, raw=False, **kwargs):
        if created and not raw and instance.is_staff and not instance.is_superuser:
            from bodies.models import Body, StaffOffice

            office = Body.objects.filter(kind=Body.Kind.KPU_RI).first()
            if office is None:
                office = Body.objects.create(kind=Body.Kind.KPU_RI, name="KPU RI")
            StaffOffice.objects.create(user=instance, office=office)

    post_save.connect(link_to_kpu_ri, sender=django_user_model, dispatch_uid="test-staff-office")
    yield
    post_save.disconnect(sender=django_user_model, dispatch_uid="test-staff-office")


@pytest.fixture
def staff_of(django_user_model):
    """`staff_of(office, "participants.check_in", ...)`: a staff account of that KPU office
    (None: of no office) holding exactly the given permissions."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    from bodies.models import StaffOffice

    def make(office, *permissions, username=None):
        user = django_user_model.objects.create_user(
            username=username or f"staf-{office.satker_code if office else 'tanpa-kantor'}",
            password="x",
            is_staff=True,
        )
        if office is None:
            StaffOffice.objects.filter(user=user).delete()
        else:
            StaffOffice.objects.update_or_create(user=user, defaults={"office": office})
        wanted = Q(pk__in=[])
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        user.user_permissions.set(Permission.objects.filter(wanted))
        return user

    return make


# Each app shares its fixtures (Tebo's regions and bodies, the Tebo event,
# registrations...) from its own module, so any app's tests can use them.
pytest_plugins = [
    "bodies.tests.fixtures",
    "events.tests.fixtures",
    "participants.tests.fixtures",
    "reports.tests.fixtures",
]
