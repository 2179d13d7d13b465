"""The staff list on a phone: every cell names its column, so rows stack as cards."""

import pytest
from django.urls import reverse

from participants.models import Registration

from .factories import AttendanceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_status_and_attendance_cells_carry_their_labels(client, world, user_with):
    person = RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[0], status=Registration.Status.VERIFIED
    )
    AttendanceFactory(registration=person, day=world.event.first_day)
    client.force_login(user_with("view_registration"))
    html = client.get(reverse("participants:staff-list", args=[world.event.slug])).content.decode()
    assert 'class="table table-sm table-hover align-middle table-stack"' in html
    assert 'data-label="Status"><span class="badge status-verified">' in html
    assert 'data-label="Hari 1"><span title=' in html
    assert 'data-label="Hari 2"></td>' in html  # absent: a dash on a phone (participants.css)
