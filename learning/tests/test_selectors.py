from decimal import Decimal

import pytest

from events.tests.factories import EventFactory, QuotaRuleFactory
from learning import services
from learning.models import Assessment, CertificateRule, Submission
from learning.selectors import (
    certificate_registrations,
    evaluation_results,
    participant_learning,
)
from learning.tests.factories import (
    AssessmentFactory,
    MaterialFactory,
    QuestionFactory,
    right,
    wrong,
)
from participants.tests.factories import AttendanceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def answer(assessment, person, questions, correct: int):
    """Submit with the first `correct` questions right and the others wrong."""
    choices = {q.pk: (right(q) if i < correct else wrong(q)) for i, q in enumerate(questions)}
    return services.quiz_submit(assessment=assessment, registration=person, choices=choices)


@pytest.fixture
def course():
    event = EventFactory()
    questions = [QuestionFactory(event=event) for _ in range(4)]
    pre = AssessmentFactory(event=event, kind=Assessment.Kind.PRE)
    post = AssessmentFactory(event=event, kind=Assessment.Kind.POST)
    rule = QuotaRuleFactory(event=event)
    people = [
        RegistrationFactory(quota_rule=rule, full_name=name) for name in ["Ani", "Budi", "Citra"]
    ]
    return event, questions, pre, post, people


def test_the_results_give_averages_the_gain_the_distribution_and_each_question(course):
    event, questions, pre, post, (ani, budi, citra) = course
    answer(pre, ani, questions, 1)  # 25
    answer(pre, budi, questions, 2)  # 50
    answer(post, ani, questions, 4)  # 100
    answer(post, budi, questions, 3)  # 75
    answer(post, citra, questions, 2)  # 50, no pre-test

    results = evaluation_results(event=event)

    assert (results.pre.takers, results.post.takers) == (2, 3)
    assert results.pre.average == Decimal("37.50")
    assert results.post.average == Decimal("75.00")
    assert results.gain == Decimal("37.50")
    assert results.paired_gain == Decimal("50.00")  # Ani +75, Budi +25
    assert results.both_count == 2
    assert results.pre.distribution == [
        ("0–20", 0),
        ("21–40", 1),
        ("41–60", 1),
        ("61–80", 0),
        ("81–100", 0),
    ]
    assert results.post.distribution[-1] == ("81–100", 1)
    first = results.questions[0]
    assert (first.pre_correct, first.pre_answered, first.post_correct) == (2, 2, 3)
    assert results.questions[3].pre_percent == Decimal("0.00")
    assert [row.name for row in results.takers] == ["Ani", "Budi", "Citra"]
    assert results.takers[2].gain is None


def test_the_survey_averages_per_speaker_and_material_and_keeps_the_comments(course):
    event, _questions, _pre, _post, (ani, budi, _citra) = course
    speaker = event.speakers.create(name="Supriadi", topic="Target partisipasi")
    material = MaterialFactory(event=event, title="Paparan target")
    survey = AssessmentFactory(event=event, kind=Assessment.Kind.SURVEY)
    for person, score, comment in ((ani, 5, "Sangat bermanfaat."), (budi, 4, "")):
        services.survey_submit(
            assessment=survey,
            registration=person,
            speaker_scores={speaker.pk: score},
            material_scores={material.pk: score - 1},
            comment=comment,
        )

    results = evaluation_results(event=event)

    assert results.survey_count == 2
    assert (results.speakers[0].name, results.speakers[0].average) == ("Supriadi", Decimal("4.50"))
    assert results.materials[0].average == Decimal("3.50")
    assert results.comments == ["Sangat bermanfaat."]


def test_the_results_cost_the_same_queries_for_many_people(course, django_assert_num_queries):
    event, questions, pre, post, people = course
    for person in people:
        answer(pre, person, questions, 2)
        answer(post, person, questions, 3)

    # windows, registered, submissions, questions, choices, answers counted,
    # speakers, materials, comments, survey count
    with django_assert_num_queries(10):
        results = evaluation_results(event=event)
        assert results.post.takers == 3


def _present(person, days):
    for day in days:
        AttendanceFactory(registration=person, day=day)


def test_by_default_a_certificate_needs_every_day(course):
    event, _questions, _pre, _post, (ani, budi, citra) = course
    _present(ani, [event.first_day, event.last_day])
    _present(budi, [event.first_day])

    assert list(certificate_registrations(event)) == [ani]


def test_the_any_day_rule_gives_one_to_everyone_present(course):
    event, _questions, _pre, _post, (ani, budi, citra) = course
    CertificateRule.objects.create(event=event, attendance=CertificateRule.Attendance.ANY_DAY)
    _present(ani, [event.first_day, event.last_day])
    _present(budi, [event.first_day])

    assert set(certificate_registrations(event)) == {ani, budi}


def test_a_minimum_post_test_score_is_required_when_set(course):
    event, questions, _pre, post, (ani, budi, citra) = course
    CertificateRule.objects.create(event=event, min_post_score=75)
    for person in (ani, budi, citra):
        _present(person, [event.first_day, event.last_day])
    answer(post, ani, questions, 3)  # 75: exactly the minimum
    answer(post, budi, questions, 2)  # 50
    # Citra did not take the post-test.

    assert list(certificate_registrations(event)) == [ani]
    assert Submission.objects.count() == 2


class TestKeptForThePrivatePage:
    """The event's materials and test windows are kept per process (event_learning)."""

    @pytest.fixture
    def now(self, settings, monkeypatch):
        """The keeping on, with a clock the test moves on."""
        from django.core.cache import cache

        from participants import public_cache
        from participants.tests.test_public_cache import move_the_clock

        settings.BIMTEK_KEPT_SECONDS = 3
        moment = move_the_clock(monkeypatch)
        public_cache.forget_all()
        cache.clear()
        yield moment
        public_cache.forget_all()

    def test_a_material_added_in_the_admin_shows_within_seconds(
        self, now, django_capture_on_commit_callbacks
    ):
        person = RegistrationFactory(status="verified")
        assert participant_learning(registration=person).materials == []
        MaterialFactory(event=person.event, title="Tanpa Kabar")  # no commit: nobody told
        now[0] += 4
        assert participant_learning(registration=person).materials == []
        with django_capture_on_commit_callbacks(execute=True):  # the save's commit tells all
            MaterialFactory(event=person.event, title="Paparan Baru")
        assert participant_learning(registration=person).materials == []  # the allowed age
        now[0] += 4
        titles = [m.title for m in participant_learning(registration=person).materials]
        assert sorted(titles) == ["Paparan Baru", "Tanpa Kabar"]

    def test_without_a_test_the_persons_submissions_are_not_asked_for(
        self, now, django_assert_num_queries
    ):
        person = RegistrationFactory()
        participant_learning(registration=person)
        with django_assert_num_queries(0):
            assert participant_learning(registration=person).tests == []

    def test_the_test_pages_read_the_windows_afresh(self, now):
        person = RegistrationFactory()
        participant_learning(registration=person)
        # Opened behind the signals' back (a bulk update): the kept windows lag...
        AssessmentFactory(event=person.event, kind=Assessment.Kind.PRE)
        assert participant_learning(registration=person).tests == []
        # ...but a test page asks fresh, so it never turns a person away wrongly.
        assert [t.kind for t in participant_learning(registration=person, fresh=True).tests] == [
            Assessment.Kind.PRE
        ]
