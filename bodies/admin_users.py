"""Staff accounts and roles in the admin (imported by bodies/admin.py).

An office's administrator manages the accounts of its own area and nothing above it
(issue #9 finding 2: with `auth.change_user` an office account could tick
"superuser" on itself, grant itself any permission or reset a superuser's password).
For someone who is not a superuser:
- only accounts linked to an office inside its own area are listed or opened, never
  a superuser's (list, change, password form, history, delete all read the queryset);
- no "superuser", "staff" or individual-permission fields: what an account may do
  comes from its roles, and only the roles (`bodies.roles`) whose permissions the
  editor holds itself can be given;
- the roles themselves are read-only.

An account linked to a PPK may hold only roles within the Operator PPK role's
permissions (`roles.DELEGATED_PERMISSIONS`), whoever edits it (issue #17 finding 3):
an office role is not offered for it, and linking an account with one to a PPK is
refused. (Were one given anyway, `bodies.backends` still lets it do no more.)
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from bodies.admin_security import OfferedFiltersOnly, SuperuserOnlyMixin

from .models import Body, StaffOffice
from .roles import DELEGATED_PERMISSIONS, ROLE_NAMES
from .selectors import bodies_in_office_area, is_delegated, staff_office

User = get_user_model()

# Fields of the user's page that make an account more than its roles allow.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "user_permissions")


NOT_FOR_A_PPK = _(
    "An account of a PPK can hold only the “Operator PPK” role: a role of a KPU office "
    "would reach the events of the offices above the kecamatan. Remove the other roles, "
    "or link the account to a KPU office."
)


class StaffOfficeFormSet(BaseInlineFormSet):
    """Refuses a PPK as the office of an account given an office role on the same page."""

    posted_groups: list[str] = []

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            office = data.get("office")
            if data.get("DELETE") or office is None or office.kind not in Body.AD_HOC_KINDS:
                continue
            chosen = [pk for pk in self.posted_groups if pk.isdigit()]
            if Group.objects.filter(pk__in=chosen).exclude(pk__in=roles_for_a_ppk()).exists():
                raise ValidationError(NOT_FOR_A_PPK)


class StaffOfficeInline(admin.StackedInline):
    """The office on the user's page: which events and participants the account reaches."""

    model = StaffOffice
    formset = StaffOfficeFormSet
    fields = ["office"]
    autocomplete_fields = ["office"]
    extra = 1
    max_num = 1
    can_delete = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Someone who is not a superuser hands out only offices inside their own area,
        # so nobody can widen their own view by linking an account to KPU RI.
        if db_field.name == "office":
            kwargs["queryset"] = bodies_in_office_area(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The roles chosen on the same page (validated by the user form itself).
        formset.posted_groups = request.POST.getlist("groups") if request.method == "POST" else []
        return formset


def roles_for_a_ppk():
    """The groups an account linked to a PPK may hold: those within the Operator PPK
    role's permissions."""
    return Group.objects.exclude(
        permissions__in=Permission.objects.exclude(pk__in=_delegated_permission_rows())
    )


def _delegated_permission_rows():
    wanted = Q(pk__in=[])
    for permission in DELEGATED_PERMISSIONS:
        app_label, codename = permission.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def grantable_roles(user, *, account=None):
    """The groups `user` may give to `account`: any for a superuser, else the roles whose
    every permission `user` holds itself (so no account can give more than it has); for
    an account linked to a PPK, only those within the Operator PPK role."""
    roles = Group.objects.all() if user.is_superuser else _roles_held_by(user)
    if account is not None and is_delegated(account):
        roles = roles.filter(pk__in=roles_for_a_ppk())
    return roles


def _roles_held_by(user):
    roles = Group.objects.filter(name__in=ROLE_NAMES)
    held = user.get_all_permissions()
    grantable = [
        group.pk
        for group in roles.prefetch_related("permissions__content_type")
        if all(
            f"{perm.content_type.app_label}.{perm.codename}" in held
            for perm in group.permissions.all()
        )
    ]
    return roles.filter(pk__in=grantable)


class StaffUserAdmin(OfferedFiltersOnly, UserAdmin):
    inlines = [*UserAdmin.inlines, StaffOfficeInline]
    list_display = [*UserAdmin.list_display, "office"]
    list_select_related = ["staff_office__office"]

    @admin.display(description=_("KPU office"), ordering="staff_office__office__name")
    def office(self, user):
        link = getattr(user, "staff_office", None)
        return link.office if link else "–"

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(
            is_superuser=False,
            staff_office__office__in=bodies_in_office_area(user=request.user),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS]})
            for name, options in fieldsets
        ]  # fmt: skip

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "groups" in form.base_fields:
            form.base_fields["groups"].queryset = grantable_roles(request.user, account=obj)
        return form

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.is_staff = True  # an office's new account signs in to the staff pages
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if request.user.is_superuser or StaffOffice.objects.filter(user=user).exists():
            return
        # An account an office makes without choosing an office works for that office:
        # otherwise it would vanish from its maker's list at once.
        office = staff_office(request.user)
        if office is not None:
            StaffOffice.objects.create(user=user, office=office)


class RoleAdmin(SuperuserOnlyMixin, OfferedFiltersOnly, GroupAdmin):
    """The roles are made by a migration; only a superuser changes them."""


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
