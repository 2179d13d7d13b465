"""Admin for registrations: masked NIK in lists, state changes through the services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.permissions import FULL_NIK, VERIFY_REGISTRATION
from bodies.admin_security import ReadOnlyAdminMixin, SecureModelAdmin, SuperuserOnlyMixin
from bodies.labels import unit_label
from events.access import NO_OFFICE_MESSAGE
from events.selectors import lacks_office

from . import errors, services
from .access_log import access_record
from .models import AccessLog, Attendance, Registration, RegistrationLog
from .selectors import registration_scope


class OfficeScopedAdmin(SecureModelAdmin):
    """Rows of the registrations the account may see (`registration_scope`: its office's
    events; a PPK's operator, its kecamatan's people), nothing else: not in the list,
    not by address (Django's "does not exist"), not through an action."""

    registration_path = ""

    def get_queryset(self, request):
        scope = registration_scope(user=request.user, prefix=self.registration_path)
        return super().get_queryset(request).filter(scope)

    def changelist_view(self, request, extra_context=None):
        if lacks_office(request.user):
            messages.warning(request, NO_OFFICE_MESSAGE)
        return super().changelist_view(request, extra_context)


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Rows written only by the services (check-in, audit log): shown, never edited here."""

    extra = 0
    can_delete = False


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = ("day", "checked_in_at", "checked_in_by")
    readonly_fields = fields


@admin.display(description=_("detail"))
def log_detail(entry: RegistrationLog) -> str:
    return entry.detail_text


@admin.display(description=_("by"))
def log_actor(entry: RegistrationLog) -> str:
    return entry.actor_label or "-"


class LogInline(ReadOnlyInline):
    model = RegistrationLog
    fields = ("at", "action", log_actor, log_detail)
    readonly_fields = fields


def _apply(modeladmin, request, queryset, service, done, **arguments):
    """`service` (a registration_* state change) on each registration chosen, by this
    staff member, with `arguments`; each refusal is told, then how many changed."""
    changed = 0
    for registration in queryset:
        try:
            service(registration=registration, actor=request.user, **arguments)
        except errors.ParticipantError as error:
            modeladmin.message_user(
                request, f"{registration.code}: {error.message}", messages.WARNING
            )
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, done % {"count": changed}, messages.SUCCESS)


@admin.action(description=_("Verify the selected registrations"), permissions=["verify"])
def verify_selected(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        services.registration_verify,
        _("%(count)d registration(s) verified."),
    )


@admin.action(description=_("Cancel the selected registrations"), permissions=["verify"])
def cancel_selected(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        services.registration_cancel,
        _("%(count)d registration(s) cancelled."),
        reason=str(_("Cancelled by staff")),
    )


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, OfficeScopedAdmin):
    list_display = (
        "code",
        "full_name",
        "masked_nik_column",
        "unit_column",
        "role",
        "status",
        "created_at",
    )
    # Only events with registrations the account sees: another office's titles stay out.
    list_filter = ("status", ("event", admin.RelatedOnlyFieldListFilter), "unit__kind", "role")
    # The NIK search and lookups only for those who may see it (see bodies.admin_security).
    search_fields = ("code", "full_name", "=nik", "phone")
    personal_lookups = ("nik", "birth_date")
    list_select_related = ("unit__village", "unit__district", "event")
    actions = [verify_selected, cancel_selected]
    inlines = [AttendanceInline, LogInline]
    # State changes go through the services (seat, log); the admin only reads.
    readonly_fields = [field.name for field in Registration._meta.fields]

    @admin.display(description=_("account number"))
    def masked_account_column(self, obj):
        return obj.masked_account

    @admin.display(description=_("NIK"))
    def masked_nik_column(self, obj):
        return obj.masked_nik

    # A desa's name alone is ambiguous (two Tambun Arang in Tebo): with its kecamatan.
    @admin.display(description=_("unit"), ordering="unit__name")
    def unit_column(self, obj):
        return unit_label(obj.unit)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        fields[fields.index("unit")] = "unit_column"
        # The whole account number only on the payment list (reports' "non tunai").
        fields[fields.index("account_number")] = "masked_account_column"
        if not request.user.has_perm(FULL_NIK):
            fields[fields.index("nik")] = "masked_nik_column"
            # Birth date and sex are the NIK's digits 7-12: masked, they go too; a NIK
            # awaiting review is a whole NIK as well.
            fields = [name for name in fields if name not in ("birth_date", "sex", "nik_in_review")]
        return fields

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def has_verify_permission(self, request):
        return request.user.has_perm(VERIFY_REGISTRATION)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # The record page shows the whole NIK to those with the permission: logged.
        if response.status_code == 200 and request.user.has_perm(FULL_NIK):
            registration = self.get_object(request, object_id)
            if registration is not None:
                access_record(
                    user=request.user, action=AccessLog.Action.FULL_NIK, registration=registration
                )
        return response


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, SuperuserOnlyMixin, SecureModelAdmin):
    """Read by superusers only; nobody adds, changes or deletes an entry."""

    superuser_only_view = True

    list_display = ("at", "username", "action", "event", "registration", "detail")
    list_filter = ("action",)
    list_select_related = ("event", "registration")
    date_hierarchy = "at"


@admin.register(RegistrationLog)
class RegistrationLogAdmin(ReadOnlyAdminMixin, OfficeScopedAdmin):
    """The audit trail (UU 27/2022: who changed what): read-only for everyone, superusers
    included; entries are written by the services and leave only with their registration."""

    registration_path = "registration__"

    list_display = ("at", "registration", "action", log_actor, log_detail)
    list_filter = ("action",)
    search_fields = ("registration__code",)
    list_select_related = ("registration", "actor")
    fields = readonly_fields = ("registration", "action", log_actor, log_detail, "at")
