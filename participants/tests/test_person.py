"""The one person record: its checks, the form's and the services' being the same ones."""

import datetime as dt

import pytest

from participants.forms import PersonForm
from participants.nik import make_nik
from participants.person import PERSON_FIELDS, InvalidPersonData, PersonData
from participants.tests.factories import RegistrationFactory

NIK = make_nik(region_code="15.09.01", sex="P", birth_date=dt.date(1990, 2, 3), serial=7)


def test_it_normalises_every_field():
    person = PersonData(
        full_name="  Siti   Aminah ",
        nik=f"{NIK[:6]} {NIK[6:12]}-{NIK[12:]}",
        phone="0812-3456-7890",
        email=" siti@example.id ",
        position=" Anggota\tPPS ",
    ).cleaned()
    assert person == PersonData(
        full_name="Siti Aminah",
        nik=NIK,
        phone="+6281234567890",
        email="siti@example.id",
        position="Anggota PPS",
    )
    assert person.cleaned() == person


def test_the_registration_columns_carry_what_the_nik_holds():
    values = PersonData(full_name="Siti Aminah", nik=NIK, phone="081234567890").model_values()
    assert (values["sex"], values["birth_date"]) == ("P", dt.date(1990, 2, 3))


@pytest.mark.parametrize(
    ("field", "value"),
    [("full_name", "X"), ("nik", "123"), ("phone", "12345"), ("email", "no-at-sign")],
)
def test_a_refusal_names_its_field_with_the_forms_own_message(field, value):
    raw = {"full_name": "Siti Aminah", "nik": NIK, "phone": "081234567890", field: value}
    with pytest.raises(InvalidPersonData) as caught:
        PersonData(**raw).cleaned()
    assert caught.value.field == field
    form = PersonForm(data=raw)
    assert not form.is_valid()
    assert form.errors[field] == [str(caught.value.message)]


def test_the_form_fills_the_record_the_services_take():
    form = PersonForm(data={"full_name": "Siti Aminah", "nik": NIK, "phone": "0812 3456 7890"})
    assert form.is_valid(), form.errors
    assert form.person_data() == PersonData(
        full_name="Siti Aminah", nik=NIK, phone="+6281234567890"
    )
    assert set(PERSON_FIELDS) <= set(form.fields)


@pytest.mark.django_db
def test_a_registration_gives_its_record_with_the_nik_as_the_person_gave_it():
    registration = RegistrationFactory(nik=None, nik_in_review=NIK)
    assert PersonData.of(registration).nik == NIK


def test_a_golongan_outside_the_list_is_refused_next_to_its_field():
    with pytest.raises(InvalidPersonData) as caught:
        PersonData(full_name="Siti Aminah", nik=NIK, phone="081234567890", grade="V").cleaned()
    assert caught.value.field == "grade"


@pytest.mark.django_db
def test_the_golongan_goes_from_the_form_to_the_registration_and_the_export(world):
    from participants.exports import registrations_csv
    from participants.services import registration_create

    form = PersonForm(
        data={"full_name": "Siti Aminah", "nik": NIK, "phone": "081234567890", "grade": "III"}
    )
    assert form.is_valid(), form.errors
    rule = world.pps_rule
    registration = registration_create(
        event=world.event,
        quota_rule=rule,
        unit=world.pps[0],
        role=rule.role,
        person=form.person_data(),
    )
    registration.refresh_from_db()
    assert registration.grade == "III"
    heading, row = registrations_csv(event=world.event).splitlines()[:2]
    assert row.split(";")[heading.split(";").index("Gol.")] == "III"
