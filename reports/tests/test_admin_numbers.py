"""The number register in the admin: readable, never editable."""

import pytest
from django.urls import reverse

from reports.tests.factories import DocumentNumberFactory

pytestmark = pytest.mark.django_db


def test_staff_with_the_permission_see_the_register(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="arsip", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_documentnumber"))
    client.force_login(user)
    number = DocumentNumberFactory(running_number=231)
    response = client.get(reverse("admin:reports_documentnumber_changelist"))
    assert response.status_code == 200
    assert number.number in response.content.decode()


def test_staff_without_the_permission_are_refused(staff_client):
    response = staff_client.get(reverse("admin:reports_documentnumber_changelist"))
    assert response.status_code == 403


def test_nobody_adds_or_changes_a_number_in_the_admin(admin_client):
    number = DocumentNumberFactory()
    assert admin_client.get(reverse("admin:reports_documentnumber_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:reports_documentnumber_change", args=[number.pk]), {"number": "9/X"}
    )
    assert response.status_code == 403
    number.refresh_from_db()
    assert number.number != "9/X"


def test_the_register_list_takes_ten_queries_for_5_or_35_numbers(
    admin_client, django_assert_num_queries
):
    """The same for 5 as for 35: the rows come in one query, office, event and user joined."""
    for count in (5, 30):
        for _ in range(count):
            DocumentNumberFactory()
        with django_assert_num_queries(10):
            admin_client.get(reverse("admin:reports_documentnumber_changelist"))
