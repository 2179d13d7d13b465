import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from participants.models import Registration, RegistrationLog
from participants.person import PersonData
from participants.services import registration_verify

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


class TestTheAuditLog:
    """RegistrationLog is the record of who changed what (UU 27/2022): nobody edits it."""

    @pytest.fixture
    def entry(self, world, admin_user):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        registration_verify(registration=registration, actor=admin_user)
        return RegistrationLog.objects.get()

    def test_not_even_a_superuser_can_add_change_or_delete_an_entry(self, admin_client, entry):
        add = reverse("admin:participants_registrationlog_add")
        change = reverse("admin:participants_registrationlog_change", args=[entry.pk])
        delete = reverse("admin:participants_registrationlog_delete", args=[entry.pk])
        assert admin_client.get(add).status_code == 403
        assert admin_client.post(add, {"action": "created"}).status_code == 403
        page = admin_client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        admin_client.post(change, {"action": "created", "detail": "{}"})
        assert admin_client.get(delete).status_code == 403
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
        changelist = reverse("admin:participants_registrationlog_changelist")
        admin_client.post(changelist, {"action": "delete_selected", "_selected_action": [entry.pk]})
        assert list(RegistrationLog.objects.values_list("pk", "action")) == [(entry.pk, "verified")]
        assert "delete_selected" not in admin_client.get(changelist).content.decode()

    def test_the_registration_record_shows_the_log_and_attendance_read_only(
        self, admin_user, entry
    ):
        request = RequestFactory().get("/")
        request.user = admin_user
        registration_admin = admin.site._registry[Registration]
        for inline in registration_admin.get_inline_instances(request, entry.registration):
            assert not inline.has_add_permission(request, entry.registration), inline
            assert not inline.has_change_permission(request, entry.registration), inline
            assert not inline.has_delete_permission(request, entry.registration), inline

    def test_an_entry_is_named_by_its_label_and_local_time(self, admin_client, entry):
        from django.utils import timezone

        when = timezone.localtime(entry.at).strftime("%d-%m-%Y %H.%M")
        change = reverse("admin:participants_registrationlog_change", args=[entry.pk])
        html = admin_client.get(change).content.decode()
        assert f"diverifikasi · {when}" in html
        assert "verified 20" not in html

    def test_actions_read_in_indonesian_in_the_list_and_its_filter(self, admin_client, entry):
        html = admin_client.get(
            reverse("admin:participants_registrationlog_changelist")
        ).content.decode()
        assert '<td class="field-action">diverifikasi</td>' in html
        assert ">verified<" not in html
        record = reverse("admin:participants_registration_change", args=[entry.registration_id])
        html = admin_client.get(record).content.decode()
        assert "diverifikasi" in html and ">verified<" not in html

    def test_an_entry_s_detail_reads_as_words_not_json(self, admin_client, world, admin_user):
        from participants.services import registration_reject, registration_update_own

        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        registration_update_own(
            registration=registration,
            person=PersonData(
                full_name=registration.full_name,
                nik=registration.nik,
                phone="081299990000",
                email="baru@example.com",
            ),
        )
        registration_reject(registration=registration, actor=admin_user, reason="Data ganda")
        html = admin_client.get(
            reverse("admin:participants_registrationlog_changelist")
        ).content.decode()
        assert "data diubah: nomor HP, " in html  # then e-mail, in whichever catalogue wins
        assert "alasan: Data ganda" in html
        record = reverse("admin:participants_registration_change", args=[registration.pk])
        html = admin_client.get(record).content.decode()
        assert "alasan: Data ganda" in html and "&quot;reason&quot;" not in html


def test_every_field_of_the_participants_models_has_an_indonesian_name(admin_client, world):
    from django.apps import apps
    from django.utils import translation
    from django.utils.functional import Promise

    for model in apps.get_app_config("participants").get_models():
        assert isinstance(model._meta.verbose_name, Promise), model
        for field in model._meta.get_fields():
            if field.auto_created or not field.concrete:
                continue
            assert isinstance(field.verbose_name, Promise), f"{model.__name__}.{field.name}"
    with translation.override("id"):
        names = {f.name: str(f.verbose_name) for f in Registration._meta.get_fields() if f.concrete}
    assert (names["event"], names["unit"], names["status_changed_by"]) == (
        "acara",
        "badan",
        "status diubah oleh",
    )
    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    html = admin_client.get(
        reverse("admin:participants_registration_change", args=[registration.pk])
    ).content.decode()
    for english in ("Quota rule:", "Status changed at:", "Submission key:", "Created at:"):
        assert english not in html


def test_a_registration_record_is_view_only_in_the_admin(admin_client, world):
    from .factories import AttendanceFactory

    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    AttendanceFactory(registration=registration, day="2024-11-11")
    url = reverse("admin:participants_registration_change", args=[registration.pk])
    html = admin_client.get(url).content.decode()
    # No "Simpan" button on a page where every field is read-only: changes go through the
    # services (verify, reject, cancel, substitute), as the staff pages and actions do.
    assert 'name="_save"' not in html and "Lihat pendaftaran" in html
    assert admin_client.post(url, {"full_name": "Orang Lain"}).status_code == 403
    registration.refresh_from_db()
    assert registration.full_name != "Orang Lain"
    assert "Hadir sebagai:" in html and html.count("Jabatan:") == 1
    assert f"{registration.pk} 2024-11-11" not in html and "hadir pada 11 November 2024" in html


def test_the_app_is_named_in_indonesian_in_the_admin(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Peserta dan kehadiran" in html and ">Participants<" not in html
