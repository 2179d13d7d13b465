"""Admin for regions, bodies, members and divisions.

The region changelists are big (83,762 villages), so: parent filters that only list
the next level down once the level above is chosen (never 7,285 kecamatan at once),
`list_select_related` so a page costs the same few queries whatever its size, and no
full result count.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.permissions import ADD_BODY, CHANGE_BODY
from bodies.admin_security import SecureModelAdmin, SuperuserOnlyMixin

from .models import (
    CURRENT_EDITION,
    KPU_OFFICE_KINDS,
    Body,
    District,
    Division,
    Member,
    Province,
    Regency,
    SecretariatOfficial,
    Village,
)
from .selectors import bodies_in_office_area, body_scope
from .services import MemberRuleError, bodies_derive_for_regency, member_roster_check


class _ParentFilter(admin.SimpleListFilter):
    """Filter on a parent region, listed only once its own parent is chosen."""

    model = None
    field_path = ""  # path from the filtered model to the parent's pk, e.g. "district__regency"
    depends_on = ""  # query parameter of the filter one level up; "" for the top level
    parent_lookup = ""  # filter on `model` by the parent chosen there, e.g. "province_id"

    def lookups(self, request, model_admin):
        regions = self.model.objects.order_by("code", "-edition")
        edition = request.GET.get("edition__exact", "")
        if edition:
            regions = regions.filter(edition=edition)
        own = request.GET.get(self.parameter_name, "")
        if self.depends_on:
            chosen = request.GET.get(self.depends_on, "")
            if chosen.isdigit():
                regions = regions.filter(**{self.parent_lookup: chosen})
            elif own.isdigit():  # a link straight to one region: list just that one
                regions = regions.filter(pk=own)
            else:
                return []
        return [
            (str(pk), f"{code} {name}" + ("" if edition == CURRENT_EDITION else f" ({edition})"))
            for pk, code, name, edition in regions.values_list("pk", "code", "name", "edition")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{f"{self.field_path}_id": value})
        return queryset


def parent_filters(prefix: str, *levels: str) -> list[type[_ParentFilter]]:
    """The province -> regency -> district filters for a model reaching them through `prefix`."""
    specs = {
        "province": (Province, _("province"), ""),
        "regency": (Regency, _("regency"), "province_id"),
        "district": (District, _("district (kecamatan)"), "regency_id"),
    }
    paths = {
        "village": {"province": "district__regency__province", "regency": "district__regency",
                    "district": "district"},
        "district": {"province": "regency__province", "regency": "regency"},
        "regency": {"province": "province"},
        "body": {"province": "province", "regency": "regency", "district": "district"},
    }[prefix]  # fmt: skip
    filters, previous = [], ""
    for level in levels:
        model, title, parent_lookup = specs[level]
        filters.append(
            type(
                f"{prefix.title()}{level.title()}Filter",
                (_ParentFilter,),
                {
                    "model": model,
                    "title": title,
                    "parameter_name": level,
                    "field_path": paths[level],
                    "depends_on": previous,
                    "parent_lookup": parent_lookup,
                },
            )
        )
        previous = level
    return filters


class RegionAdmin(SecureModelAdmin):
    search_fields = ["code", "name"]

    @admin.display(description=_("edition"), ordering="edition")
    def edition_year(self, region):
        # The decree's full number makes the column wrap on every row; the year says it.
        return region.edition


@admin.register(Province)
class ProvinceAdmin(RegionAdmin):
    list_display = ["code", "name", "edition_year"]
    list_filter = ["edition"]


@admin.register(Regency)
class RegencyAdmin(RegionAdmin):
    list_display = ["code", "name", "kind", "province", "edition_year"]
    list_filter = ["edition", "kind", *parent_filters("regency", "province")]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]
    actions = ["derive_bodies"]

    @admin.action(description=_("Derive electoral bodies (KPU, PPK, PPS)"), permissions=["derive"])
    def derive_bodies(self, request, queryset):
        created = updated = 0
        for regency in queryset:
            summary = bodies_derive_for_regency(regency=regency)
            created, updated = created + summary.created, updated + summary.updated
        self.message_user(
            request,
            ngettext(
                "Bodies derived for %(count)s regency: %(created)s created, %(updated)s updated.",
                "Bodies derived for %(count)s regencies: %(created)s created, %(updated)s updated.",
                len(queryset),
            )
            % {"count": len(queryset), "created": created, "updated": updated},
            messages.SUCCESS,
        )

    def has_derive_permission(self, request):
        return request.user.has_perms([ADD_BODY, CHANGE_BODY])


@admin.register(District)
class DistrictAdmin(RegionAdmin):
    list_display = ["code", "name", "regency", "edition_year"]
    list_filter = ["edition", *parent_filters("district", "province", "regency")]
    list_select_related = ["regency"]
    autocomplete_fields = ["regency"]
    show_full_result_count = False


@admin.register(Village)
class VillageAdmin(RegionAdmin):
    list_display = ["code", "name", "kind", "district", "regency_name", "edition_year"]
    list_filter = ["edition", "kind", *parent_filters("village", "province", "regency", "district")]
    list_select_related = ["district__regency"]
    autocomplete_fields = ["district"]
    show_full_result_count = False

    @admin.display(description=_("regency"), ordering="district__regency__name")
    def regency_name(self, village):
        return village.district.regency.name


class MemberInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        roster = [
            (form.cleaned_data.get("role"), form.cleaned_data.get("is_active", False))
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role")
        ]
        try:
            member_roster_check(body_kind=self.instance.kind, roster=roster)
        except MemberRuleError as error:
            raise ValidationError(str(error)) from error


class MemberInline(admin.TabularInline):
    model = Member
    formset = MemberInlineFormSet
    fields = ["name", "role", "division", "order", "is_active"]
    extra = 0


class SecretariatOfficialInline(admin.TabularInline):
    """Who signs the office's SPJ: the Pejabat Pembuat Komitmen and the Bendahara."""

    model = SecretariatOfficial
    fields = ["role", "name", "nip", "is_active"]
    extra = 0


