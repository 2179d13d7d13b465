"""Issue #9, roles: the groups the migration makes, with what each may do."""

import pytest
from django.contrib.auth.models import Group

from bodies.roles import ADMIN_KPU, OPERATOR_PPK, ROLE_NAMES, SEKRETARIAT

pytestmark = pytest.mark.django_db


def permissions_of(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_migration_makes_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_NAMES)


def test_the_sekretariat_verifies_checks_in_prints_and_exports():
    granted = permissions_of(SEKRETARIAT)

    assert {
        "participants.view_registration",  # the list and its exports
        "participants.verify_registration",
        "participants.check_in",
        "events.view_event",  # the print page
        "reports.allocate_number",
    } <= granted
    assert not {"participants.view_full_nik", "auth.change_user", "events.change_event"} & granted


def test_the_operator_ppk_registers_corrects_and_verifies_only():
    assert permissions_of(OPERATOR_PPK) == {
        "participants.view_registration",
        "participants.verify_registration",
        "participants.view_registrationlog",
    }


def test_the_admin_kpu_holds_every_role_and_manages_its_office():
    granted = permissions_of(ADMIN_KPU)

    assert permissions_of(SEKRETARIAT) | permissions_of(OPERATOR_PPK) <= granted
    assert {
        "participants.view_full_nik",
        "events.change_event",
        "bodies.change_body",
        "auth.change_user",
        "reports.allocate_number",
    } <= granted
    # Regions and divisions are national reference data; roles are the superuser's.
    assert not {"bodies.change_regency", "bodies.change_division", "auth.change_group"} & granted


def test_the_admin_kpu_sets_up_allowances_materials_tests_and_the_spj_signers():
    granted = permissions_of(ADMIN_KPU)

    assert {
        "events.change_allowanceline",
        "bodies.add_secretariatofficial",
        "learning.add_material",
        "learning.add_question",
        "learning.change_assessment",
        "learning.change_certificaterule",
    } <= granted
    # Answers are the participants' own: readable, never written by staff.
    assert not {"learning.change_submission", "learning.change_rating"} & granted
