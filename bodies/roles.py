"""The staff roles: groups of permissions an office hands to its accounts.

The groups are made by the migration `bodies.0008_staff_roles` from a frozen copy of
this table (a migration must not change when this module does); a later change of a
role is a new migration. Which events and participants a role's account reaches is
not here but in its office (`StaffOffice`): a role says what, the office says where.
"""

from accounts.permissions import VERIFY_REGISTRATION, VIEW_REGISTRATION, VIEW_REGISTRATION_LOG

ADMIN_KPU = "Admin KPU"
SEKRETARIAT = "Sekretariat"
OPERATOR_PPK = "Operator PPK"

ROLE_NAMES = (ADMIN_KPU, SEKRETARIAT, OPERATOR_PPK)

# What an account linked to a PPK may do, whatever roles or permissions it holds: the
# Operator PPK role's permissions (a test keeps the two equal). Its events are those of
# the KPU offices above its kecamatan (`events.selectors.event_scope`), so anything more
# (an office role given to it) would reach the questions, answer keys, full NIKs and
# private links of KPU RI's and the province's events (issue #17 finding 3).
# Enforced by `bodies.backends.OfficeScopedBackend` on every permission check.
DELEGATED_PERMISSIONS = frozenset(
    {
        VIEW_REGISTRATION,
        VERIFY_REGISTRATION,
        VIEW_REGISTRATION_LOG,
    }
)
