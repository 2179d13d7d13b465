"""Staff admin for what an event pays: its speakers' honorarium profile, its allowance
lines, and the standard costs (SBM) of each fiscal year.

`events.admin` puts the two inlines on the event's page; importing this module there
registers `CostStandardAdmin`.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bodies.admin_security import SecureModelAdmin
from bodies.selectors import staff_office

from .accounts import mask_account
from .models import AllowanceLine, CostStandard, Speaker


class SpeakerForm(forms.ModelForm):
    """A speaker's page shows the account number masked, as every page but the payment
    list does: left empty it stays as it is, "-" removes it."""

    class Meta:
        model = Speaker
        fields = [
            "order", "name", "background", "topic", "level", "rate_override",
            "rate_override_reason", "tax_status", "grade", "has_npwp", "is_internal",
            "internal_pay_reason", "bank_name", "account_number", "account_holder",
        ]  # fmt: skip
        widgets = {"account_number": forms.TextInput(attrs={"autocomplete": "off", "size": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.account_number if self.instance.pk else ""
        field = self.fields["account_number"]
        self.initial["account_number"] = ""
        if stored:
            field.widget.attrs["placeholder"] = mask_account(stored)
            field.help_text = _("Leave empty to keep it; “-” removes it.")

    def clean_account_number(self):
        value = "".join(self.cleaned_data.get("account_number", "").split())
        if value == "-":
            return ""
        if not value and self.instance.pk:
            return self.instance.account_number
        if value and not value.replace("-", "").isdigit():
            raise ValidationError(_("An account number has digits only."))
        return value.replace("-", "")


class SpeakerInline(admin.StackedInline):
    """Who speaks, and what the honorarium list needs of them: the level the cost
    standards pay by, the tax profile, whether they belong to the office, the account."""

    model = Speaker
    form = SpeakerForm
    extra = 0
    fieldsets = [
        (None, {"fields": [("order", "name"), "background", "topic"]}),
        (
            _("Honorarium"),
            {
                "fields": [
                    ("level", "rate_override", "rate_override_reason"),
                    ("tax_status", "grade", "has_npwp"),
                    ("is_internal", "internal_pay_reason"),
                    ("bank_name", "account_number", "account_holder"),
                ]
            },
        ),
    ]


class AllowanceLineInline(admin.TabularInline):
    """The amounts the SPJ lists (uang transport, honorarium): the office's standard costs."""

    model = AllowanceLine
    fields = [
        "order",
        "kind",
        "body_kind",
        "standard",
        "amount",
        "override_reason",
        "tax_rate",
        "label",
    ]
    extra = 0


class CostStandardForm(forms.ModelForm):
    """An office's figure: the office comes from the account (`office_of_account`), so
    the form checks the one-figure-per-item-and-year rule itself; Django skips a
    constraint whose field is not on the form and the database would answer a 500."""

    office_of_account = None

    class Meta:
        model = CostStandard
        fields = ["year", "item", "amount", "source", "office"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.office_of_account is not None and self.instance.pk is None:
            # Before validation: a national figure of the same item and year must not
            # count against the office's own (their constraints differ by office).
            self.instance.office = self.office_of_account

    def clean(self):
        cleaned = super().clean()
        office = self.office_of_account
        if office is not None and cleaned.get("year") and cleaned.get("item"):
            same = CostStandard.objects.filter(
                office=office, year=cleaned["year"], item=cleaned["item"]
            ).exclude(pk=self.instance.pk)
            if same.exists():
                raise ValidationError(_("This office already has a figure for this item and year."))
        return cleaned


@admin.register(CostStandard)
class CostStandardAdmin(SecureModelAdmin):
    """The standard costs per fiscal year: the national figures shipped (read-only to
    an office, each citing its PMK), and the office's regional ones, which it keeps."""

    list_display = ["year", "item", "amount", "office", "source"]
    list_filter = ["year", "item"]
    list_select_related = ["office"]
    search_fields = ["source"]
    fields = ["year", "item", "amount", "source", "office"]
    form = CostStandardForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser:
            form.office_of_account = staff_office(request.user)
        return form

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        office = staff_office(request.user)
        return queryset.filter(Q(office__isnull=True) | Q(office=office))

    def get_readonly_fields(self, request, obj=None):
        # An office's figures are its own: the office is set from the account.
        return [] if request.user.is_superuser else ["office"]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not change:
            obj.office = staff_office(request.user)
        super().save_model(request, obj, form, change)

    def _own(self, request, obj) -> bool:
        return (
            request.user.is_superuser
            or obj is None
            or (
                obj.office_id is not None
                and obj.office_id == getattr(staff_office(request.user), "pk", None)
            )
        )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            request.user.is_superuser or staff_office(request.user) is not None
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._own(request, obj)
