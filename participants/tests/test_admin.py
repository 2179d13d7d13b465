import pytest
from django.urls import reverse

from participants.models import Registration

from .factories import RegistrationFactory, add_twin_pps

pytestmark = pytest.mark.django_db


def test_the_changelist_shows_the_masked_nik(admin_client, world):
    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    html = admin_client.get(reverse("admin:participants_registration_changelist")).content.decode()
    assert registration.masked_nik in html and registration.nik not in html


def test_the_changelist_and_the_record_name_the_kecamatan_of_a_pps(
    admin_client, world, django_assert_num_queries
):
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    twin = RegistrationFactory(quota_rule=world.pps_rule, unit=add_twin_pps(world))
    url = reverse("admin:participants_registration_changelist")
    # session, user, events (filter), count, count (filtered), rows with unit, desa, kecamatan
    with django_assert_num_queries(6):
        html = admin_client.get(url).content.decode()
    assert "PPS Desa Sungai Abang, Kec. Rimbo" in html
    assert "PPS Desa Sungai Abang, Kec. Tengah Ilir" in html
    for unit in world.pps[1:]:
        RegistrationFactory(quota_rule=world.pps_rule, unit=unit)
    with django_assert_num_queries(6):
        admin_client.get(url)
    record = reverse("admin:participants_registration_change", args=[twin.pk])
    assert "PPS Desa Sungai Abang, Kec. Tengah Ilir" in admin_client.get(record).content.decode()


def test_the_record_hides_the_full_nik_from_staff_without_the_permission(client, world, user_with):
    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    client.force_login(user_with("view_registration"))
    url = reverse("admin:participants_registration_change", args=[registration.pk])
    html = client.get(url).content.decode()
    assert registration.masked_nik in html and registration.nik not in html
    client.force_login(user_with("view_registration", "view_full_nik"))
    assert registration.nik in client.get(url).content.decode()


def test_the_verify_action_goes_through_the_service(admin_client, world):
    pending = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    cancelled = RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[1], status="cancelled"
    )
    admin_client.post(
        reverse("admin:participants_registration_changelist"),
        {"action": "verify_selected", "_selected_action": [pending.pk, cancelled.pk]},
    )
    pending.refresh_from_db()
    cancelled.refresh_from_db()
    assert pending.status == Registration.Status.VERIFIED
    assert pending.log.filter(action="verified").exists()
    assert cancelled.status == Registration.Status.CANCELLED


def test_the_cancel_action_frees_the_seat(admin_client, world):
    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    admin_client.post(
        reverse("admin:participants_registration_changelist"),
        {"action": "cancel_selected", "_selected_action": [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_only_staff_who_may_see_the_nik_can_search_by_it(client, world, user_with):
    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    url = reverse("admin:participants_registration_changelist")
    client.force_login(user_with("view_registration"))
    response = client.get(url, {"q": registration.nik})
    assert list(response.context["cl"].result_list) == []
    client.force_login(user_with("view_registration", "view_full_nik"))
    response = client.get(url, {"q": registration.nik})
    assert list(response.context["cl"].result_list) == [registration]
