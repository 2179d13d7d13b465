"""What every admin of the project shares: a changelist filters only by what it offers.

Django's `ModelAdmin.lookup_allowed` accepts any lookup on the model's own fields, so
`/admin/participants/registration/?nik__startswith=1509` answered "does anyone's NIK
start with this?" and a NIK could be read digit by digit, without the permission to
see it. Here a query-string lookup passes only if it belongs to a filter the admin
shows (`list_filter`, `date_hierarchy`) or to a link of its own (`extra_lookups`);
anything else is refused (400), whether or not it would match. Lookups and searches
on personal fields (NIK, birth date) need `participants.view_full_nik` besides.
"""

import errno
import logging

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from accounts.permissions import FULL_NIK

logger = logging.getLogger(__name__)

DISK_FULL_MESSAGE = _(
    "Nothing was saved: the server's disk is full. Tell the administrator, then send "
    "the form again with its file."
)

# What follows a filter's field in the parameters Django's own list filters write:
# `status__exact`, `event__id__exact`, `first_day__gte`, `voting_day__year`, ...
FILTER_SUFFIXES = frozenset(
    {
        "",
        "exact",
        "isnull",
        "in",
        "gte",
        "lt",
        "year",
        "month",
        "day",
        "id__exact",
        "pk__exact",
        "id__in",
    }
)
# Fields whose value narrows a person down (the NIK's digits 7-12 are the birth date).
PERSONAL_FIELDS = frozenset({"nik", "birth_date"})


def _is_personal(path: str) -> bool:
    return any(part in PERSONAL_FIELDS for part in path.split(LOOKUP_SEP))


def _search_path(search_field: str) -> str:
    return search_field.lstrip("^=@")


class OfferedFiltersOnly:
    """Mix into a ModelAdmin (before it) to allow only the lookups it offers."""

    # Parameters of the admin's own links beyond its filters, e.g. "registration__id__exact".
    extra_lookups: tuple[str, ...] = ()
    # Personal-field lookups the admin accepts from those who may see the full NIK.
    personal_lookups: tuple[str, ...] = ()

    def offered_lookups(self, request) -> set[str]:
        """The field paths (or parameter names) of the admin's filters and links."""
        offered = set(self.extra_lookups)
        if self.date_hierarchy:
            offered.add(self.date_hierarchy)
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                offered.add(item.parameter_name)
            elif isinstance(item, (list, tuple)):
                offered.add(item[0])
            else:
                offered.add(item)
        if request is not None and request.user.has_perm(FULL_NIK):
            offered.update(self.personal_lookups)
        return offered

    def lookup_allowed(self, lookup, value, request=None):
        if self._raw_id_popup_lookup(lookup, value):
            return True
        if _is_personal(lookup) and not (request and request.user.has_perm(FULL_NIK)):
            return False
        for path in self.offered_lookups(request):
            if lookup == path:
                return True
            if lookup.startswith(path + LOOKUP_SEP):
                suffix = lookup[len(path) + len(LOOKUP_SEP) :]
                if suffix in FILTER_SUFFIXES or (
                    path in self.personal_lookups and suffix in ("startswith", "range")
                ):
                    return super().lookup_allowed(lookup, value, request)
        return False

    def _raw_id_popup_lookup(self, lookup, value) -> bool:
        """The `limit_choices_to` of a raw-id field's popup, as Django itself allows."""
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False

    def get_search_fields(self, request):
        # A search by NIK or birth date answers "is this person registered?": only for
        # those who may see the full NIK anyway.
        fields = list(super().get_search_fields(request))
        if request.user.has_perm(FULL_NIK):
            return fields
        return [field for field in fields if not _is_personal(_search_path(field))]


class SecureModelAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    """The base of every ModelAdmin of the project."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A full disk while a file is stored (a material upload): the whole change was
        # rolled back and the storage removed its partial file, so say so instead of a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError as error:
            if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            logger.error("Disk full while saving %s: %s", self.opts.label, error)
            messages.error(request, DISK_FULL_MESSAGE)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdminMixin:
    """Rows only the services write (registrations, audit entries, document numbers,
    jobs): listed and opened, never added, changed or deleted here, superusers included.
    For a ModelAdmin or an inline (whose permission methods also take `obj`)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyMixin:
    """Only a superuser adds, changes or deletes; other accounts view what their
    permissions let them. With `superuser_only_view`, only a superuser sees the model at
    all (not on the index either). Put `ReadOnlyAdminMixin` before it for a register
    nobody edits."""

    superuser_only_view = False

    @staticmethod
    def _superuser(request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        if self.superuser_only_view:
            return self._superuser(request)
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if self.superuser_only_view:
            return self._superuser(request)
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)
