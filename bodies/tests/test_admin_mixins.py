"""The admin's shared permission mixins (bodies.admin_security), on the admins that use them."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory

from bodies.models import Division
from participants.models import AccessLog, Registration, RegistrationLog
from reports.models import BackgroundJob, DocumentNumber

pytestmark = pytest.mark.django_db


def permissions(model, user) -> dict[str, bool]:
    request = RequestFactory().get("/admin/")
    request.user = user
    model_admin = admin.site._registry[model]
    return {
        "module": model_admin.has_module_permission(request),
        "view": model_admin.has_view_permission(request),
        "add": model_admin.has_add_permission(request),
        "change": model_admin.has_change_permission(request),
        "delete": model_admin.has_delete_permission(request),
    }


@pytest.mark.parametrize("model", [Registration, RegistrationLog, DocumentNumber])
def test_a_register_the_services_write_is_read_only_even_for_a_superuser(admin_user, model):
    assert permissions(model, admin_user) == {
        "module": True,
        "view": True,
        "add": False,
        "change": False,
        "delete": False,
    }


@pytest.mark.parametrize("model", [AccessLog, BackgroundJob])
def test_the_access_log_and_the_jobs_are_a_superusers_to_read_and_nobodys_to_change(
    admin_user, staff_of, kpu_ri, model
):
    label = model._meta.app_label
    every = [f"{label}.{action}_{model._meta.model_name}" for action in ("view", "change")]
    staff = staff_of(kpu_ri, *every)
    nothing = dict.fromkeys(("module", "view", "add", "change", "delete"), False)
    assert permissions(model, staff) == nothing
    assert permissions(model, admin_user) == {**nothing, "module": True, "view": True}


@pytest.mark.parametrize(("model", "app"), [(Division, "bodies"), (Group, "auth")])
def test_divisions_and_roles_are_viewed_by_permission_and_changed_by_a_superuser_only(
    admin_user, staff_of, kpu_ri, model, app
):
    name = model._meta.model_name
    actions = ("view", "add", "change", "delete")
    staff = staff_of(kpu_ri, *[f"{app}.{action}_{name}" for action in actions])
    assert permissions(model, staff) == {
        "module": True,
        "view": True,
        "add": False,
        "change": False,
        "delete": False,
    }
    assert all(permissions(model, admin_user).values())
