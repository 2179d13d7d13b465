"""Registration and staff forms: shape and normalise input; quotas stay in services."""

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from bodies.labels import unit_label
from bodies.models import Body
from events.models import Event, Speaker

from .challenge import challenge_passed
from .errors import ParticipantError
from .form_choices import EventChoices
from .models import Registration
from .person import EMAIL_MAX, PERSON_FIELDS, InvalidPersonData, PersonData, person_field_clean
from .unit_picker import SEARCH_MAX, SEARCH_MIN, UnitPicker, parse_id
from .validators import FULL_NAME_MAX


def new_submission_key() -> str:
    return uuid.uuid4().hex


class PersonForm(forms.Form):
    """The person's own data (PersonData): used to register, to correct it, and by staff
    to substitute. Each field's check is PersonData's, run here for the field's error."""

    full_name = forms.CharField(
        label=_("Full name"),
        help_text=_(
            "As written on your KTP, with academic titles, e.g. Drs. H. Ahmad Fauzi, S.Pd."
        ),
        # No max_length here: clean_full_name says "too long" with the count.
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": FULL_NAME_MAX}),
    )
    nik = forms.CharField(
        label=_("NIK"),
        max_length=40,
        help_text=_("The 16-digit number on your KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Mobile number (WhatsApp)"),
        max_length=30,
        help_text=_("e.g. 0812 3456 7890"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=EMAIL_MAX,  # the form field alone would take 320
        error_messages={"invalid": _("Enter a valid e-mail address, or leave it empty.")},
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=150,
        required=False,
        help_text=_("e.g. Anggota PPS, Staf Sekretariat PPK"),
    )
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    grade = forms.ChoiceField(
        label=_("Civil service grade (golongan)"),
        choices=[("", _("— not a civil servant —")), *Speaker.Grade.choices],
        required=False,
        help_text=_("For a civil servant (ASN): the payment lists (SPJ) record it."),
    )

    def clean(self):
        data = super().clean()
        for name in PERSON_FIELDS:
            if name in data:  # not refused already by the form field itself
                try:
                    data[name] = person_field_clean(name, data[name])
                except InvalidPersonData as error:
                    self.add_error(name, error.message)
        return data

    def person_data(self) -> PersonData:
        return PersonData(**{name: self.cleaned_data[name] for name in PERSON_FIELDS})


class ReadyChoices(BaseChoiceIterator):
    """Choices already as Django keeps them, (value, label) and (group, [(value, label)]).

    A plain list is walked and copied option by option each time a field gets it, on
    every request: with a hundred desa and more, a millisecond of the form's post.
    """

    def __init__(self, choices: list):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


class SelectWithDisabled(forms.Select):
    """A select whose options in `disabled_values` are shown but cannot be chosen.

    Written out here rather than through Django's option templates: those cost a
    template render per option, most of the form page's time with a hundred desa
    or more. The markup is the same as Django's.
    """

    disabled_values: set[str] = set()

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)[:1]  # one value; Django selects its first option
        parts = [
            format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        ]
        for group, options in _groups(self.choices):
            if group is not None:
                parts.append(format_html('<optgroup label="{}">', group))
            for option_value, label in options:
                option_value = "" if option_value is None else str(option_value)
                selected = option_value in chosen
                if selected:
                    chosen = ()
                # data-full: the form's script narrows the list by kecamatan and must
                # not enable these again.
                full = " disabled data-full" if option_value in self.disabled_values else ""
                parts.append(
                    format_html(
                        '<option value="{}"{}{}>{}</option>',
                        option_value,
                        " selected" if selected else "",
                        mark_safe(full),
                        label,
                    )
                )
            if group is not None:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))


def _groups(choices):
    """(group label or None, [(value, label), ...]) as Django's Select walks its choices."""
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield value, label
        else:
            yield None, [(value, label)]


class RegionField(forms.TypedChoiceField):
    """A region of the seat picker, by its id: optional (the body kind says which the
    seat needs), its options outside the event shown disabled (`SelectWithDisabled`)."""

    widget = SelectWithDisabled

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, empty_value=None, **kwargs)


# The fields that choose the seat, in the order the form asks them.
UNIT_FIELDS = ("body_kind", "province", "regency", "district", "village", "role")


