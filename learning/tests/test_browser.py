"""A participant takes the pre-test, then the post-test, on a phone through the private link."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.tests.factories import EventFactory
from learning.models import Assessment, Submission
from learning.tests.factories import AssessmentFactory, QuestionFactory
from participants.tests.factories import RegistrationFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_every_question(page, questions, *, right: int):
    """Pick the correct choice ("Pilihan B") for the first `right` questions, "Pilihan A" after."""
    for index, question in enumerate(questions):
        label = "Pilihan B" if index < right else "Pilihan A"
        page.locator("fieldset", has_text=question.text).get_by_label(label).check()


def test_a_participant_takes_the_pre_test_and_the_post_test_on_a_phone(live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    today = timezone.localdate()  # an event of these days: its private link is still valid
    event = EventFactory(
        title="Bimtek Uji Tes", first_day=today, last_day=today + timedelta(days=1)
    )
    questions = [QuestionFactory(event=event, text=f"Soal nomor {n}?") for n in range(1, 5)]
    now = timezone.now()
    AssessmentFactory(event=event, kind=Assessment.Kind.PRE)
    post = AssessmentFactory(
        event=event,
        kind=Assessment.Kind.POST,
        opens_at=now + timedelta(hours=2),
        closes_at=now + timedelta(hours=3),
    )
    person = RegistrationFactory(quota_rule__event=event)
    private = f"{live_server.url}/daftar/p/{person.private_token}/"

    page.goto(private)
    pre_row = page.locator("[data-test=pre]")
    expect(page.locator("[data-test=post]")).to_contain_text("Dibuka")
    pre_row.get_by_role("link", name="Mulai").click()
    expect(page.get_by_role("heading", name="Pre-test")).to_be_visible()
    answer_every_question(page, questions, right=1)
    page.get_by_role("button", name="Kirim").click()

    expect(page.get_by_role("alert")).to_contain_text("1 dari 4 jawaban benar")
    expect(pre_row).to_contain_text("Selesai: 1 dari 4 benar.")
    expect(pre_row.get_by_role("link", name="Mulai")).to_have_count(0)

    # After the last session staff's post-test window opens.
    Assessment.objects.filter(pk=post.pk).update(
        opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1)
    )
    page.goto(private)
    page.locator("[data-test=post]").get_by_role("link", name="Mulai").click()
    answer_every_question(page, questions, right=4)
    page.get_by_role("button", name="Kirim").click()

    expect(page.get_by_role("alert")).to_contain_text("4 dari 4 jawaban benar")
    scores = {
        s.assessment.kind: (s.correct, s.total)
        for s in Submission.objects.filter(registration=person).select_related("assessment")
    }
    assert scores == {"pre": (1, 4), "post": (4, 4)}
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
