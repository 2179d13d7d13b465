"""seed_demo --participants also fills the tests, the survey and one material."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from learning.models import Assessment, Material, Question, Submission
from learning.selectors import evaluation_results


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = tmp_path


def test_seed_demo_with_participants_fills_questions_answers_survey_and_a_material(tebo_event):
    call_command("seed_demo", "--participants", stdout=io.StringIO())
    before = Submission.objects.count()
    call_command("seed_demo", "--participants", stdout=io.StringIO())

    assert Submission.objects.count() == before  # idempotent
    assert Question.objects.filter(event=tebo_event).count() == 10
    assert set(Assessment.objects.filter(event=tebo_event).values_list("kind", flat=True)) == {
        "pre",
        "post",
        "survey",
    }
    results = evaluation_results(event=tebo_event)
    assert results.pre.takers > 140 and results.post.takers > 130
    assert 10 < results.gain < 35  # a realistic gain, in points
    assert results.survey_count > 100 and results.comments
    material = Material.objects.get(event=tebo_event)
    with material.file.open("rb") as handle:
        assert len(PdfReader(handle).pages) == 2
    assert material.is_public and material.file_type == "pdf"
