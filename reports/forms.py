"""The print page's form of one document: the fields its spec's options ask for."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.dates import date_long_indonesian
from events.models import Event
from participants.models import Registration
from reports.documents import DocumentError, DocumentSpec
from reports.documents.base import clean_date
from reports.documents.dates import FACTS_HELP
from reports.numbering import NumberMode
from reports.selectors import event_regions


class DatePickerInput(forms.DateInput):
    input_type = "date"  # the browser's date picker, which sends YYYY-MM-DD


class DocumentDateField(forms.Field):
    """A document's date, read by the documents' own parser (`clean_date`).

    So the page refuses exactly what the builders and `render_document` refuse,
    with the same message. Left empty, it is None: the builder's own default.
    """

    widget = DatePickerInput(format="%Y-%m-%d")

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return clean_date(value)
        except DocumentError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class AreaField(forms.CharField):
    """A regency or kecamatan by its code, offered as a list (`choices`, set per event).

    The list depends on the regency chosen on the page, so a posted code is not checked
    against it here: the data builder checks it against the event's area
    (`daftar_hadir.clean_area`), with the message the command line gives too.
    """

    widget = forms.Select

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=13, **kwargs)
        self.choices: list[tuple[str, str]] = []


# The choices a new document is offered; "reuse" is added once it has a number.
NEW_DOCUMENT_MODES = (NumberMode.DRAFT, NumberMode.NEW, NumberMode.MANUAL)


class DocumentOptionsForm(forms.Form):
    """Every option a document may take; `__init__` keeps those its spec takes.

    `document_options()` gives the cleaned values as `build_document` takes
    them: the number mode as a `NumberMode`, passed down unchanged.
    """

    paper = forms.ChoiceField(
        label=_("Paper"),
        choices=[("A4", "A4"), ("F4", _("F4 / Folio (215 × 330 mm)"))],
        initial="A4",
    )
    day = forms.TypedChoiceField(label=_("Day"), choices=(), required=False, empty_value=None)
    blank = forms.TypedChoiceField(
        label=_("Contents"),
        choices=[("0", _("Filled in (attendance recorded)")), ("1", _("Blank, to sign on paper"))],
        coerce=lambda value: value == "1",
        initial="0",
    )
    per_kecamatan = forms.TypedChoiceField(
        label=_("Letters"),
        choices=[("0", _("One letter to every PPK")), ("1", _("One letter per kecamatan"))],
        coerce=lambda value: value == "1",
        initial="0",
    )
    date = DocumentDateField(
        label=_("Date of the berita acara"),
    )
    signed_on = DocumentDateField(label=_("Signing date"))
    number_mode = forms.TypedChoiceField(
        label=_("Number"),
        choices=[(mode.value, mode.label) for mode in NEW_DOCUMENT_MODES],
        coerce=NumberMode,
        initial=NumberMode.DRAFT.value,
    )
    classification = forms.CharField(
        label=_("Classification code"),
        max_length=20,
        required=False,
        help_text=_("In a new number and in a draft: PP.06 (bimbingan teknis), PL.02, PK.01 …"),
    )
    number = forms.CharField(
        label=_("Number given outside the portal"),
        max_length=80,
        required=False,
        help_text=_("For example 231/PL.02-BA/1509/2024."),
    )
    area = AreaField(
        label=_("Region"),
        help_text=_("Only the participants of one regency or kecamatan."),
    )
    registration = forms.CharField(
        label=_("Registration code"),
        max_length=12,
        required=False,
        help_text=_("Leave empty for the certificates of every participant present."),
    )
    # Set by the button pressed ("Make PDF" or "Make XLSX"), not shown as a field.
    format = forms.ChoiceField(
        choices=[("pdf", "PDF"), ("xlsx", "XLSX")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args,
        event: Event,
        spec: DocumentSpec,
        current: str | None = None,
        may_number: bool = True,
        regency: str | None = None,
        **kwargs,
    ):
        """`current`: the number the document already carries (`current_numbers`);
        `may_number`: whether the account may take or record a number (else drafts and
        reprints only; see `accounts.permissions.ALLOCATE_NUMBER`); `regency`: the code of the
        regency whose kecamatan the region list offers (an event of several)."""
        super().__init__(*args, **kwargs)
        self.event = event
        self.spec = spec
        wanted = set(spec.takes)
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if spec.numbered:
            self.fields["classification"].initial = spec.classification
            if current:
                self._offer_reprint(current)
            if not may_number:
                field = self.fields["number_mode"]
                field.choices = [
                    c for c in field.choices if c[0] not in (NumberMode.NEW, NumberMode.MANUAL)
                ]
        if "day" in self.fields:
            days = event.days
            self.fields["day"].choices = [
                (
                    str(n),
                    gettext("Day %(n)s – %(date)s") % {"n": n, "date": date_long_indonesian(d)},
                )
                for n, d in enumerate(days, start=1)
            ]
            self.fields["day"].coerce = int
            self.fields["day"].initial = "1"
            self.fields["day"].required = True
        self.regencies: list[tuple[str, str]] = []
        if "area" in self.fields and not self.is_bound:
            self._offer_areas(regency)
        for name, facts in spec.date_defaults.items():
            if name in self.fields:  # the picker shows the day an empty field means
                self.fields[name].initial = spec.default_date(name, event).isoformat()
                self.fields[name].help_text = FACTS_HELP[facts]
        self.prefix = spec.slug

    def _offer_reprint(self, current: str) -> None:
        """A numbered document is printed again with its number unless asked otherwise."""
        field = self.fields["number_mode"]
        reprint = (
            NumberMode.REPRINT.value,
            gettext("Print again with number %(number)s") % {"number": current},
        )
        choices = [reprint, *field.choices]
        if self.spec.event_number(self.event):
            # The event records the document's number: no other number is offered.
            choices = [c for c in choices if c[0] in (NumberMode.REPRINT, NumberMode.DRAFT)]
        field.choices = choices
        field.initial = NumberMode.REPRINT.value

    def _offer_areas(self, regency: str | None) -> None:
        """Every participant, each regency, and the kecamatan of the chosen (or only) one."""
        self.regencies, districts = event_regions(event=self.event, regency=regency)
        choices = [("", gettext("All participants"))]
        if len(self.regencies) > 1:
            choices += self.regencies
        choices += [
            (code, gettext("Kecamatan %(name)s") % {"name": name}) for code, name in districts
        ]
        if len(choices) == 1:
            del self.fields["area"]  # nothing to choose from
            return
        self.fields["area"].choices = choices
        if regency and districts:
            self.fields["area"].initial = regency

    @property
    def visible(self):
        """The fields shown as fields (the format is the button pressed)."""
        return [field for field in self if not field.is_hidden]

    def clean_registration(self):
        code = self.cleaned_data["registration"].strip().upper()
        if not code:
            return None
        registration = Registration.objects.filter(event=self.event, code=code).first()
        if registration is None:
            raise forms.ValidationError(_("No registration of this event has that code."))
        return registration

    def clean(self):
        data = super().clean()
        mode = data.get("number_mode")
        if mode == NumberMode.MANUAL and not (data.get("number") or "").strip():
            self.add_error("number", _("Type the number the office gave."))
        if mode != NumberMode.MANUAL:
            data.pop("number", None)  # typed, then another choice made: not a number asked for
        return data

    def document_options(self) -> dict:
        """The cleaned values as `build_document` takes them (empty ones left out)."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
