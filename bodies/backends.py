"""Permissions as every staff path reads them (`user.has_perm`, the admin, the views).

An account linked to a PPK (`selectors.is_delegated`) sees the events of the KPU offices
above its kecamatan, to work on its own people there. Whatever roles or permissions it
has been given, it may do no more than the Operator PPK role does
(`roles.DELEGATED_PERMISSIONS`): an office role on such an account would otherwise edit
the test questions and read the answer keys, full NIKs and private links of KPU RI's
and the province's events (issue #17 finding 3). One check here, under every
`has_perm` of the portal, rather than one per view and admin.
"""

from django.contrib.auth.backends import ModelBackend

from .roles import DELEGATED_PERMISSIONS
from .selectors import is_delegated


class OfficeScopedBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return self._within_office(user_obj, super().get_user_permissions(user_obj, obj))

    def get_group_permissions(self, user_obj, obj=None):
        return self._within_office(user_obj, super().get_group_permissions(user_obj, obj))

    def get_all_permissions(self, user_obj, obj=None):
        return self._within_office(user_obj, super().get_all_permissions(user_obj, obj))

    @staticmethod
    def _within_office(user_obj, permissions: set[str]) -> set[str]:
        if permissions and is_delegated(user_obj):
            return permissions & DELEGATED_PERMISSIONS
        return permissions
