"""Issue #9 finding 2: an office's account manager cannot make anyone a superuser.

With `auth.change_user` an office account could tick "superuser" on itself, grant
itself any permission, or set a superuser's password. Now, for anyone who is not a
superuser: accounts of the office's own area only, never a superuser's, no
superuser/staff/permission fields, and groups only from the roles it holds itself.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from bodies.models import StaffOffice
from bodies.roles import ADMIN_KPU, OPERATOR_PPK, ROLE_NAMES, SEKRETARIAT

from .factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpu_a(db):
    return BodyFactory(name="KPU Kabupaten A")


@pytest.fixture
def kpu_b(db):
    return BodyFactory(name="KPU Kabupaten B")


@pytest.fixture
def office_admin(staff_of, kpu_a):
    """An Admin KPU of office A, through its role."""
    user = staff_of(kpu_a, username="admin-a")
    user.groups.add(Group.objects.get(name=ADMIN_KPU))
    return user


@pytest.fixture
def admin_a(client, office_admin):
    client.force_login(office_admin)
    return client


@pytest.fixture
def colleague(staff_of, kpu_a):
    return staff_of(kpu_a, username="sekretariat-a")


def change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def user_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "user_permissions": [p.pk for p in Permission.objects.all()],
        "groups": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
        "staff_office-TOTAL_FORMS": "0",
        "staff_office-INITIAL_FORMS": "0",
        "staff_office-MIN_NUM_FORMS": "0",
        "staff_office-MAX_NUM_FORMS": "1",
    }
    link = StaffOffice.objects.filter(user=user).first()
    if link:
        data.update(
            {
                "staff_office-TOTAL_FORMS": "1",
                "staff_office-INITIAL_FORMS": "1",
                "staff_office-0-id": link.pk,
                "staff_office-0-user": user.pk,
                "staff_office-0-office": link.office_id,
            }
        )
    data.update(changes)
    return data


def test_an_office_admin_cannot_make_itself_a_superuser_or_grant_itself_permissions(
    admin_a, office_admin
):
    response = admin_a.get(change_url(office_admin))
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("is_superuser", "is_staff", "user_permissions"):
        assert f'name="{field}"' not in html

    admin_a.post(change_url(office_admin), user_form(office_admin))

    office_admin.refresh_from_db()
    assert not office_admin.is_superuser
    assert office_admin.user_permissions.count() == 0


def test_a_superusers_account_is_out_of_reach(admin_a, admin_user):
    for url in (
        change_url(admin_user),
        reverse("admin:auth_user_password_change", args=[admin_user.pk]),
        reverse("admin:auth_user_delete", args=[admin_user.pk]),
        reverse("admin:auth_user_history", args=[admin_user.pk]),
    ):
        response = admin_a.get(url)
        assert response.status_code in (302, 404), url
        assert 'name="password1"' not in response.content.decode()

    response = admin_a.post(
        reverse("admin:auth_user_password_change", args=[admin_user.pk]),
        {"password1": "diambil-alih-123", "password2": "diambil-alih-123"},
    )
    admin_user.refresh_from_db()
    assert response.status_code == 404
    assert not admin_user.check_password("diambil-alih-123")
    listing = admin_a.get(reverse("admin:auth_user_changelist")).content.decode()
    assert f"/{admin_user.pk}/change/" not in listing


def test_only_accounts_of_the_offices_area_are_listed_or_opened(
    admin_a, staff_of, kpu_b, colleague
):
    stranger = staff_of(kpu_b, username="staf-b")

    listing = admin_a.get(reverse("admin:auth_user_changelist")).content.decode()

    assert "sekretariat-a" in listing and "staf-b" not in listing
    assert admin_a.get(change_url(stranger)).status_code == 302  # "does not exist"
    response = admin_a.post(
        reverse("admin:auth_user_password_change", args=[stranger.pk]),
        {"password1": "diambil-alih-123", "password2": "diambil-alih-123"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert not stranger.check_password("diambil-alih-123")


def test_groups_are_only_the_roles_the_admin_holds(admin_a, colleague):
    Group.objects.create(name="Semua izin").permissions.set(Permission.objects.all())
    page = admin_a.get(change_url(colleague))
    offered = set(page.context["adminform"].form.fields["groups"].queryset)

    assert {group.name for group in offered} == set(ROLE_NAMES)


def test_a_group_outside_the_roles_cannot_be_given(admin_a, colleague):
    everything = Group.objects.create(name="Semua izin")
    everything.permissions.set(Permission.objects.all())

    admin_a.post(change_url(colleague), user_form(colleague, groups=[everything.pk]))

    assert not colleague.groups.exists()


def test_a_role_can_be_given_to_a_colleague(admin_a, colleague):
    sekretariat = Group.objects.get(name=SEKRETARIAT)

    response = admin_a.post(change_url(colleague), user_form(colleague, groups=[sekretariat.pk]))

    assert response.status_code == 302
    assert list(colleague.groups.all()) == [sekretariat]


def test_a_sekretariat_cannot_give_the_admin_role(client, staff_of, kpu_a, colleague):
    """Even with change_user, only roles whose permissions the editor holds itself."""
    editor = staff_of(kpu_a, "auth.view_user", "auth.change_user", username="editor-a")
    editor.groups.add(Group.objects.get(name=SEKRETARIAT))
    client.force_login(editor)

    offered = client.get(change_url(colleague)).context["adminform"].form.fields["groups"]

    assert {g.name for g in offered.queryset} == {SEKRETARIAT, OPERATOR_PPK}


def test_a_new_account_works_for_its_makers_office(admin_a, kpu_a):
    response = admin_a.post(
        reverse("admin:auth_user_add"),
        {
            "username": "operator-baru",
            "usable_password": "true",
            "password1": "kata-sandi-panjang-1",
            "password2": "kata-sandi-panjang-1",
            "is_superuser": "on",
            "staff_office-TOTAL_FORMS": "0",
            "staff_office-INITIAL_FORMS": "0",
            "staff_office-MIN_NUM_FORMS": "0",
            "staff_office-MAX_NUM_FORMS": "1",
        },
    )

    assert response.status_code == 302
    user = StaffOffice.objects.select_related("user").get(user__username="operator-baru").user
    assert user.staff_office.office == kpu_a
    assert user.is_staff and not user.is_superuser


def test_the_roles_are_read_only_for_an_office(admin_a):
    role = Group.objects.get(name=OPERATOR_PPK)
    url = reverse("admin:auth_group_change", args=[role.pk])

    admin_a.post(
        url, {"name": OPERATOR_PPK, "permissions": [p.pk for p in Permission.objects.all()]}
    )

    assert role.permissions.count() == 3
