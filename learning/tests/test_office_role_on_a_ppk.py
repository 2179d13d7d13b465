"""Issue #17 finding 3: an office role on an account linked to a PPK crossed offices.

The attack: an Admin KPU of a regency gives the Admin KPU role to the account of one
of its PPK. A PPK's account sees the events of every KPU office above its kecamatan
(KPU RI, the province), so with that role it edited the province's test questions,
read their answer keys, saw full NIKs and issued private links there. Now the role is
not offered nor accepted for such an account, and an account linked to a PPK can do
no more than the Operator PPK role whatever it holds (`bodies.backends`).
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from bodies.models import StaffOffice
from bodies.roles import ADMIN_KPU, DELEGATED_PERMISSIONS, OPERATOR_PPK
from bodies.tests.factories import BodyFactory
from bodies.tests.test_user_admin import user_form
from events.tests.factories import EventFactory, QuotaRuleFactory
from learning.models import Question
from participants.models import ParticipantRole, Registration
from participants.tests.factories import RegistrationFactory, build_world

from .factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = build_world()
    province = BodyFactory(kpu_provinsi=True, province=world.regency.province)
    world.province_event = EventFactory(organiser=province, slug="bimtek-provinsi")
    world.question = QuestionFactory(event=world.province_event, text="Kunci jawaban?")
    rule = QuotaRuleFactory(
        event=world.province_event, body_kind="PPK", role=ParticipantRole.SOSDIKLIH
    )
    world.person = RegistrationFactory(quota_rule=rule, unit=world.ppk[0])
    return world


@pytest.fixture
def regency_admin(client, staff_of, world):
    user = staff_of(world.kpu, username="admin-kabupaten")
    user.groups.add(Group.objects.get(name=ADMIN_KPU))
    client.force_login(user)
    return client


@pytest.fixture
def ppk_account(staff_of, world):
    user = staff_of(world.ppk[0], username="operator-rimbo")
    user.groups.add(Group.objects.get(name=OPERATOR_PPK))
    return user


def change_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def test_the_office_roles_are_not_offered_for_a_ppks_account(regency_admin, ppk_account):
    offered = regency_admin.get(change_url(ppk_account)).context["adminform"].form
    assert {g.name for g in offered.fields["groups"].queryset} == {OPERATOR_PPK}


def test_the_admin_role_cannot_be_given_to_a_ppks_account(regency_admin, ppk_account):
    admin_role = Group.objects.get(name=ADMIN_KPU)
    regency_admin.post(change_url(ppk_account), user_form(ppk_account, groups=[admin_role.pk]))
    assert list(ppk_account.groups.values_list("name", flat=True)) == [OPERATOR_PPK]


def test_an_account_with_an_office_role_cannot_be_linked_to_a_ppk(regency_admin, staff_of, world):
    colleague = staff_of(world.kpu, username="admin-kedua")
    admin_role = Group.objects.get(name=ADMIN_KPU)
    data = user_form(colleague, groups=[admin_role.pk])
    data["staff_office-0-office"] = world.ppk[0].pk

    response = regency_admin.post(change_url(colleague), data)

    assert response.status_code == 200
    assert "hanya dapat memegang peran “Operator PPK”" in response.content.decode()
    assert StaffOffice.objects.get(user=colleague).office == world.kpu
    assert not colleague.groups.exists()


def test_the_operator_role_still_goes_to_a_ppks_account(regency_admin, staff_of, world):
    account = staff_of(world.ppk[1], username="operator-ilir")
    operator = Group.objects.get(name=OPERATOR_PPK)
    response = regency_admin.post(change_url(account), user_form(account, groups=[operator.pk]))
    assert response.status_code == 302
    assert list(account.groups.all()) == [operator]


@pytest.fixture
def ppk_with_office_role(client, ppk_account):
    """What the old code let an Admin KPU make (or a superuser's slip still could)."""
    ppk_account.groups.add(Group.objects.get(name=ADMIN_KPU))
    ppk_account.user_permissions.set(Permission.objects.all())
    client.force_login(ppk_account)
    return client


def test_it_cannot_edit_or_read_the_provinces_questions(ppk_with_office_role, world):
    client = ppk_with_office_role
    change = reverse("admin:learning_question_change", args=[world.question.pk])
    assert client.get(change).status_code == 403
    assert client.get(reverse("admin:learning_question_changelist")).status_code == 403
    own_event = EventFactory(organiser=world.kpu, slug="bimtek-kabupaten")
    copy = reverse("learning:copy", args=[own_event.slug])
    response = client.post(copy, {"source": world.province_event.pk})
    assert response.status_code == 403
    assert not Question.objects.filter(event=own_event).exists()


def test_it_sees_no_full_nik_and_issues_no_private_link(ppk_with_office_role, world):
    client = ppk_with_office_role
    person = world.person
    page = client.get(reverse("participants:staff-detail", args=[person.pk]))
    assert page.status_code == 200  # its own kecamatan's person: its delegated work
    assert person.nik not in page.content.decode()
    issue = client.post(reverse("participants:staff-private-link", args=[person.pk]))
    assert issue.status_code == 403
    assert Registration.objects.get(pk=person.pk).private_link_hash == person.private_link_hash


def test_its_permissions_are_those_of_the_operator_role(ppk_with_office_role, ppk_account):
    operator = Group.objects.get(name=OPERATOR_PPK)
    role = {f"{p.content_type.app_label}.{p.codename}" for p in operator.permissions.all()}
    assert role == DELEGATED_PERMISSIONS
    assert ppk_account.get_all_permissions() == DELEGATED_PERMISSIONS
