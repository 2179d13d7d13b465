"""The staff roles: groups of permissions an office hands to its accounts.

The groups are made by the migration `bodies.0008_staff_roles` from a frozen copy of
this table (a migration must not change when this module does); a later change of a
role is a new migration. Which events and participants a role's account reaches is
not here but in its office (`StaffOffice`): a role says what, the office says where.
"""

ADMIN_KPU = "Admin KPU"
SEKRETARIAT = "Sekretariat"
OPERATOR_PPK = "Operator PPK"

ROLE_NAMES = (ADMIN_KPU, SEKRETARIAT, OPERATOR_PPK)
