import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from bodies.models import Body, District, Member, Regency, Village
from bodies.tests.factories import BodyFactory, MemberFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = ["province", "regency", "district", "village", "body", "member", "division"]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_a_superuser_sees_every_changelist_and_add_form(admin_client, tebo_regency, model):
    assert admin_client.get(reverse(f"admin:bodies_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:bodies_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", CHANGELISTS)
def test_staff_without_permission_are_refused(staff_client, model):
    assert staff_client.get(reverse(f"admin:bodies_{model}_changelist")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("admin:bodies_village_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_search_finds_a_village_by_code_and_by_name(admin_client, tebo_regency):
    url = reverse("admin:bodies_village_changelist")

    by_code = admin_client.get(url, {"q": "15.09.01.1001"})
    by_name = admin_client.get(url, {"q": "Muara Tebo"})

    assert list(by_code.context["cl"].result_list.values_list("code", flat=True)) == [
        "15.09.01.1001"
    ]
    assert "15.09.01.1001" in {v.code for v in by_name.context["cl"].result_list}


def test_the_kecamatan_filter_appears_only_once_a_regency_is_chosen(admin_client, tebo_regency):
    url = reverse("admin:bodies_village_changelist")

    unfiltered = admin_client.get(url)
    chosen = admin_client.get(url, {"regency": tebo_regency.pk})

    def parameters(response):
        return [
            getattr(spec, "parameter_name", None) for spec in response.context["cl"].filter_specs
        ]

    assert "district" not in parameters(unfiltered)
    assert parameters(chosen)[-1] == "district"
    assert len(chosen.context["cl"].filter_specs[-1].lookup_choices) == 12


def test_the_regency_filter_lists_only_the_chosen_provinces_regencies(admin_client, tebo_regency):
    response = admin_client.get(
        reverse("admin:bodies_village_changelist"), {"province": tebo_regency.province_id}
    )

    regency_filter = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "regency"
    )
    assert regency_filter.lookup_choices == [(str(tebo_regency.pk), "15.09 Kabupaten Tebo")]


def test_a_regencys_villages_cost_the_same_queries_as_a_few(
    admin_client, tebo_regency, django_assert_num_queries
):
    url = reverse("admin:bodies_village_changelist")
    one_district = District.objects.get(code="15.09.01")

    # session, user, province/regency/district filter choices, page count, page rows
    with django_assert_num_queries(7):
        many = admin_client.get(url, {"regency": tebo_regency.pk})
    with django_assert_num_queries(7):
        few = admin_client.get(url, {"regency": tebo_regency.pk, "district": one_district.pk})

    assert many.context["cl"].result_count == 129
    assert len(many.context["cl"].result_list) == 100
    assert few.context["cl"].result_count == Village.objects.filter(district=one_district).count()


def test_the_derive_action_creates_the_bodies_of_a_regency(admin_client, tebo_regency):
    Body.objects.filter(regency=tebo_regency).delete()

    response = admin_client.post(
        reverse("admin:bodies_regency_changelist"),
        {"action": "derive_bodies", "_selected_action": [tebo_regency.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert Body.objects.filter(regency=tebo_regency).count() == 1 + 12 + 129
    assert any("142" in str(message) for message in response.context["messages"])


def test_staff_who_may_only_view_regions_do_not_get_the_derive_action(
    staff_client, staff_user, tebo_regency
):
    staff_user.user_permissions.add(Permission.objects.get(codename="view_regency"))

    response = staff_client.get(reverse("admin:bodies_regency_changelist"))

    assert response.status_code == 200
    assert "derive_bodies" not in response.content.decode()


def inline_post(body: Body, members: list[tuple[str, str]]) -> dict:
    data = {
        "kind": body.kind,
        "name": body.name,
        "satker_code": body.satker_code,
        "province": body.province_id or "",
        "regency": body.regency_id or "",
        "district": body.district_id or "",
        "village": body.village_id or "",
        "members-TOTAL_FORMS": len(members),
        "members-INITIAL_FORMS": 0,
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 1000,
    }
    for index, (name, role) in enumerate(members):
        data |= {
            f"members-{index}-name": name,
            f"members-{index}-role": role,
            f"members-{index}-order": index,
            f"members-{index}-is_active": "on",
        }
    return data


def test_the_body_form_refuses_a_fourth_pps_commissioner(admin_client):
    pps = BodyFactory(pps=True)
    members = [(f"Anggota {n}", Member.Role.ANGGOTA) for n in range(4)]

    response = admin_client.post(
        reverse("admin:bodies_body_change", args=[pps.pk]), inline_post(pps, members)
    )

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert not pps.members.exists()


def test_the_body_form_saves_a_full_pps(admin_client):
    pps = BodyFactory(pps=True)
    members = [("Ketua", Member.Role.KETUA), ("A", Member.Role.ANGGOTA),
               ("B", Member.Role.ANGGOTA), ("Sekretaris", Member.Role.SEKRETARIS)]  # fmt: skip

    response = admin_client.post(
        reverse("admin:bodies_body_change", args=[pps.pk]), inline_post(pps, members)
    )

    assert response.status_code == 302
    assert pps.members.count() == 4


def test_the_member_form_refuses_a_second_chair(admin_client):
    chair = MemberFactory(ketua=True)

    response = admin_client.post(
        reverse("admin:bodies_member_add"),
        {"body": chair.body_id, "name": "Ketua Kedua", "role": "ketua", "order": 0,
         "is_active": "on"},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert chair.body.members.count() == 1


def test_the_regency_changelist_is_a_few_queries(
    admin_client, tebo_regency, django_assert_num_queries
):
    # session, user, province filter choices, filtered and full count (514 rows), rows
    with django_assert_num_queries(6):
        response = admin_client.get(reverse("admin:bodies_regency_changelist"))

    assert response.context["cl"].result_count == Regency.objects.count()


def test_the_admin_refuses_a_pps_without_its_village_with_a_message(admin_client):
    response = admin_client.post(
        reverse("admin:bodies_body_add"),
        {"kind": "PPS", "name": "PPS Tanpa Desa", "satker_code": "", "members-TOTAL_FORMS": 0,
         "members-INITIAL_FORMS": 0, "members-MIN_NUM_FORMS": 0, "members-MAX_NUM_FORMS": 1000},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert not Body.objects.exists()
