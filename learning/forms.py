"""Forms: the material upload (type from the bytes), a test, the survey, copying questions."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.models import Event

from . import filetypes
from .models import Material


def file_size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


class MaterialFileInput(AdminFileWidget):
    """The admin's file input, showing the stored file by its name only.

    Django's shows it as a link to the file's URL, and a material has none (its
    storage refuses, learning/storage.py): it is handed out only by the views that
    check who asks. So the event's admin page answered 500 once it had a material.
    """

    template_name = "learning/widgets/material_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))

    def format_value(self, value):
        return value if self.is_initial(value) else None


class MaterialForm(forms.ModelForm):
    class Meta:
        model = Material
        fields = ["order", "title", "agenda_item", "speaker", "file", "is_public"]
        widgets = {"file": MaterialFileInput}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # An unchanged file on an existing material is the stored one: already checked.
        if upload is None or not hasattr(upload, "content_type"):
            return upload
        if upload.size > filetypes.MAX_BYTES:
            raise ValidationError(
                _("The file is %(size)s; a material can be at most 20 MB."),
                code="too_big",
                params={"size": file_size_text(upload.size)},
            )
        try:
            kind = filetypes.detect(upload)
        except filetypes.InflatesTooMuch as error:
            raise ValidationError(
                _(
                    "This file would unpack to %(size)s when opened, packed far more tightly "
                    "or in more parts than an ordinary document (an Office file may unpack "
                    "to at most %(limit)s). Save it again from the application that made "
                    "it, or as PDF."
                ),
                code="inflates",
                params={
                    "size": file_size_text(error.inflated),
                    "limit": file_size_text(filetypes.MAX_INFLATED_BYTES),
                },
            ) from None
        if kind is None:
            raise ValidationError(
                _(
                    "This file is not a PDF, PowerPoint (PPTX), Word (DOCX) or Excel (XLSX) "
                    "document. The content decides, not the file name: save it again in one "
                    "of these formats."
                ),
                code="file_type",
            )
        self.instance.file_type = kind.code
        self.instance.size = upload.size
        stem = (upload.name or "materi").rsplit(".", 1)[0][:150] or "materi"
        self.instance.file_name = f"{stem}.{kind.code}"
        return upload


class QuizForm(forms.Form):
    """One radio list per question; the field name carries the question's id."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=f"{question.number}. {question.text}",
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def choices(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"question_{q.pk}"] for q in self.questions}


SCORES = [(n, str(n)) for n in range(1, 6)]


class SurveyForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments and suggestions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, speakers, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.speakers, self.materials = speakers, materials
        fields = {}
        for prefix, items in (("speaker", speakers), ("material", materials)):
            for item in items:
                fields[f"{prefix}_{item.pk}"] = forms.TypedChoiceField(
                    label=str(item),
                    choices=SCORES,
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "score"}),
                    error_messages={"required": _("Give a score from 1 to 5.")},
                )
        # The ratings first, the free text last.
        self.fields = {**fields, "comment": self.fields["comment"]}

    def scores(self, prefix: str) -> dict[int, int]:
        items = self.speakers if prefix == "speaker" else self.materials
        return {item.pk: self.cleaned_data[f"{prefix}_{item.pk}"] for item in items}


class QuestionsCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the questions of"),
        queryset=Event.objects.none(),
        empty_label=_("Choose an event"),
    )

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = events
