"""Issue #9 finding 4: a masked NIK stays masked.

`1509**********12` shows the region and the last digits; digits 7-12 are the birth
date (the day plus 40 for a woman). Shown beside the birth date and the sex, the
masked NIK was the full NIK but for a few guesses. Without `view_full_nik` staff see
neither, on any page, admin view or export.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(1987, 6, 23)


@pytest.fixture
def person(world):
    return RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[0], full_name="Nur Hasanah", sex="P",
        birth_date=BORN,
    )  # fmt: skip


def birth_date_shown(html: str) -> bool:
    return any(
        text in html for text in ("23 Juni 1987", "23 June 1987", "1987-06-23", "23.06.1987")
    )


def staff_pages(world, person) -> list[str]:
    return [
        reverse("participants:staff-detail", args=[person.pk]),
        reverse("participants:staff-list", args=[world.event.slug]),
        reverse("admin:participants_registration_change", args=[person.pk]),
        reverse("admin:participants_registration_changelist"),
    ]


def test_staff_without_the_permission_see_neither_birth_date_nor_sex(
    client, world, person, user_with
):
    client.force_login(user_with("view_registration"))
    for url in staff_pages(world, person):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
        assert person.masked_nik in html, url
        assert not birth_date_shown(html), url
        assert "Perempuan" not in html and "Jenis kelamin" not in html, url
        assert "<td>P</td>" not in html, url


def test_staff_with_the_permission_see_both(client, world, person, user_with):
    client.force_login(user_with("view_registration", "view_full_nik"))
    detail = client.get(
        reverse("participants:staff-detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    admin_page = client.get(
        reverse("admin:participants_registration_change", args=[person.pk]),
        HTTP_ACCEPT_LANGUAGE="id",
    ).content.decode()
    assert birth_date_shown(detail) and "Perempuan" in detail
    assert birth_date_shown(admin_page)


@pytest.mark.parametrize("personal", [False, True])
def test_exports_carry_the_sex_only_with_the_permission(client, world, person, user_with, personal):
    codenames = ("view_registration", "view_full_nik") if personal else ("view_registration",)
    client.force_login(user_with(*codenames))
    slug = world.event.slug

    text = client.get(reverse("participants:staff-export", args=[slug, "csv"])).getvalue()
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    xlsx = client.get(reverse("participants:staff-export", args=[slug, "xlsx"])).content
    sheet = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))

    assert ("L/P" in rows[0]) is personal
    assert ("L/P" in sheet[0]) is personal
    assert rows[1][:4] == ["1", person.code, "Nur Hasanah", person.masked_nik]
    assert ("P" in rows[1]) is personal
    assert ("P" in sheet[1]) is personal