@admin.register(Body)
class BodyAdmin(SecureModelAdmin):
    list_display = ["name", "kind", "satker_code", "regency"]
    list_filter = ["kind", *parent_filters("body", "province", "regency", "district")]
    list_select_related = ["regency"]
    search_fields = ["name", "satker_code"]
    autocomplete_fields = ["province", "regency", "district", "village"]
    show_full_result_count = False
    inlines = [MemberInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "satker_code"]}),
        (_("Region"), {"fields": ["province", "regency", "district", "village"]}),
        (_("Contact"), {"fields": ["address", "phone", "email", "website", "signing_place"]}),
    ]
    # What a body is and where it serves (its satker code is in every document number)
    # is set by the derivation from the regions; only a superuser corrects it by hand.
    superuser_fields = ["kind", "satker_code", "province", "regency", "district", "village"]

    def get_queryset(self, request):
        # An office keeps the letterhead (name, address, chair) of the bodies of its
        # own area only: another office's body is not listed and its page is a 404.
        return super().get_queryset(request).filter(body_scope(user=request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, *self.superuser_fields]

    def has_add_permission(self, request):
        # Bodies come from the regions (Regencies › "Derive electoral bodies").
        return request.user.is_superuser and super().has_add_permission(request)

    def get_inlines(self, request, obj):
        # Only a KPU office has a secretariat that signs an SPJ; shown once it is saved.
        if obj is not None and obj.kind in KPU_OFFICE_KINDS:
            return [*self.inlines, SecretariatOfficialInline]
        return self.inlines


class MemberAdminForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["body", "name", "role", "division", "order", "is_active"]

    def clean(self):
        cleaned = super().clean()
        body, role = cleaned.get("body"), cleaned.get("role")
        if body and role:
            others = Member.objects.filter(body=body, is_active=True).exclude(pk=self.instance.pk)
            roster = [*others.values_list("role", "is_active"), (role, cleaned.get("is_active"))]
            try:
                member_roster_check(body_kind=body.kind, roster=roster)
            except MemberRuleError as error:
                raise ValidationError(str(error)) from error
        return cleaned


@admin.register(Member)
class MemberAdmin(SecureModelAdmin):
    form = MemberAdminForm
    list_display = ["name", "role", "body", "division", "is_active"]
    list_filter = ["role", "is_active", "division", "body__kind"]
    list_select_related = ["body", "division"]
    search_fields = ["name", "body__name"]
    autocomplete_fields = ["body"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(body_scope(user=request.user, prefix="body__"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = bodies_in_office_area(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# The divisions are one list for every office (KPU's own structure): an office that
# renamed one would rename it on every other office's documents.
@admin.register(Division)
class DivisionAdmin(SuperuserOnlyMixin, SecureModelAdmin):
    list_display = ["name", "short_name", "order"]
    list_editable = ["short_name", "order"]
    search_fields = ["name", "short_name"]


from . import admin_users  # noqa: E402, F401  (staff accounts and roles)
