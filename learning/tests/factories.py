"""Factories for tests, windows, questions and materials."""

import io
import zipfile
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.tests.factories import EventFactory
from learning.models import Assessment, Choice, Material, Question

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
}


def ooxml_bytes(kind: str, *, manifest: bool = True) -> bytes:
    """A ZIP shaped like an Office Open XML file of `kind` (what detection reads)."""
    part, content_type = OOXML[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if manifest:
            archive.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types><Override PartName="/'
                + part
                + '" ContentType="application/vnd.openxmlformats-officedocument.'
                + content_type
                + '"/></Types>',
            )
        archive.writestr(part, "<xml/>")
    return buffer.getvalue()


class AssessmentFactory(DjangoModelFactory):
    """Open now for an hour either side, unless told otherwise."""

    class Meta:
        model = Assessment

    event = factory.SubFactory(EventFactory)
    kind = Assessment.Kind.PRE
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))


class QuestionFactory(DjangoModelFactory):
    """A question with four choices, the second one correct."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    text = factory.Sequence(lambda n: f"Pertanyaan uji {n}?")
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        texts = extracted or ["Pilihan A", "Pilihan B", "Pilihan C", "Pilihan D"]
        for index, text in enumerate(texts):
            Choice.objects.create(question=self, text=text, is_correct=index == 1, order=index)


def right(question: Question) -> int:
    return question.choices.get(is_correct=True).pk


def wrong(question: Question) -> int:
    return question.choices.filter(is_correct=False).first().pk


class MaterialFactory(DjangoModelFactory):
    class Meta:
        model = Material

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Materi {n}")
    file_type = "pdf"
    file_name = "paparan.pdf"
    size = len(MINIMAL_PDF)
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="paparan.pdf"))
