"""Staff correct a participant's data from the record page (a name misspelt for the
certificate, a wrong phone number), without ever being shown a NIK they may not see."""

import pytest
from django.urls import reverse

from participants.models import Registration, RegistrationLog

from . import test_views_staff
from .factories import RegistrationFactory
from .test_views_staff import text_of

pytestmark = pytest.mark.django_db

NEW_NIK = "1509020202900007"


@pytest.fixture
def people(world):
    """The record page's people: Supriadi (KPU, present), Siti Aminah (PPS), a cancelled PPK."""
    return test_views_staff.people.__wrapped__(world)


@pytest.fixture
def staff(client, user_with):
    """An account of the secretariat: verifies, may not see whole NIKs."""
    client.force_login(user_with("view_registration", "verify_registration"))
    return client


@pytest.fixture
def admin_kpu(client, user_with):
    client.force_login(user_with("view_registration", "verify_registration", "view_full_nik"))
    return client


def correct(client, registration, **change):
    data = {
        "full_name": registration.full_name,
        "nik": "",
        "phone": registration.phone,
        "email": registration.email,
        "position": registration.position,
        "institution": registration.institution,
        **change,
    }
    return client.post(reverse("participants:staff-correct", args=[registration.pk]), data)


def test_a_misspelt_name_is_corrected_after_closing_and_attendance(staff, world, people):
    # The event of 2024 is over and Supriadi was present: the certificate needs his name.
    kpu = people["kpu"]
    response = correct(staff, kpu, full_name="Drs. Supriyadi, M.Si.")
    assert response["Location"] == reverse("participants:staff-detail", args=[kpu.pk])
    kpu.refresh_from_db()
    assert kpu.full_name == "Drs. Supriyadi, M.Si."
    assert kpu.status == Registration.Status.VERIFIED  # staff verify: it stays verified
    entry = kpu.log.get(action=RegistrationLog.Action.UPDATED)
    assert entry.detail == {"fields": ["full_name"]} and entry.actor is not None
    page = text_of(staff.get(response["Location"]))
    assert "Data peserta sudah disimpan." in page and "data diubah: nama lengkap" in page


def test_the_form_does_not_show_the_nik_nor_the_birth_date(staff, people):
    pps = people["pps"]
    html = staff.get(reverse("participants:staff-correct", args=[pps.pk])).content.decode()
    assert pps.masked_nik in html and pps.nik not in html
    assert pps.birth_date.strftime("%Y") not in html.replace(pps.masked_nik, "")
    assert "Siti Aminah" in html and "Anda" not in html
    # Nor when the form comes back with an error, the NIK left empty to keep it.
    html = correct(staff, pps, phone="12").content.decode()
    assert "Isi nomor HP Indonesia" in html and pps.nik not in html


def test_an_empty_nik_keeps_it_and_a_typed_one_replaces_it(admin_kpu, people):
    pps = people["pps"]
    old_nik = pps.nik
    correct(admin_kpu, pps, phone="0813 7777 8888")
    pps.refresh_from_db()
    assert (pps.nik, pps.phone) == (old_nik, "+6281377778888")
    correct(admin_kpu, pps, nik=NEW_NIK)
    pps.refresh_from_db()
    assert (pps.nik, pps.birth_date.isoformat(), pps.sex) == (NEW_NIK, "1990-02-02", "L")
    # Named among the changed fields, never with its values.
    assert old_nik not in repr(list(pps.log.values("detail")))


def test_a_nik_that_holds_another_seat_is_refused_and_nothing_changes(admin_kpu, people):
    pps = people["pps"]
    response = correct(admin_kpu, pps, full_name="Siti Aminah Baru", nik=people["kpu"].nik)
    assert response.status_code == 200
    assert "NIK ini sudah memegang kursi di kegiatan ini" in response.content.decode()
    pps.refresh_from_db()
    assert pps.full_name == "Siti Aminah"


def test_bad_input_is_told_in_indonesian_and_nothing_changes(admin_kpu, people):
    pps = people["pps"]
    response = correct(admin_kpu, pps, phone="12", nik="1234")
    page = text_of(response)
    assert response.status_code == 200
    assert "NIK harus tepat 16 digit" in page and "Isi nomor HP Indonesia" in page
    pps.refresh_from_db()
    assert pps.phone != "12"


def test_an_account_that_may_not_see_niks_cannot_type_one_to_probe(staff, people):
    # A typed NIK is refused when another seat holds it: with the field, an account
    # could guess a masked NIK's hidden digits (the birth date) one try at a time.
    pps, kpu = people["pps"], people["kpu"]
    html = staff.get(reverse("participants:staff-correct", args=[pps.pk])).content.decode()
    assert 'name="nik"' not in html and "Admin KPU" in html
    response = correct(staff, pps, nik=kpu.nik, full_name="Siti Aminah, S.Pd.")
    assert response.status_code == 302  # the NIK sent is ignored, nothing is told of it
    pps.refresh_from_db()
    assert pps.full_name == "Siti Aminah, S.Pd." and pps.nik != kpu.nik


def test_substitutions_are_limited_per_account_that_may_not_see_niks(
    client, people, world, user_with, settings
):
    settings.BIMTEK_STAFF_NIK_RATE = "2/h"
    client.force_login(user_with("view_registration", "verify_registration"))
    current = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
    for n in range(3):
        response = client.post(
            reverse("participants:staff-substitute", args=[current.pk]),
            {"full_name": "Orang Pengganti", "nik": f"150902020290000{n + 1}",
             "phone": "081377778888"},
        )  # fmt: skip
        if n < 2:
            assert response.status_code == 302
            current = Registration.objects.get(nik=f"150902020290000{n + 1}")
    assert "banyak penggantian" in text_of(response)
    assert not Registration.objects.filter(nik="1509020202900003").exists()
    # An account that may see whole NIKs is not counted.
    client.force_login(user_with("view_registration", "verify_registration", "view_full_nik"))
    response = client.post(
        reverse("participants:staff-substitute", args=[current.pk]),
        {"full_name": "Orang Pengganti", "nik": "1509020202900003", "phone": "081377778888"},
    )
    assert response.status_code == 302


def test_a_cancelled_registration_is_not_corrected(staff, people):
    ppk = people["ppk"]
    response = staff.get(reverse("participants:staff-correct", args=[ppk.pk]), follow=True)
    assert "Hanya pendaftaran yang aktif yang dapat diperbaiki." in text_of(response)
    assert correct(staff, ppk, full_name="Orang Lain").status_code == 302
    ppk.refresh_from_db()
    assert ppk.full_name == "Hendra Lubis"


def test_viewing_is_not_correcting(client, people, user_with):
    client.force_login(user_with("view_registration"))
    assert correct(client, people["pps"], full_name="X Y").status_code == 403
    detail = client.get(reverse("participants:staff-detail", args=[people["pps"].pk]))
    assert reverse("participants:staff-correct", args=[people["pps"].pk]) not in text_of(detail)


def test_another_offices_registration_is_not_found(client, world, staff_of):
    from bodies.tests.factories import BodyFactory
    from events.tests.factories import EventFactory, QuotaRuleFactory

    other_event = EventFactory(organiser=BodyFactory())
    rule = QuotaRuleFactory(event=other_event, fixed=True)
    theirs = RegistrationFactory(quota_rule=rule, unit=rule.body, role="any")
    client.force_login(
        staff_of(world.kpu, "participants.view_registration", "participants.verify_registration")
    )
    assert correct(client, theirs, full_name="X Y").status_code == 404
    theirs.refresh_from_db()
    assert theirs.full_name != "X Y"
