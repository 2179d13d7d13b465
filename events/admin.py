"""Staff admin for elections, events (with their rules, basis, speakers, agenda) and turnout.

State changes go through `events.services`, so the admin refuses exactly what the
services refuse, with the same Indonesian messages.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bodies.admin_security import SecureModelAdmin
from bodies.selectors import bodies_in_office_area, is_delegated, region_scope, staff_office

from .access import NO_OFFICE_MESSAGE

# Speakers, allowance lines and cost standards: their forms and the CostStandard admin.
from .admin_spj import AllowanceLineInline, SpeakerForm, SpeakerInline  # noqa: F401
from .models import (
    AgendaItem,
    Election,
    Event,
    LegalBasis,
    QuotaRule,
    Speaker,
    TurnoutResult,
)
from .numbers import number_id
from .selectors import (
    election_in_area,
    events_visible_to,
    expected_totals,
    lacks_office,
    turnout_scope,
)
from .services import (
    EventError,
    event_cancel,
    event_close_registration,
    event_mark_held,
    event_open_registration,
    quota_rule_validate,
    registration_window_error,
    turnout_results_import,
)
from .staff_links import staff_links


class ElectionForm(forms.ModelForm):
    # Set by ElectionAdmin.get_form: an office's election names the regions it is held in.
    needs_region = False

    def clean(self):
        cleaned = super().clean()
        if self.needs_region and not (cleaned.get("provinces") or cleaned.get("regencies")):
            raise ValidationError(
                _(
                    "Choose the province or regencies of your area this election is held in. "
                    "An election of the whole country is entered by the portal's administrator."
                )
            )
        return cleaned


@admin.register(Election)
class ElectionAdmin(SecureModelAdmin):
    """Every office sees every election (its events refer to them); an office changes
    only an election held inside its own area, since a Pemilu's name and voting day are
    on every office's documents."""

    form = ElectionForm
    list_display = ["name", "kind", "voting_day"]
    list_filter = ["kind", "voting_day"]
    search_fields = ["name"]
    filter_horizontal = ["provinces", "regencies"]
    date_hierarchy = "voting_day"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.needs_region = not request.user.is_superuser
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("provinces", "regencies"):
            level = {"provinces": "province", "regencies": "regency"}[db_field.name]
            kwargs["queryset"] = db_field.related_model.objects.filter(
                region_scope(user=request.user, level=level)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or election_in_area(election=obj, user=request.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or election_in_area(election=obj, user=request.user)
        )


class QuotaRuleForm(forms.ModelForm):
    class Meta:
        model = QuotaRule
        fields = ["order", "scope", "body_kind", "body", "role", "seats", "label"]

    def _post_clean(self):
        super()._post_clean()
        # Rules that look at other rows (units in the area, duplicates) live in
        # the service; the event may still be unsaved here.
        try:
            quota_rule_validate(rule=self.instance)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, errors)


class QuotaRuleFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Two rows for the same body (or kind) and role in one submission.

        The database's partial unique constraints would refuse them with an
        error page; Django's formset check does not look at conditional ones.
        """
        super().clean()
        seen: set[tuple] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            target = data.get("body") if data.get("scope") == "fixed" else data.get("body_kind")
            key = (data.get("scope"), target, data.get("role"))
            if key in seen:
                raise ValidationError(
                    _("Two quota rules are for the same %(who)s and role; keep one.")
                    % {"who": target}
                )
            seen.add(key)


class QuotaRuleInline(admin.TabularInline):
    model = QuotaRule
    form = QuotaRuleForm
    formset = QuotaRuleFormSet
    extra = 0
    raw_id_fields = ["body"]


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 90})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this event's speakers.
        if db_field.name == "speaker":
            event_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Speaker.objects.filter(event_id=event_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def totals_badge(*, expected: int, declared: int | None) -> str:
    if declared is None:
        return format_html('{} / <span class="quiet">–</span>', expected)
    if declared == expected:
        return format_html('<span class="totals-match">{} = {}</span>', expected, declared)
    return format_html(
        '<span class="totals-differ" title="{}">{} ≠ {}</span>',
        _("The derived total differs from the declared one"),
        expected,
        declared,
    )


WINDOW_FIELDS = ("registration_opens_at", "registration_closes_at")


class EventForm(forms.ModelForm):
    """The event's page; its status is not on it and changes only through the actions."""

    def clean(self):
        cleaned = super().clean()
        # A window typed here takes effect at once on an open event, so it meets
        # the rules the "Open registration" service applies to a window. An
        # unchanged one is left alone: closing stamps a time that is past later.
        if any(self._window_changed(name, cleaned) for name in WINDOW_FIELDS):
            problem = registration_window_error(
                opens_at=cleaned.get("registration_opens_at"),
                closes_at=cleaned.get("registration_closes_at"),
                now=timezone.now(),
            )
            if problem:
                self.add_error("registration_closes_at", problem)
        return cleaned

    def _window_changed(self, name: str, cleaned: dict) -> bool:
        # To the second: the page shows no microseconds, so a stored closing time
        # sent back unchanged must not count as a new one.
        new, stored = cleaned.get(name), getattr(self.instance, name)
        return (new and new.replace(microsecond=0)) != (stored and stored.replace(microsecond=0))


