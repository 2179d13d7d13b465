import pytest
from django.forms import inlineformset_factory
from django.urls import reverse

from bodies.tests.factories import BodyFactory
from events.tests.factories import EventFactory
from learning.admin import ChoiceFormSet
from learning.models import Choice, Question
from learning.tests.factories import MaterialFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_the_event_page_in_the_admin_has_materials_tests_and_the_certificate_rule(admin_client):
    event = EventFactory()

    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    for prefix in ("materials-TOTAL_FORMS", "assessments-TOTAL_FORMS", "certificate_rule-"):
        assert prefix in text


def test_the_event_page_in_the_admin_shows_a_material_by_name_without_a_link(admin_client):
    # A material has no URL of its own (learning/storage.py): the page answered 500.
    material = MaterialFactory(file_name="paparan-partisipasi.pdf")

    page = admin_client.get(reverse("admin:events_event_change", args=[material.event.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "paparan-partisipasi.pdf" in text  # what is stored, by the name it was uploaded as
    assert 'name="materials-0-file"' in text  # and a new file can replace it


def _choices(question, rows):
    formset_class = inlineformset_factory(
        Question, Choice, formset=ChoiceFormSet, fields=["order", "text", "is_correct"], extra=0
    )
    data = {"choices-TOTAL_FORMS": len(rows), "choices-INITIAL_FORM_COUNT": 0}
    for index, (text, correct) in enumerate(rows):
        data[f"choices-{index}-text"] = text
        data[f"choices-{index}-order"] = index
        if correct:
            data[f"choices-{index}-is_correct"] = "on"
    return formset_class(data, instance=question, prefix="choices")


@pytest.mark.parametrize(
    "rows, message",
    [
        ([("A", False), ("B", False)], "tepat satu pilihan jawaban sebagai jawaban benar"),
        ([("A", True), ("B", True)], "tepat satu pilihan jawaban sebagai jawaban benar"),
        ([("A", True)], "sekurang-kurangnya dua pilihan jawaban"),
    ],
)
def test_a_question_needs_two_choices_and_exactly_one_correct(rows, message):
    question = Question.objects.create(event=EventFactory(), text="Apa itu DPT?")

    formset = _choices(question, rows)

    assert not formset.is_valid()
    assert message in " ".join(formset.non_form_errors())


def test_staff_see_only_the_questions_of_their_offices_events(client, staff_of):
    ours, theirs = BodyFactory(name="KPU Kabupaten Kita"), BodyFactory(name="KPU Kabupaten Lain")
    QuestionFactory(event=EventFactory(organiser=ours), text="Soal kantor kita?")
    QuestionFactory(event=EventFactory(organiser=theirs), text="Soal kantor lain?")
    client.force_login(staff_of(ours, "learning.view_question"))

    page = client.get(reverse("admin:learning_question_changelist")).content.decode()

    assert "Soal kantor kita?" in page and "Soal kantor lain?" not in page


def test_learning_registers_its_own_event_admin_and_leaves_the_events_one_as_it_is():
    from django.contrib import admin

    from events.admin import EventAdmin
    from events.models import Event
    from learning.admin import LearningEventAdmin

    # The admin site makes a subclass of a registered class (accounts.admin_site).
    assert isinstance(admin.site._registry[Event], LearningEventAdmin)
    assert not {"MaterialInline", "AssessmentInline", "CertificateRuleInline"} & {
        inline.__name__ for inline in EventAdmin.inlines
    }


def test_the_question_list_filters_only_by_the_event_its_link_names(admin_client):
    question = QuestionFactory()
    changelist = reverse("admin:learning_question_changelist")

    assert admin_client.get(f"{changelist}?event__id__exact={question.event_id}").status_code == 200
    # A lookup the list does not offer (bodies.admin_security): refused, not answered.
    assert admin_client.get(f"{changelist}?text__startswith=a").status_code == 400
