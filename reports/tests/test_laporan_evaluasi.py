"""Laporan evaluasi: the figures of the tests and the survey, as text in the PDF."""

import pytest

from learning import services
from learning.models import Assessment
from learning.tests.factories import (
    AssessmentFactory,
    MaterialFactory,
    QuestionFactory,
    right,
    wrong,
)
from reports.documents import DocumentError, build_document
from reports.documents.laporan_evaluasi import data
from reports.tests.factories import pdf_text
from reports.tests.r2_world import CHAIR_NAME, build_world, register


@pytest.fixture
def world(db, settings, tmp_path):
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = tmp_path
    return build_world()


def answer(assessment, person, questions, correct: int):
    choices = {q.pk: (right(q) if i < correct else wrong(q)) for i, q in enumerate(questions)}
    services.quiz_submit(assessment=assessment, registration=person, choices=choices)


@pytest.fixture
def evaluated(world):
    event = world.event
    questions = [
        QuestionFactory(event=event, text=f"Soal evaluasi nomor {n}?") for n in range(1, 5)
    ]
    pre = AssessmentFactory(event=event, kind=Assessment.Kind.PRE)
    post = AssessmentFactory(event=event, kind=Assessment.Kind.POST)
    survey = AssessmentFactory(event=event, kind=Assessment.Kind.SURVEY)
    speaker = event.speakers.create(name="Supriadi", topic="Target partisipasi 85 persen")
    material = MaterialFactory(event=event, title="Paparan Strategi Partisipasi")
    ani = register(world, unit=world.pps[0], full_name="Ani Lestari")
    budi = register(world, unit=world.pps[1], full_name="Budi Santoso")
    answer(pre, ani, questions, 1)  # 25
    answer(pre, budi, questions, 2)  # 50
    answer(post, ani, questions, 4)  # 100
    answer(post, budi, questions, 3)  # 75
    for person, score, comment in ((ani, 5, "Waktu diskusi ditambah."), (budi, 4, "")):
        services.survey_submit(
            assessment=survey,
            registration=person,
            speaker_scores={speaker.pk: score},
            material_scores={material.pk: 4},
            comment=comment,
        )
    return world


def test_the_report_prints_averages_gain_distribution_questions_survey_and_names(evaluated):
    document = build_document("laporan-evaluasi", event=evaluated.event)

    text = " ".join(pdf_text(document.pdf).split())
    assert "HASIL EVALUASI PEMBELAJARAN DAN KEPUASAN PESERTA" in text
    assert "Pre-test diikuti oleh 2 dari 2 peserta terdaftar dengan nilai rata-rata 37,50" in text
    assert "post-test diikuti oleh 2 peserta dengan nilai rata-rata 87,50" in text
    assert "Nilai rata-rata naik 50,00 poin" in text
    assert "Peningkatan nilai rata-rata (poin) +50,00" in text
    assert "21–40 1 50,00" in text  # Ani's 25 on the pre-test: one of two people
    assert "Soal evaluasi nomor 1? Pilihan B 100 100 0" in text
    assert "Soal evaluasi nomor 4? Pilihan B 0 50 +50" in text
    assert "Supriadi Target partisipasi 85 persen 2 4,50" in text
    assert "Paparan Strategi Partisipasi Supriadi" not in text  # material has no speaker
    assert "Paparan Strategi Partisipasi 2 4,00" in text
    assert "Kesan dan Saran Peserta Waktu diskusi ditambah." in text
    assert "Ani Lestari" in text and "Budi Santoso" in text and "+75" in text
    assert CHAIR_NAME in text and "12 November 2024" in text
    assert document.filename.startswith("laporan-evaluasi-")


def test_the_report_carries_the_svg_charts(evaluated):
    context = data(event=evaluated.event, paper="A4")

    report = context["report"]
    assert str(report.distribution_chart).startswith("<svg")
    assert str(report.distribution_chart).count('class="bar"') == 10  # 5 bands x 2 tests
    assert str(report.question_chart).count('class="bar"') == 8  # 4 questions x 2 tests


def test_no_report_before_anyone_took_a_test(world):
    with pytest.raises(DocumentError, match="Belum ada peserta yang mengikuti"):
        build_document("laporan-evaluasi", event=world.event)


def test_the_report_data_costs_the_same_queries_for_more_people(
    evaluated, django_assert_num_queries
):
    # the event, ten for the results (learning.selectors.evaluation_results), the chair
    with django_assert_num_queries(12):
        data(event=evaluated.event, paper="A4")