def open_with_the_window_on_file(*, event: Event, actor) -> Event:
    """Open registration for the window typed on the event's page.

    A closing time already past is the stamp of an earlier close, not a plan:
    reopening drops it, so registration stays open until someone closes it.
    """
    if event.status == Event.Status.OPEN:
        # Refused by the service ("already open"), as a second click should be.
        return event_open_registration(event=event, actor=actor)
    closes = event.registration_closes_at
    if closes and closes <= timezone.now():
        closes = None
    return event_open_registration(
        event=event, opens_at=event.registration_opens_at, closes_at=closes, actor=actor
    )


@admin.register(Event)
class EventAdmin(SecureModelAdmin):
    class Media:
        css = {"all": ["events/admin.css"]}  # the totals badge (no inline style under the CSP)

    list_display = [
        "title",
        "organiser",
        "first_day",
        "status",
        "totals",
        "quota_link",
    ]
    list_filter = ["status", "election", "organiser__kind", "first_day"]
    search_fields = ["title", "slug", "venue_name", "organiser__name"]
    list_select_related = ["organiser", "election"]
    prepopulated_fields = {"slug": ["title"]}
    # A searchable list of the office's bodies (scoped by BodyAdmin), not a raw id.
    autocomplete_fields = ["organiser"]
    date_hierarchy = "first_day"
    form = EventForm
    # Status only through the actions below (services: transitions, rules, audit);
    # a new event starts as a draft.
    readonly_fields = ["status", "totals", "quota_link", "created_at", "updated_at"]
    inlines = [
        QuotaRuleInline,
        LegalBasisInline,
        SpeakerInline,
        AgendaItemInline,
        AllowanceLineInline,
    ]
    actions = ["open_registration", "close_registration", "mark_held", "cancel_event"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "organiser", "election", "theme", "purpose"]}),
        (_("Place and time"), {"fields": ["venue_name", "venue_address", "first_day", "last_day"]}),
        (_("Contact person"), {"fields": ["contact_name", "contact_phone"]}),
        (
            _("Payment lists and certificates"),
            {
                "fields": [
                    "funding_source",
                    "payment_basis",
                    ("transport_account_code", "honorarium_account_code"),
                    "training_hours",
                ]
            },
        ),
        (
            _("Registration"),
            {"fields": ["status", "registration_opens_at", "registration_closes_at"]},
        ),
        (
            _("Plenary decision and targets"),
            {
                "fields": [
                    "plenary_date",
                    "plenary_place",
                    "plenary_ba_number",
                    "declared_total",
                    "totals",
                    "quota_link",
                    "participation_target",
                    "attendance_target",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("expected / declared total"))
    def totals(self, obj: Event) -> str:
        if not obj.pk:
            return "–"
        expected = getattr(obj, "expected_total", None)
        if expected is None:
            expected = expected_totals(events=[obj])[obj.pk]
        return totals_badge(expected=expected, declared=obj.declared_total)

    @admin.display(description=_("quota overview"))
    def quota_link(self, obj: Event) -> str:
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("events:quota-overview", args=[obj.slug]),
            _("Quota overview"),
        )

    def get_queryset(self, request):
        # Every page and action of this admin reads through here: another office's
        # event is not listed, its page is a 404, an action cannot select it.
        return events_visible_to(user=request.user, queryset=super().get_queryset(request))

    # A PPK's operator sees the events of the KPU offices above it (its people take part)
    # but they are the KPU's to organise: read-only for it, whatever its permissions.
    def has_add_permission(self, request):
        return not is_delegated(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return not is_delegated(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_delegated(request.user) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An office organises events inside its own area only.
        if db_field.name == "organiser":
            kwargs["queryset"] = bodies_in_office_area(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if lacks_office(request.user):
            messages.warning(request, NO_OFFICE_MESSAGE)
        return super().changelist_view(request, extra_context)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        totals = expected_totals(events=changelist.result_list)
        differing = []
        for event in changelist.result_list:
            event.expected_total = totals[event.pk]
            if event.declared_total is not None and event.declared_total != event.expected_total:
                differing.append(event)
        for event in differing:
            messages.warning(request, self._difference_message(event, event.expected_total))
        return changelist

    @staticmethod
    def _difference_message(event: Event, expected: int) -> str:
        return _(
            "%(event)s: the quota rules give %(expected)s participants but the plenary "
            "decision declared %(declared)s. Check the rules or the declared total."
        ) % {"event": event, "expected": expected, "declared": event.declared_total}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        if event is None:
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            # Not Django's "deleted?" redirect: another office's event is simply not there.
            raise Http404
        # The staff pages of this event, as buttons beside "History".
        extra_context = {
            **(extra_context or {}),
            "staff_links": staff_links(event=event, user=request.user),
        }
        if request.method == "GET":
            expected = expected_totals(events=[event])[event.pk]
            if event.declared_total is not None and event.declared_total != expected:
                messages.warning(request, self._difference_message(event, expected))
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Open registration"), permissions=["change"])
    def open_registration(self, request, queryset):
        self._run(request, queryset, open_with_the_window_on_file, _("Registration opened: %(n)s."))

    @admin.action(description=_("Close registration"), permissions=["change"])
    def close_registration(self, request, queryset):
        self._run(request, queryset, event_close_registration, _("Registration closed: %(n)s."))

    @admin.action(description=_("Mark as held"), permissions=["change"])
    def mark_held(self, request, queryset):
        self._run(request, queryset, event_mark_held, _("Marked as held: %(n)s."))

    @admin.action(description=_("Cancel event"), permissions=["change"])
    def cancel_event(self, request, queryset):
        # Final, so asked once more, as Django asks before deleting.
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "queryset": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "title": _("Cancel event"),
            }
            return render(request, "admin/events/event/cancel_confirmation.html", context)
        self._run(request, queryset, event_cancel, _("Events cancelled: %(n)s."))
        return None

    def _run(self, request, queryset, service, done_message):
        done = 0
        for event in queryset:
            try:
                service(event=event, actor=request.user)
                done += 1
            except EventError as error:
                messages.error(request, f"{event}: {error.message}")
        if done:
            messages.success(request, done_message % {"n": done})


class TurnoutImportForm(forms.Form):
    election = forms.ModelChoiceField(queryset=Election.objects.all(), label=_("Election"))
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Three columns: region code (regency, kecamatan or desa), DPT, votes cast. "
            "A header row is optional; comma or semicolon."
        ),
    )


@admin.register(TurnoutResult)
class TurnoutResultAdmin(SecureModelAdmin):
    list_display = ["region", "dpt", "votes", "participation_percent", "source", "election"]
    list_filter = ["election"]
    # The regency's own line first, then its kecamatan and desa by code.
    ordering = [
        "election",
        F("regency__code").asc(nulls_last=True),
        F("district__code").asc(nulls_first=True),
        F("village__code").asc(nulls_first=True),
    ]
    list_select_related = ["election", "regency", "district", "village"]
    search_fields = ["regency__name", "district__name", "village__name", "regency__code"]
    raw_id_fields = ["regency", "district", "village"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(turnout_scope(user=request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # As the CSV import: an office enters the figures of its own area only.
        if db_field.name in ("regency", "district", "village"):
            kwargs["queryset"] = db_field.related_model.objects.filter(
                region_scope(user=request.user, level=db_field.name)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if lacks_office(request.user):
            messages.warning(request, NO_OFFICE_MESSAGE)
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("region"))
    def region(self, obj: TurnoutResult):
        return obj.region

    @admin.display(description=_("DPT"), ordering="registered_voters")
    def dpt(self, obj: TurnoutResult) -> str:
        return number_id(obj.registered_voters)

    @admin.display(description=_("votes cast"), ordering="votes_cast")
    def votes(self, obj: TurnoutResult) -> str:
        return number_id(obj.votes_cast)

    @admin.display(description=_("participation (%)"))
    def participation_percent(self, obj: TurnoutResult):
        value = obj.participation
        return "–" if value is None else f"{value:.2f}".replace(".", ",")

    def get_urls(self):
        return [
            path(
                "impor/",
                self.admin_site.admin_view(self.import_view),
                name="events_turnoutresult_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        area_code = None  # a superuser imports for anywhere; an office for its own area
        if not request.user.is_superuser:
            office = staff_office(request.user)
            if office is None:
                messages.warning(request, NO_OFFICE_MESSAGE)
                return redirect("admin:events_turnoutresult_changelist")
            area_code = office.region.code if office.region else None
        form = TurnoutImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                summary = turnout_results_import(
                    election=form.cleaned_data["election"],
                    file=form.cleaned_data["file"],
                    area_code=area_code,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                messages.success(
                    request,
                    _("Imported %(rows)s results: %(created)s new, %(updated)s updated.")
                    % {
                        "rows": summary.rows,
                        "created": summary.created,
                        "updated": summary.updated,
                    },
                )
                return redirect("admin:events_turnoutresult_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import turnout results"),
        }
        return render(request, "admin/events/turnoutresult/import.html", context)
