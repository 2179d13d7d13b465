"""Staff admin: materials, test windows and the certificate rule inline on the event;
questions with their answer choices on their own page.

The inlines join the event's admin page through a subclass of the events app's
EventAdmin registered in its place: events is below this app and cannot import it
(bodies < events < participants < learning < reports).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bodies.admin_security import SecureModelAdmin
from events.admin import EventAdmin
from events.models import AgendaItem, Event, Speaker
from events.selectors import events_visible_to

from .forms import MaterialForm
from .models import Assessment, CertificateRule, Choice, Material, Question


def _event_id(request):
    return request.resolver_match.kwargs.get("object_id") if request.resolver_match else None


class MaterialInline(admin.TabularInline):
    model = Material
    form = MaterialForm
    extra = 0
    fields = ["order", "title", "agenda_item", "speaker", "file", "is_public", "size_shown"]
    readonly_fields = ["size_shown"]

    @admin.display(description=_("size"))
    def size_shown(self, obj):
        return obj.size_text if obj.pk else "–"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this event's sessions and speakers.
        if db_field.name == "agenda_item":
            kwargs["queryset"] = AgendaItem.objects.filter(event_id=_event_id(request))
        if db_field.name == "speaker":
            kwargs["queryset"] = Speaker.objects.filter(event_id=_event_id(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssessmentInline(admin.TabularInline):
    model = Assessment
    extra = 0
    max_num = 3
    fields = ["kind", "opens_at", "closes_at"]


class CertificateRuleInline(admin.StackedInline):
    model = CertificateRule
    extra = 0
    max_num = 1
    can_delete = False


class LearningEventAdmin(EventAdmin):
    """The event's page with its materials, test windows and certificate rule."""

    inlines = [*EventAdmin.inlines, MaterialInline, AssessmentInline, CertificateRuleInline]


admin.site.unregister(Event)
admin.site.register(Event, LearningEventAdmin)


class ChoiceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) < 2:
            raise ValidationError(_("A question needs at least two answer choices."))
        correct = sum(1 for data in kept if data.get("is_correct"))
        if correct != 1:
            raise ValidationError(_("Mark exactly one answer choice as correct."))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 4
    fields = ["order", "text", "is_correct"]


@admin.register(Question)
class QuestionAdmin(SecureModelAdmin):
    list_display = ["__str__", "event", "order"]
    search_fields = ["text", "event__title"]
    list_select_related = ["event"]
    inlines = [ChoiceInline]
    fields = ["event", "order", "text"]
    # The results page links here with its event; the queryset is scoped anyway.
    extra_lookups = ("event__id__exact",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(event__in=events_visible_to(user=request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            kwargs["queryset"] = events_visible_to(user=request.user, queryset=Event.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