class RegistrationForm(PersonForm):
    body_kind = forms.ChoiceField(label=_("I represent"), widget=forms.RadioSelect)
    # Only on the form of an event across regencies (`unit_picker`): removed otherwise.
    province = RegionField(label=_("Province"))
    regency = RegionField(label=_("Regency/city"))
    district = RegionField(
        label=_("Kecamatan"), help_text=_("For PPK and PPS: the kecamatan of your committee.")
    )
    village = RegionField(
        label=_("Desa/kelurahan"), help_text=_("For PPS: the desa or kelurahan of your committee.")
    )
    role = forms.ChoiceField(label=_("Coming as"))
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # Honeypot: hidden from people by CSS; a bot that fills it is told "thank you".
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = [*UNIT_FIELDS, *PERSON_FIELDS, "submission_key", "website"]

    def __init__(
        self,
        *args,
        event: Event,
        choices: EventChoices | None = None,
        picker: UnitPicker | None = None,
        challenge: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.event = event
        self.challenge = challenge
        self.challenge_checked = False  # True: the solution was accepted already
        self.picker = picker
        self.choices = choices or EventChoices.for_event(event, units=picker is None)
        self.fields["body_kind"].choices = self.choices.kinds
        if picker is None:
            del self.fields["province"], self.fields["regency"]
            self._whole_lists()
        else:
            self._step_lists(picker)
        self.fields["role"].choices = [("", _("— choose —")), *self.choices.roles]
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_submission_key())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Which committee do you represent?"),
                "body_kind",
                *(self._step_layout() if picker else self._whole_layout()),
                "role",
            ),
            Fieldset(
                _("Your data"),
                *PERSON_FIELDS,
            ),
            # submission_key: written by the page itself, so that the rest of the
            # unfilled form is the same for everyone and can be kept (public_cache).
            Div("website", css_class="hp-field", aria_hidden="true"),
            HTML(
                '<p class="small text-muted">'
                + str(
                    _(
                        "Your NIK and phone number are used only to verify your identity and "
                        "to contact you about this event (UU 27/2022)."
                    )
                )
                + format_html(
                    ' <a href="{}">{}</a>',
                    reverse("events:privacy", args=[self.event.slug]),
                    _("Read the privacy notice: who keeps your data, for how long, your rights."),
                )
                + "</p>"
            ),
            *([self._challenge_widget()] if challenge else []),
            Submit("submit", _("Register"), css_class="btn-kpu btn-lg w-100 w-md-auto"),
        )

    def _whole_lists(self) -> None:
        """A regency's event: every kecamatan and desa, the desa grouped by kecamatan."""
        self.fields["district"].choices = ReadyChoices(
            [("", _("— choose a kecamatan —")), *self.choices.districts]
        )
        self.fields["village"].choices = ReadyChoices(
            [("", _("— choose a desa/kelurahan —")), *self.choices.villages]
        )
        self.fields["village"].widget.disabled_values = {
            str(pk) for pk in self.choices.full_villages
        }

    def _whole_layout(self) -> list:
        return [Div("district", css_class="js-district"), Div("village", css_class="js-village")]

    def _step_lists(self, picker: UnitPicker) -> None:
        """An event across regencies: each list holds the places of the one chosen above it
        (sent, or carried over by the step button), so a form never lists more than a
        province's regencies or a kecamatan's desa. A value outside its list is refused by
        its field, and nothing below it is listed."""
        provinces = picker.provinces()
        if len(provinces) > 1:
            self._step("province", provinces, _("— choose a province —"))
            province = self._picked("province", provinces)
        else:  # a KPU Provinsi's event: its regencies come first
            del self.fields["province"]
            province = provinces[0].id if provinces else None
        regencies = picker.regencies(province) if province else []
        self._step("regency", regencies, _("— choose a regency/city —"))
        regency = self._picked("regency", regencies)
        districts = picker.districts(regency) if regency else []
        self._step("district", districts, _("— choose a kecamatan —"))
        district = self._picked("district", districts)
        villages = picker.villages(district) if district else []
        self._step("village", villages, _("— choose a desa/kelurahan —"))
        self.fields["village"].widget.disabled_values = {
            str(place.id) for place in villages if place.full
        }

    def _step(self, name: str, places, prompt) -> None:
        field = self.fields[name]
        field.choices = ReadyChoices([("", prompt), *((p.id, p.label) for p in places)])

    def _picked(self, name: str, places) -> int | None:
        """The id chosen for `name`, if it is one of `places`."""
        source = self.data if self.is_bound else self.initial
        value = parse_id(source.get(self.add_prefix(name) if self.is_bound else name))
        return value if any(place.id == value for place in places) else None

    def _step_layout(self) -> list:
        search = format_html(
            '<div class="js-place-search mb-3" hidden><label class="form-label" for="{id}">{label}'
            '</label><input type="search" id="{id}" class="form-control" autocomplete="off" '
            'minlength="{min}" maxlength="{max}" placeholder="{hint}" data-none="{none}">'
            '<div class="list-group place-results mt-1" role="listbox" aria-label="{label}"></div>'
            "</div>",
            id="id_place_search",
            label=_("Find your desa/kelurahan by name"),
            hint=_("e.g. Mangun Jayo"),
            none=_("No desa/kelurahan of this event has that name."),
            min=SEARCH_MIN,
            max=SEARCH_MAX,
        )
        # Without JavaScript: the lists below a choice are filled by sending the form
        # with this button; the script removes it and fills them as a choice is made.
        step = format_html(
            '<div class="js-step mb-3"><button type="submit" name="step" value="1" '
            'class="btn btn-outline-secondary">{}</button><div class="form-text">{}</div></div>',
            _("Show the next list"),
            _("Choose above, then press this button to get the list that follows."),
        )
        return [
            HTML(search),
            *([Div("province", css_class="js-province")] if "province" in self.fields else []),
            Div("regency", css_class="js-regency"),
            Div("district", css_class="js-district"),
            Div("village", css_class="js-village"),
            HTML(step),
        ]

    def _challenge_widget(self) -> HTML:
        """The ALTCHA widget (static/vendor/altcha, started by participants/challenge.js):
        it fetches a challenge and solves it while the person fills the form in, and puts
        the solution in the hidden field "altcha". The same for every visitor, so the
        unfilled form can still be kept (public_cache)."""
        return HTML(
            format_html(
                '<div class="form-challenge mb-3"><p class="form-label mb-1">{}</p>'
                '<altcha-widget challenge="{}" name="altcha" language="id" auto="onfocus" '
                'type="checkbox" configuration="{}"></altcha-widget>'
                '<noscript><p class="alert alert-warning mt-2 mb-0">{}</p></noscript></div>',
                _("Anti-robot check"),
                reverse("participants:challenge", args=[self.event.slug]),
                '{"hideFooter": true, "hideLogo": false}',
                _(
                    "This form needs JavaScript for its anti-robot check, which your browser "
                    "does in a second or two. Turn JavaScript on, or open this page in "
                    "another browser (Chrome, Firefox, Safari); if you cannot, contact the "
                    "organiser's secretariat."
                ),
            )
        )

    def renew_submission_key(self) -> None:
        """Give the re-shown form a fresh key: its old one already made a registration."""
        self.data = self.data.copy()
        self.data["submission_key"] = new_submission_key()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        if (
            self.challenge
            and not self.challenge_checked
            and not challenge_passed(self.data.get("altcha", ""))
        ):
            # Checked on every post, valid or not: a solution counts once.
            raise forms.ValidationError(
                _(
                    "The anti-robot check was not completed, or has expired. Wait until the "
                    "box above the Register button is ticked, then send the form again."
                ),
                code="challenge",
            )
        kind = data.get("body_kind")
        role = data.get("role")
        if not kind:
            return data
        district, village = data.get("district"), data.get("village")
        unit = None
        if kind in self.choices.fixed_units:
            unit = self.choices.fixed_units[kind]
        elif kind == Body.Kind.PPK:
            if not district:
                self.add_error("district", _("Choose the kecamatan of your PPK."))
            elif self.picker:
                unit = self.picker.ppk_unit(district)
            else:
                unit = self.choices.ppk_units.get(district)
        elif kind == Body.Kind.PPS:
            if not village:
                self.add_error("village", _("Choose the desa/kelurahan of your PPS."))
            else:
                if self.picker:
                    unit = self.picker.pps_unit(village)
                else:
                    unit = self.choices.pps_units.get(village)
                if unit and district and unit.village.district_id != district:
                    self.add_error(
                        "village",
                        _("%(village)s is not in the kecamatan you chose.")
                        % {"village": unit_label(unit)},
                    )
                    unit = None
        if unit is None and not self.errors.get("district") and not self.errors.get("village"):
            self.add_error(None, _("Choose a committee from the lists."))
        if role and unit is not None:
            rule = self.choices.rule_for(kind, role)
            if rule is None:
                allowed = [
                    label
                    for value, label in self.choices.roles
                    if kind in self.choices.role_kinds.get(value, set())
                ]
                self.add_error(
                    "role",
                    _("For this committee the event takes: %(roles)s.")
                    % {"roles": ", ".join(str(label) for label in allowed)},
                )
            else:
                data["quota_rule"] = rule
                data["unit"] = unit
        return data


