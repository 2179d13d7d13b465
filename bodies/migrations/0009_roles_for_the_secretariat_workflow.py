"""The roles reach what came after them: an event's allowance lines, its materials,
tests and certificate rule, and the office's secretariat officials (Admin KPU); the
evaluation results page and the allowance lists need no more than Sekretariat holds.

A frozen copy, as in 0008: permissions are added to the groups, never taken away.
"""

from django.db import migrations
from django.db.models import Q


def crud(app: str, *models: str) -> list[str]:
    return [
        f"{app}.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    ]


ADMIN_KPU = [
    *crud("events", "allowanceline"),
    *crud("bodies", "secretariatofficial"),
    *crud("learning", "material", "assessment", "question", "choice", "certificaterule"),
    "learning.view_submission",
    "learning.view_rating",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = Q(pk__in=[])
    for permission in ADMIN_KPU:
        app_label, codename = permission.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(wanted))
    if len(found) != len(ADMIN_KPU):
        missing = set(ADMIN_KPU) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
        raise RuntimeError(f"Admin KPU: permissions missing: {sorted(missing)}")
    group = Group.objects.filter(name="Admin KPU").first()
    if group is not None:
        group.permissions.add(*found)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Admin KPU").first()
    if group is None:
        return
    for permission in ADMIN_KPU:
        app_label, codename = permission.split(".")
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0008_staff_roles"),
        ("events", "0006_event_contact_and_allowance_lines"),
        ("learning", "0001_materials_tests_survey"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
