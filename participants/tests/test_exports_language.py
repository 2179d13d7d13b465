"""Exports are the office's records: Indonesian whatever the interface language."""

import pytest
from django.utils import translation

from participants.exports import registrations_csv

pytestmark = pytest.mark.django_db


def test_the_csv_speaks_indonesian_to_a_staff_member_using_english(tebo_event_full):
    with translation.override("en"):
        text = registrations_csv(event=tebo_event_full)
    assert "Staf sekretariat" in text and "Terverifikasi" in text
    assert "Secretariat staff" not in text and "Verified" not in text
