"""No answer of the public side tells whether a NIK holds a seat (issue #17, findings 1-2).

Every answer is compared byte for byte with its twin after the per-request tokens are
replaced (CSRF, submission key, private link, registration code, its QR code) and the
NIK the asker typed themselves: a held NIK and a free one must give the same page.
"""

import json
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from participants import errors
from participants.models import Registration
from participants.services import registration_cancel, registration_reject, registration_verify

from .factories import RegistrationFactory
from .test_views_public import form_data, url
from .test_views_public import world as world

pytestmark = pytest.mark.django_db

# Same region, birth date and last two digits: the masked NIK (1509**********01) and the
# birth date and sex the private page shows are the same for both.
HELD = "1509011705880001"
FREE = "1509011705880101"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def tokens_out(text: str, *typed: str) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", text)
    text = re.sub(r'name="submission_key" value="[^"]+"', "KEY", text)
    text = re.sub(r"/daftar/p/[A-Za-z0-9_-]{22}/", "/daftar/p/TOKEN/", text)
    text = re.sub(r"<svg.*?</svg>", "SVG", text, flags=re.S)
    for registration in Registration.objects.all():
        text = text.replace(registration.code, "CODE")
    for value in typed:
        text = text.replace(value, "NIK")
    text = re.sub(r"\d{4}-\d\d-\d\dT[\d:.+]+", "TIME", text)
    return text


def holder(world, **extra):
    """HELD holds the seat of the first desa."""
    return RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[0], nik=HELD, full_name="Pemilik NIK", **extra
    )


def answer(client, world, nik, *, village, key):
    return client.post(
        url(world), form_data(world, nik=nik, village=village.pk, submission_key=key)
    )


def test_a_full_desa_answers_a_held_and_a_free_nik_byte_for_byte_alike(client, world):
    holder(world)
    full = world.villages[0]
    held = answer(client, world, HELD, village=full, key="k-held")
    free = answer(client, world, FREE, village=full, key="k-free")
    assert held.status_code == free.status_code == 200
    assert "sudah penuh" in held.content.decode()
    assert tokens_out(held.content.decode(), HELD) == tokens_out(free.content.decode(), FREE)
    assert Registration.objects.count() == 1


def test_the_same_nik_is_answered_by_the_desa_alone_never_by_whom_it_belongs_to(client, world):
    """The same held NIK to a full and to a free desa: refused as full there, registered
    here exactly as a free NIK is, and every page the answer leads to is the same."""
    first = holder(world)
    refused = answer(client, world, HELD, village=world.villages[0], key="k-full")
    assert "sudah penuh" in refused.content.decode()

    free_desa = world.villages[1]
    pages = []
    for nik, key in ((HELD, "k-held"), (FREE, "k-free")):
        with_mail = form_data(world, nik=nik, village=free_desa.pk, submission_key=key)
        with_mail["email"] = "peserta@example.org"
        response = client.post(url(world), with_mail)
        assert response.status_code == 302
        detail = client.get(response["Location"])
        token = response["Location"].split("/")[3]
        own = client.get(reverse("participants:own-data", args=[token]))
        edit = client.get(reverse("participants:edit", args=[token]))
        pages.append(
            [
                tokens_out(response["Location"]),
                tokens_out(detail.content.decode(), nik),
                tokens_out(json.dumps(json.loads(own.content)), nik),
                tokens_out(edit.content.decode(), nik),
            ]
        )
        # Free the desa again for the twin, as the person themselves could.
        registration_cancel(
            registration=Registration.objects.get(unit=world.pps[1], status="pending")
        )
    assert pages[0] == pages[1]
    # The confirmation e-mails (sent once committed) are alike too.
    assert len(mail.outbox) in (0, 2)
    if mail.outbox:
        held_mail, free_mail = (tokens_out(m.body) for m in mail.outbox)
        assert held_mail == free_mail
    first.refresh_from_db()
    assert first.nik == HELD and first.is_active


def test_a_held_nik_gets_a_seat_held_for_review_that_staff_cannot_verify(client, world, admin_user):
    first = holder(world)
    response = answer(client, world, HELD, village=world.villages[1], key="k-1")
    assert response.status_code == 302
    claim = Registration.objects.get(unit=world.pps[1])
    assert (claim.nik, claim.nik_in_review, claim.status) == (None, HELD, "pending")
    with pytest.raises(errors.DuplicateNik):
        registration_verify(registration=claim, actor=admin_user)
    # Once the other registration is rejected, verifying gives this one its NIK.
    registration_reject(registration=first, actor=admin_user, reason="NIK dipakai orang lain")
    claim = registration_verify(registration=claim, actor=admin_user)
    claim.refresh_from_db()
    assert (claim.nik, claim.nik_in_review, claim.status) == (HELD, "", "verified")


def test_a_retried_form_with_a_held_nik_is_answered_with_its_first_answer(client, world):
    holder(world)
    first = answer(client, world, HELD, village=world.villages[1], key="k-1")
    again = answer(client, world, HELD, village=world.villages[1], key="k-1")
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Registration.objects.filter(unit=world.pps[1]).count() == 1


def test_a_nik_correction_through_the_private_link_answers_a_held_and_a_free_nik_alike(
    client, world
):
    holder(world)
    own = RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[1], nik="1509012008900003", full_name="Budi"
    )
    edit = reverse("participants:edit", args=[own.private_token])
    detail = reverse("participants:detail", args=[own.private_token])
    answers = []
    for nik in (HELD, FREE):
        data = {"full_name": "Budi", "nik": nik, "phone": own.phone}
        response = client.post(edit, data, follow=True)
        assert response.redirect_chain == [(detail, 302)]
        answers.append(tokens_out(response.content.decode(), nik))
        own.refresh_from_db()
    assert answers[0] == answers[1]
    # Held: kept aside for review, the holder untouched; free: taken at once.
    assert (own.nik, own.nik_in_review) == (FREE, "")
    assert Registration.objects.get(full_name="Pemilik NIK").nik == HELD


def test_staff_see_a_nik_held_for_review_in_the_list(client, world, user_with):
    holder(world)
    RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1], nik=None, nik_in_review=HELD)
    client.force_login(user_with("view_registration"))
    html = client.get(reverse("participants:staff-list", args=[world.event.slug])).content
    assert "NIK ganda" in html.decode()


def test_the_holder_is_told_at_their_own_address_once_and_the_asker_nothing_more(
    client, world, django_capture_on_commit_callbacks
):
    holder(world, email="pemilik@example.org")
    for n, village in enumerate(world.villages[1:3]):
        data = form_data(world, nik=HELD, village=village.pk, district="", submission_key=f"k{n}")
        data["email"] = "peminjam@example.org"
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url(world), data).status_code == 302
    to_holder = [m for m in mail.outbox if m.to == ["pemilik@example.org"]]
    to_asker = [m for m in mail.outbox if m.to == ["peminjam@example.org"]]
    assert len(to_holder) == 1  # once per registration, however often the NIK is used
    assert "NIK Anda dipakai untuk mendaftar lagi" in to_holder[0].subject
    assert "pendaftaran yang lain menunggu pemeriksaan sekretariat" in to_holder[0].body
    assert len(to_asker) == 2
    assert all("Pendaftaran diterima" in m.subject or "diterima" in m.body for m in to_asker)
