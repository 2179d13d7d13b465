"""The account an office pays an allowance into (issue #19): given optionally on the
private page, masked on every page but the payment list, removed with the rest."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from participants import errors, services
from participants.models import Registration

from .factories import RegistrationFactory, build_world

pytestmark = pytest.mark.django_db
NUMBER = "2001000150901"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def person(world):
    return RegistrationFactory(
        quota_rule=world.pps_rule, unit=world.pps[0], status=Registration.Status.VERIFIED
    )


def account_url(registration):
    return reverse("participants:account", args=[registration.private_token])


def test_a_person_gives_an_account_on_the_private_page_and_sees_it_masked(client, person):
    response = client.post(
        account_url(person),
        {"bank_name": "Bank  Jambi", "account_number": "2001-000 150901", "account_holder": "Ani"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.bank_name, person.account_number, person.account_holder) == (
        "Bank Jambi", NUMBER, "Ani",
    )  # fmt: skip
    for url in (account_url(person), reverse("participants:detail", args=[person.private_token])):
        html = client.get(url).content.decode()
        assert "*********0901" in html and NUMBER not in html
    # The log names the fields, never the number.
    entry = person.log.latest("id")
    assert NUMBER not in repr(entry.detail) and "account_number" in entry.detail["fields"]


def test_leaving_the_number_empty_keeps_it_and_three_empty_fields_remove_it(client, person):
    services.registration_bank_account_set(
        registration=person, bank_name="BRI", account_number=NUMBER, account_holder="Ani"
    )
    client.post(
        account_url(person), {"bank_name": "BNI", "account_number": "", "account_holder": "Ani"}
    )
    person.refresh_from_db()
    assert (person.bank_name, person.account_number) == ("BNI", NUMBER)

    client.post(account_url(person), {"bank_name": "", "account_number": "", "account_holder": ""})
    person.refresh_from_db()
    assert (person.bank_name, person.account_number, person.account_holder) == ("", "", "")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"bank_name": "BRI", "account_number": "", "account_holder": ""}, "ketiganya"),
        ({"bank_name": "BRI", "account_number": "12ab5678", "account_holder": "Ani"}, "angka"),
        ({"bank_name": "BRI", "account_number": "123", "account_holder": "Ani"}, "5 sampai 30"),
    ],
)
def test_an_incomplete_or_wrong_account_is_refused_in_indonesian_and_nothing_changes(
    client, person, fields, message
):
    response = client.post(account_url(person), fields)
    assert response.status_code == 200 and message in response.content.decode()
    person.refresh_from_db()
    assert person.account_number == "" and person.bank_name == ""


def test_a_cancelled_registration_cannot_give_an_account(person):
    person.status = Registration.Status.CANCELLED
    person.save()
    with pytest.raises(errors.InvalidStatus):
        services.registration_bank_account_set(
            registration=person, bank_name="BRI", account_number=NUMBER, account_holder="Ani"
        )


def test_the_staff_record_in_the_admin_shows_the_account_masked(client, person, admin_user):
    services.registration_bank_account_set(
        registration=person, bank_name="BRI", account_number=NUMBER, account_holder="Ani"
    )
    client.force_login(admin_user)
    html = client.get(
        reverse("admin:participants_registration_change", args=[person.pk])
    ).content.decode()
    assert "*********0901" in html and NUMBER not in html


def test_the_staff_record_page_shows_the_account_masked(client, person, staff_of, world):
    services.registration_bank_account_set(
        registration=person, bank_name="BRI", account_number=NUMBER, account_holder="Ani"
    )
    client.force_login(
        staff_of(world.kpu, "participants.view_registration", "participants.view_full_nik")
    )
    html = client.get(reverse("participants:staff-detail", args=[person.pk])).content.decode()
    assert "*********0901" in html and NUMBER not in html


def test_anonymise_personal_data_removes_the_account(person):
    services.registration_bank_account_set(
        registration=person, bank_name="BRI", account_number=NUMBER, account_holder="Ani"
    )
    call_command("anonymise_personal_data", "--ended-before", "2030-01-01", stdout=io.StringIO())
    person.refresh_from_db()
    assert (person.bank_name, person.account_number, person.account_holder) == ("", "", "")
