import pytest

from bodies.models import Body, District
from bodies.selectors import (
    bodies_in_office_area,
    village_choices_for_district,
)

pytestmark = pytest.mark.django_db


def test_village_choices_are_one_query(tebo_regency, django_assert_num_queries):
    district = District.objects.get(code="15.09.04", edition="2025")

    with django_assert_num_queries(1):
        choices = village_choices_for_district(district_id=district.pk)

    assert len(choices) == district.villages.count() > 0
    assert set(choices[0]) == {"id", "name", "kind"}


def test_an_office_hands_out_only_bodies_inside_its_area(staff_of, kpu_tebo, admin_user):
    kpu_jambi = Body.objects.get(kind=Body.Kind.KPU_PROVINSI)
    tebo = bodies_in_office_area(user=staff_of(kpu_tebo))

    assert kpu_tebo in tebo and kpu_jambi not in tebo
    assert not tebo.exclude(regency=kpu_tebo.regency).exists()
    assert kpu_jambi in bodies_in_office_area(user=staff_of(kpu_jambi, username="jambi"))
    assert not bodies_in_office_area(user=staff_of(None)).exists()
    assert bodies_in_office_area(user=admin_user).count() == Body.objects.count()


def test_staff_work_for_a_kpu_office_or_a_ppk_not_a_pps(staff_of, kpu_tebo):
    """A PPK's operator (the Operator PPK role) works for its PPK; a PPS has no account."""
    from django.core.exceptions import ValidationError

    from bodies.models import StaffOffice

    user = staff_of(None)
    StaffOffice(user=user, office=Body.objects.filter(kind="PPK").first()).full_clean()
    link = StaffOffice(user=user, office=Body.objects.filter(kind="PPS").first())

    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "office" in error.value.message_dict


def test_the_user_page_has_the_kpu_office_box(admin_client, staff_of, kpu_tebo):
    from django.urls import reverse

    user = staff_of(kpu_tebo)

    page = admin_client.get(
        reverse("admin:auth_user_change", args=[user.pk]), HTTP_ACCEPT_LANGUAGE="id"
    )
    users = admin_client.get(reverse("admin:auth_user_changelist"), HTTP_ACCEPT_LANGUAGE="id")

    assert "Kantor KPU" in page.content.decode()
    assert "KPU Kabupaten Tebo" in page.content.decode()
    assert "KPU Kabupaten Tebo" in users.content.decode()
