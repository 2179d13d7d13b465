"""The staff roles as groups (see bodies/roles.py): Admin KPU, Sekretariat, Operator PPK.

The permissions are a frozen copy, as a migration must be; a role changed later is a
new migration. Django creates permissions only after all migrations have run, so
they are created here first (a new database has none yet).
"""

from django.db import migrations
from django.db.models import Q


def crud(app: str, *models: str, actions=("add", "change", "delete", "view")) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions]


SEKRETARIAT = [
    "participants.view_registration",
    "participants.verify_registration",  # verify, reject, cancel, substitute
    "participants.check_in",
    "participants.view_attendance",
    "participants.view_registrationlog",
    "events.view_event",  # its staff pages and the "Cetak dokumen" page
    "reports.view_documentnumber",
    "reports.allocate_number",  # printing with the next number
]

ROLES = {
    # Everything of its office; where is its StaffOffice's area (scoped in every admin).
    "Admin KPU": sorted(
        {
            *SEKRETARIAT,
            "participants.view_full_nik",
            *crud(
                "events",
                "election",
                "event",
                "quotarule",
                "legalbasis",
                "speaker",
                "agendaitem",
                "turnoutresult",
            ),
            *crud("bodies", "member", "staffoffice"),
            "bodies.view_body",
            "bodies.change_body",
            "bodies.view_division",
            *crud("bodies", "province", "regency", "district", "village", actions=("view",)),
            *crud("auth", "user"),
            "auth.view_group",
        }
    ),  # fmt: skip
    "Sekretariat": SEKRETARIAT,
    # Delegation to a PPK: registers (substitutes), corrects and verifies the people of
    # its kecamatan's PPK and PPS only (its account's office is that PPK).
    "Operator PPK": [
        "participants.view_registration",
        "participants.verify_registration",
        "participants.view_registrationlog",
    ],
}


def make_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        wanted = Q(pk__in=[])
        for permission in permissions:
            app_label, codename = permission.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        found = list(Permission.objects.filter(wanted))
        if len(found) != len(permissions):
            missing = set(permissions) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
            raise RuntimeError(f"Role {name}: permissions missing: {sorted(missing)}")
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(found)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bodies", "0007_staff_office_of_a_ppk"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0005_turnout_labels"),
        ("participants", "0003_verbose_names_and_log_actions"),
        ("reports", "0003_documentnumber_allocate_permission"),
    ]

    operations = [migrations.RunPython(make_roles, remove_roles)]
