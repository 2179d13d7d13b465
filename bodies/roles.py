"""The staff roles: groups of permissions an office hands to its accounts.

The groups are made by the migration `bodies.0004_staff_roles` from a frozen copy of
this table (a migration must not change when this module does); a later change of a
role is a new migration. Which events and participants a role's account reaches is
not here but in its office (`StaffOffice`): a role says what, the office says where.
"""

from django.utils.translation import gettext_lazy as _

ADMIN_KPU = "Admin KPU"
SEKRETARIAT = "Sekretariat"
OPERATOR_PPK = "Operator PPK"

ROLE_NAMES = (ADMIN_KPU, SEKRETARIAT, OPERATOR_PPK)

ROLE_DESCRIPTIONS = {
    ADMIN_KPU: _("Everything of its office: events, participants, documents, bodies, accounts."),
    SEKRETARIAT: _("Verifies, checks in, prints and exports the participants of its office."),
    OPERATOR_PPK: _(
        "A PPK's account: registers, corrects and verifies only the participants of its "
        "own kecamatan's PPK and PPS."
    ),
}
