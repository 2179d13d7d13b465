from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.tests.factories import EventFactory
from learning.models import Assessment, Submission
from learning.tests.factories import (
    MINIMAL_PDF,
    AssessmentFactory,
    MaterialFactory,
    QuestionFactory,
    right,
)
from participants.models import Registration
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def person():
    # An event of these days: its private links are still valid (they expire after it).
    today = timezone.localdate()
    event = EventFactory(first_day=today, last_day=today + timedelta(days=1))
    return RegistrationFactory(quota_rule__event=event, status=Registration.Status.VERIFIED)


def test_the_private_page_links_the_open_pre_test_and_the_materials(client, person):
    AssessmentFactory(event=person.event, kind=Assessment.Kind.PRE)
    material = MaterialFactory(event=person.event, title="Paparan Sesi 1")

    page = client.get(reverse("participants:detail", args=[person.private_token])).content.decode()

    assert reverse("learning:quiz", args=[person.private_token, "pre"]) in page
    assert reverse("learning:material", args=[person.private_token, material.pk]) in page
    assert "Paparan Sesi 1" in page


def test_a_participant_takes_the_pre_test_once_through_the_private_link(client, person):
    questions = [QuestionFactory(event=person.event) for _ in range(2)]
    AssessmentFactory(event=person.event, kind=Assessment.Kind.PRE)
    url = reverse("learning:quiz", args=[person.private_token, "pre"])
    data = {f"question_{q.pk}": right(q) for q in questions}

    response = client.post(url, data, follow=True)

    assert "2 dari 2 jawaban benar" in response.content.decode()
    submission = Submission.objects.get()
    assert (submission.registration, submission.correct) == (person, 2)
    again = client.post(url, data, follow=True).content.decode()
    assert "sudah mengirim" in again
    assert Submission.objects.count() == 1


def test_an_unanswered_question_is_shown_again_with_a_message(client, person):
    questions = [QuestionFactory(event=person.event) for _ in range(2)]
    AssessmentFactory(event=person.event, kind=Assessment.Kind.PRE)

    response = client.post(
        reverse("learning:quiz", args=[person.private_token, "pre"]),
        {f"question_{questions[0].pk}": right(questions[0])},
    )

    assert response.status_code == 200
    assert "Pilih satu jawaban." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_closed_test_shows_no_form(client, person):
    QuestionFactory(event=person.event)
    now = timezone.now()
    AssessmentFactory(
        event=person.event,
        kind=Assessment.Kind.POST,
        opens_at=now + timedelta(hours=2),
        closes_at=now + timedelta(hours=3),
    )

    page = client.get(
        reverse("learning:quiz", args=[person.private_token, "post"])
    ).content.decode()

    assert "<form" not in page.split("<main")[1].split("</main>")[0]
    assert "dibuka" in page


def test_a_wrong_code_finds_no_test(client, person):
    AssessmentFactory(event=person.event, kind=Assessment.Kind.PRE)

    assert client.get(reverse("learning:quiz", args=["ZZZZZZZZ", "pre"])).status_code == 404


def test_a_material_downloads_through_the_private_link_as_an_attachment(client, person):
    material = MaterialFactory(event=person.event, file_name="paparan sesi 1.pdf")

    response = client.get(reverse("learning:material", args=[person.private_token, material.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "paparan sesi 1.pdf" in response["Content-Disposition"]


def test_a_private_link_opens_only_its_own_events_materials(client, person):
    elsewhere = MaterialFactory(is_public=True)

    url = reverse("learning:material", args=[person.private_token, elsewhere.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("status", ["pending", "rejected", "cancelled"])
def test_private_materials_go_only_to_a_verified_registration(client, person, status):
    Registration.objects.filter(pk=person.pk).update(status=status)
    private = MaterialFactory(event=person.event, title="Materi Internal", is_public=False)
    public = MaterialFactory(event=person.event, title="Materi Umum", is_public=True)
    token = person.private_token

    page = client.get(reverse("participants:detail", args=[token])).content.decode()
    download = client.get(reverse("learning:material", args=[token, private.pk]))

    assert "Materi Internal" not in page
    assert download.status_code == 404
    assert client.get(reverse("learning:material", args=[token, public.pk])).status_code == 200


def test_a_verified_registration_gets_the_private_materials(client, person):
    private = MaterialFactory(event=person.event, title="Materi Internal", is_public=False)
    page = client.get(reverse("participants:detail", args=[person.private_token])).content.decode()
    assert "Materi Internal" in page
    url = reverse("learning:material", args=[person.private_token, private.pk])
    assert client.get(url).status_code == 200


def test_only_a_public_material_downloads_from_the_event_page(client, person):
    hidden = MaterialFactory(event=person.event, is_public=False)
    shown = MaterialFactory(event=person.event, is_public=True, title="Materi Umum")

    event_page = client.get(reverse("events:detail", args=[person.event.slug])).content.decode()

    assert "Materi Umum" in event_page and hidden.title not in event_page
    slug = person.event.slug
    assert client.get(reverse("learning:public-material", args=[slug, shown.pk])).status_code == 200
    assert (
        client.get(reverse("learning:public-material", args=[slug, hidden.pk])).status_code == 404
    )


def test_materials_are_not_under_the_public_media_url(settings, person):
    material = MaterialFactory(event=person.event)

    assert not str(material.file.path).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        material.file.url  # noqa: B018 (no base URL: nothing serves it directly)


# --- staff -----------------------------------------------------------------------------


def test_the_results_page_needs_the_permission(staff_client, person):
    url = reverse("learning:results", args=[person.event.slug])
    assert staff_client.get(url).status_code == 403


def test_the_results_page_of_another_offices_event_is_not_found(staff_of, client, person):
    from bodies.tests.factories import BodyFactory

    other_office = BodyFactory(name="KPU Kabupaten Lain")
    client.force_login(staff_of(other_office, "events.view_event"))

    assert client.get(reverse("learning:results", args=[person.event.slug])).status_code == 404


def test_the_results_page_shows_the_figures(admin_client, person):
    questions = [QuestionFactory(event=person.event) for _ in range(2)]
    pre = AssessmentFactory(event=person.event, kind=Assessment.Kind.PRE)
    from learning import services

    services.quiz_submit(
        assessment=pre, registration=person, choices={q.pk: right(q) for q in questions}
    )

    page = admin_client.get(reverse("learning:results", args=[person.event.slug]))

    text = page.content.decode()
    assert page.status_code == 200
    assert person.full_name in text and "100,00" in text


def test_staff_copy_questions_from_another_visible_event(admin_client, person):
    source = EventFactory(organiser=person.event.organiser)
    QuestionFactory(event=source, text="Apa itu DPT?")

    response = admin_client.post(
        reverse("learning:copy", args=[person.event.slug]), {"source": source.pk}
    )

    assert response.status_code == 302
    assert person.event.questions.get().text == "Apa itu DPT?"