class PersonEditForm(PersonForm):
    """Staff's substitute form, and (with `registration`) the person's own correction.

    For the person's own correction the NIK is not filled in: the page is behind a
    link that may be forwarded or left open, and must not show a whole NIK (the
    proof page masks it too). Left empty, the NIK stays as it is.
    """

    def __init__(self, *args, submit_label=None, registration: Registration | None = None, **kw):
        super().__init__(*args, **kw)
        self.registration = registration
        if registration is not None:
            nik = self.fields["nik"]
            nik.required = False
            nik.help_text = _(
                "Now %(nik)s. Leave empty to keep it; type it only to correct it."
            ) % {"nik": registration.masked_nik}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *PERSON_FIELDS,
            Submit("submit", submit_label or _("Save"), css_class="btn-kpu"),
        )

    def clean_nik(self) -> str:
        if self.registration is not None and not self.cleaned_data["nik"].strip():
            return self.registration.stated_nik
        return self.cleaned_data["nik"]

    @classmethod
    def initial_for(cls, registration: Registration) -> dict:
        return {name: getattr(registration, name) for name in PERSON_FIELDS if name != "nik"}


class SubstituteForm(PersonEditForm):
    """Staff type the data of the person who takes the seat: the help texts speak of
    that person, not to the reader as the public form does."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, submit_label=_("Substitute"), **kwargs)
        self.fields["full_name"].help_text = _(
            "As written on the new participant's KTP, with academic titles, "
            "e.g. Drs. H. Ahmad Fauzi, S.Pd."
        )
        self.fields["nik"].help_text = _("The 16-digit number on the new participant's KTP.")


class CorrectionForm(PersonEditForm):
    """Staff correct a participant's data: the help texts speak of the participant, and
    the NIK, as on the person's own page, is typed only to change it.

    Only an account that may see whole NIKs gets the NIK field: a NIK typed here is
    refused when another seat of the event holds it, and with endless tries that
    refusal would reveal a masked NIK's hidden digits (the birth date) to anyone else.
    """

    def __init__(self, *args, registration: Registration, may_change_nik: bool, **kwargs):
        super().__init__(*args, registration=registration, **kwargs)
        self.fields["full_name"].help_text = _(
            "As written on the participant's KTP, with academic titles, "
            "e.g. Drs. H. Ahmad Fauzi, S.Pd."
        )
        if not may_change_nik:
            del self.fields["nik"]
            self.helper.layout.fields.remove("nik")

    def clean(self) -> dict:
        cleaned = super().clean()
        if "nik" not in self.fields:  # the NIK stays the registration's own
            cleaned["nik"] = self.registration.stated_nik
        return cleaned


class CheckInForm(forms.Form):
    query = forms.CharField(
        label=_("Registration code or name"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "class": "form-control-lg"}
        ),
    )


class BankAccountForm(forms.Form):
    """The account an office pays an allowance into (optional, the person's own)."""

    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,
        required=False,
        help_text=_("Digits only; leave the three fields empty to remove the account."),
    )
    account_holder = forms.CharField(label=_("Account holder"), max_length=150, required=False)

    def __init__(self, *args, current_number: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The number on file is never put back in the page (it is shown masked): left
        # empty beside a bank and a holder, it stays as it is.
        self.current_number = current_number
        self.fields["account_number"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off"}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "bank_name", "account_number", "account_holder", Submit("save", _("Save"))
        )

    def clean(self):
        cleaned = super().clean()
        keep = cleaned.get("bank_name") or cleaned.get("account_holder")
        if keep and not cleaned.get("account_number") and self.current_number:
            cleaned["account_number"] = self.current_number
        return cleaned


def add_domain_error(form, error) -> None:
    """Show a service's domain error on the field it names, or on the whole form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.message)


def form_saved(form, save) -> bool:
    """Whether `form` is valid and `save()`, the service call it feeds, went through.
    The service's domain error is shown on the form instead (`add_domain_error`)."""
    if not form.is_valid():
        return False
    try:
        save()
    except ParticipantError as error:
        add_domain_error(form, error)
        return False
    return True
