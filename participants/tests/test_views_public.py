import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from bimtek_portal.testing.dates import days_ahead
from events.models import Event
from participants.models import Registration
from participants.nik import make_nik
from participants.private_link import token_hash
from participants.services import registration_cancel, registration_reject

from .factories import RegistrationFactory, add_twin_pps, build_world

pytestmark = pytest.mark.django_db

NIK = "1509011705880001"
# The public form's queries, as before full desa were shown: the seats taken are counted
# in the PPS units query itself, never one query per desa.
QUERIES_OF_THE_FORM = 5


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def form_data(world, **change):
    """A PPS member of the world's first desa, as the form sends them."""
    first_desa = {"district": world.districts[0].pk, "village": world.villages[0].pk}
    return pps_form(**{**first_desa, **change})


def pps_form(**change):
    """A PPS member as the form sends them; the place (`district`, `village`, and on a
    step-by-step form `province` and `regency`) given by the caller."""
    data = {
        "body_kind": "PPS",
        "role": "sosdiklih",
        "full_name": "Drs. H. Ahmad Fauzi, S.Pd.",
        "nik": NIK,
        "phone": "0812-3456-7890",
        "email": "",
        "position": "Anggota PPS",
        "institution": "",
        "submission_key": "key-1",
        "website": "",
    }
    data.update(change)
    return data


def token_in(response) -> str:
    """The private link's token from the redirect after registering."""
    return re.fullmatch(r"/daftar/p/([A-Za-z0-9_-]{22})/\?baru=1", response["Location"]).group(1)


@pytest.fixture
def world(db):
    """The test regency with its event coming up, so its private links are valid."""
    world = build_world()
    days_ahead(world.event)
    return world


def url(world):
    return reverse("participants:register", args=[world.event.slug])


class TestRegisterPage:
    def test_it_shows_the_form_with_a_submission_key_and_a_hidden_honeypot(self, client, world):
        html = client.get(url(world)).content.decode()
        assert 'name="submission_key"' in html
        assert re.search(r'name="submission_key" value="[0-9a-f]{32}"', html)
        assert 'class="hp-field"' in html and 'name="website"' in html
        assert "Anda mewakili badan apa?" in html
        # Desa grouped by kecamatan, all there without JavaScript.
        assert '<optgroup label="Rimbo">' in html and "Teluk Kayu Putih" in html

    def test_a_draft_event_is_not_found(self, client, world):
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.DRAFT)
        assert client.get(url(world)).status_code == 404

    def test_a_closed_event_shows_why_instead_of_the_form(self, client, world):
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.CLOSED)
        html = client.get(url(world)).content.decode()
        assert "Pendaftaran" in html and "ditutup" in html.lower()
        assert 'name="nik"' not in html
        response = client.post(url(world), form_data(world))
        assert response.status_code == 200 and not Registration.objects.exists()

    def test_an_event_whose_days_are_over_takes_no_registration_even_typed_in(self, client, world):
        # Left open by mistake after its days: the home page no longer links to it, and
        # the form's address typed in (or a bookmarked form posted) takes no one either.
        past = timezone.localdate() - dt.timedelta(days=3)
        Event.objects.filter(pk=world.event.pk).update(
            status=Event.Status.OPEN, first_day=past, last_day=past
        )
        html = client.get(url(world)).content.decode()
        assert "berlangsung pada" in html and 'name="nik"' not in html
        response = client.post(url(world), form_data(world))
        assert response.status_code == 200 and not Registration.objects.exists()

    def test_a_pps_member_registers_and_lands_on_the_code_and_qr(self, client, world):
        response = client.post(url(world), form_data(world))
        registration = Registration.objects.get()
        assert response.status_code == 302
        token = token_in(response)
        assert response["Location"] == f"/daftar/p/{token}/?baru=1"
        assert registration.private_link_hash == token_hash(token)
        page = client.get(response["Location"]).content.decode()
        assert registration.code in page and "<svg" in page
        assert "Anda sudah terdaftar." in page
        assert "1509**********01" in page and NIK not in page
        assert (registration.unit, registration.phone) == (world.pps[0], "+6281234567890")

    def test_a_second_person_for_the_same_pps_is_refused_with_the_reason(self, client, world):
        client.post(url(world), form_data(world))
        response = client.post(
            url(world), form_data(world, nik="1509015705900002", submission_key="key-2")
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Kuota PPS Desa Sungai Abang, Kec. Rimbo untuk" in html and "sudah penuh" in html
        assert "Yang masih terbuka untuk PPS" in html
        assert Registration.objects.count() == 1

    def test_the_same_form_sent_twice_makes_one_registration(self, client, world):
        first = client.post(url(world), form_data(world))
        second = client.post(url(world), form_data(world))
        assert Registration.objects.count() == 1
        # The first answer may never have arrived: the second carries the same link,
        # and it works (the e-mailed one is that link too).
        assert second["Location"] == first["Location"]
        assert client.get(second["Location"]).status_code == 200

    def test_a_second_person_on_the_same_form_is_not_given_the_first_ones_registration(
        self, client, world
    ):
        first = client.post(url(world), form_data(world, full_name="Ani Pertama"))
        # The back button on the same device, another person, the same hidden key.
        response = client.post(
            url(world),
            form_data(
                world,
                full_name="Budi Kedua",
                nik="1509011007850012",
                phone="081298765432",
                village=world.villages[1].pk,
            ),
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Formulir ini sudah dipakai" in html and "Ani Pertama" not in html
        assert first["Location"] not in html
        # The re-shown form carries a fresh key, so sending it again registers Budi.
        key = re.search(r'name="submission_key" value="([0-9a-f]+)"', html).group(1)
        assert key != "key-1"
        again = client.post(
            url(world),
            form_data(
                world,
                full_name="Budi Kedua",
                nik="1509011007850012",
                phone="081298765432",
                village=world.villages[1].pk,
                submission_key=key,
            ),
        )
        assert again.status_code == 302
        assert sorted(Registration.objects.values_list("full_name", flat=True)) == [
            "Ani Pertama",
            "Budi Kedua",
        ]

    def test_the_form_page_is_not_kept_by_the_browser(self, client, world):
        # So the back button after registering fetches a new form with a new key.
        assert "no-store" in client.get(url(world))["Cache-Control"]

    def test_an_e_mail_longer_than_the_column_is_refused_not_a_server_error(self, client, world):
        email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"
        response = client.post(url(world), form_data(world, email=email))
        assert response.status_code == 200
        assert "Mohon perbaiki isian" in response.content.decode()
        assert not Registration.objects.exists()

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("nik", "150901170588000", "NIK harus tepat 16 digit; Anda mengisi 15 digit."),
            ("nik", "15090117058800012", "NIK harus tepat 16 digit; Anda mengisi 17 digit."),
            ("nik", "15090117O5880001", "NIK hanya boleh berisi angka"),
            ("nik", "1509013205880001", "bukan tanggal lahir yang benar"),
            ("nik", "1509013102880001", "bukan tanggal lahir yang benar"),
            ("nik", "1509017205880001", "bukan tanggal lahir yang benar"),
            ("phone", "0812-ABCD-7890", "Nomor HP hanya boleh berisi angka"),
            ("full_name", "A" * 5000, "paling banyak 150 karakter, Anda mengisi 5000"),
            ("full_name", "B", "Nama sekurang-kurangnya 2 huruf"),
            ("email", "bukan-email", "Masukkan alamat e-mail yang benar"),
            ("village", "", "Pilih desa/kelurahan PPS Anda."),
            ("role", "secretariat", "kegiatan hanya menerima: Anggota yang membidangi Sosdiklih"),
        ],
    )
    def test_bad_input_gets_an_indonesian_message_and_nothing_is_stored(
        self, client, world, field, value, message
    ):
        response = client.post(url(world), form_data(world, **{field: value}))
        html = response.content.decode().replace("&#x27;", "'")
        assert response.status_code == 200
        assert message in html
        assert "Mohon perbaiki isian" in html
        assert not Registration.objects.exists()

    def test_a_single_name_is_accepted(self, client, world):
        response = client.post(url(world), form_data(world, full_name="Supriadi"))
        assert response.status_code == 302
        assert Registration.objects.get().full_name == "Supriadi"

    def test_a_village_of_another_kecamatan_is_refused(self, client, world):
        html = client.post(
            url(world), form_data(world, district=world.districts[1].pk)
        ).content.decode()
        assert "tidak berada di kecamatan yang Anda pilih" in html
        assert "PPS Desa Sungai Abang, Kec. Rimbo tidak berada" in html
        assert not Registration.objects.exists()

    def test_desa_of_the_same_name_are_offered_with_their_kecamatan(self, client, world):
        twin = add_twin_pps(world)
        html = client.get(url(world)).content.decode()
        assert (
            f'<option value="{world.villages[0].pk}">PPS Desa Sungai Abang, Kec. Rimbo</option>'
            in html
        )
        assert (
            f'<option value="{twin.village_id}">PPS Desa Sungai Abang, Kec. Tengah Ilir</option>'
            in html
        )
        assert '<optgroup label="Tengah Ilir">' in html  # the script narrows by this label

    def test_a_full_desa_is_shown_full_and_cannot_be_chosen(self, client, world):
        client.post(url(world), form_data(world))  # the desa's only PPS seat
        html = client.get(url(world)).content.decode()
        assert (
            f'<option value="{world.villages[0].pk}" disabled data-full>'
            "PPS Desa Sungai Abang, Kec. Rimbo (penuh)</option>" in html
        )
        other = re.search(rf'<option value="{world.villages[1].pk}"[^>]*>([^<]*)<', html)
        assert "disabled" not in other.group(0) and "penuh" not in other.group(1)

    def test_a_cancelled_seat_opens_the_desa_again(self, client, world):
        client.post(url(world), form_data(world))
        registration_cancel(registration=Registration.objects.get(), actor=None)
        html = client.get(url(world)).content.decode()
        assert f'<option value="{world.villages[0].pk}">' in html and "(penuh)" not in html

    def test_full_desa_cost_no_query_per_desa(self, client, world, django_assert_num_queries):
        with django_assert_num_queries(QUERIES_OF_THE_FORM):
            client.get(url(world))
        for unit in world.pps:
            RegistrationFactory(quota_rule=world.pps_rule, unit=unit)
        with django_assert_num_queries(QUERIES_OF_THE_FORM):
            html = client.get(url(world)).content.decode()
        assert html.count("(penuh)") == len(world.pps)

    def test_the_proof_and_the_cancel_page_name_the_kecamatan(self, client, world):
        twin = add_twin_pps(world)
        response = client.post(
            url(world),
            form_data(world, district=world.districts[1].pk, village=twin.village_id),
        )
        assert Registration.objects.get().unit == twin
        html = client.get(response["Location"]).content.decode()
        assert "PPS Desa Sungai Abang, Kec. Tengah Ilir" in html
        token = token_in(response)
        html = client.get(reverse("participants:cancel", args=[token])).content.decode()
        assert "PPS Desa Sungai Abang, Kec. Tengah Ilir" in html
        html = client.get(reverse("participants:edit", args=[token])).content.decode()
        assert "PPS Desa Sungai Abang, Kec. Tengah Ilir" in html

    def test_a_script_in_the_name_is_refused_and_echoed_escaped(self, client, world):
        html = client.post(
            url(world), form_data(world, full_name="<script>alert(1)</script>")
        ).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert not Registration.objects.exists()

    def test_a_script_in_free_text_is_stored_as_text_and_shown_escaped(self, client, world):
        response = client.post(
            url(world), form_data(world, institution="<script>alert(1)</script>")
        )
        registration = Registration.objects.get()
        assert registration.institution == "<script>alert(1)</script>"
        html = client.get(response["Location"]).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored(self, client, world):
        response = client.post(url(world), form_data(world, website="http://spam.example"))
        assert response.status_code == 200
        assert "Pendaftaran diterima" in response.content.decode()
        assert not Registration.objects.exists()

    def test_too_many_posts_from_one_address_get_a_friendly_429(self, client, world, settings):
        settings.BIMTEK_REGISTRATION_RATE = "2/m"
        for n in range(2):
            client.post(url(world), form_data(world, nik="x", submission_key=f"k{n}"))
        response = client.post(url(world), form_data(world))
        assert response.status_code == 429
        assert "Terlalu banyak percobaan" in response.content.decode()
        assert not Registration.objects.exists()
        # Another address is not affected.
        other = client.post(url(world), form_data(world), REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 302

    def test_the_form_needs_a_csrf_token(self, world):
        from django.test import Client

        response = Client(enforce_csrf_checks=True).post(url(world), form_data(world))
        assert response.status_code == 403
        assert not Registration.objects.exists()


class TestPrivateLink:
    def test_an_unknown_code_is_not_found(self, client, db):
        assert client.get(reverse("participants:detail", args=["ZZZZZZZZ"])).status_code == 404

    def test_the_link_opens_the_registration(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        response = client.get(reverse("participants:detail", args=[registration.private_token]))
        assert response.status_code == 200
        assert registration.full_name in response.content.decode()

    def test_the_person_corrects_the_phone(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        edit = reverse("participants:edit", args=[registration.private_token])
        assert registration.full_name in client.get(edit).content.decode()
        data = {
            "full_name": registration.full_name,
            "nik": registration.nik,
            "phone": "+62 811 2222 3333",
        }
        response = client.post(edit, data)
        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.phone == "+6281122223333"

    def test_a_bad_nik_on_correction_shows_the_message_and_keeps_the_old(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        old = registration.nik
        data = {"full_name": registration.full_name, "nik": "123", "phone": registration.phone}
        html = client.post(reverse("participants:edit", args=[registration.private_token]), data)
        assert "NIK harus tepat 16 digit" in html.content.decode()
        registration.refresh_from_db()
        assert registration.nik == old

    def test_cancel_asks_first_then_frees_the_seat(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        cancel = reverse("participants:cancel", args=[registration.private_token])
        assert "Yakin ingin membatalkan" in client.get(cancel).content.decode()
        registration.refresh_from_db()
        assert registration.status == Registration.Status.PENDING
        response = client.post(cancel, follow=True)
        registration.refresh_from_db()
        assert registration.status == Registration.Status.CANCELLED
        html = response.content.decode()
        assert "kursinya kembali kosong" in html
        assert "Perbaiki data saya" not in html

    def test_the_correction_form_does_not_show_the_whole_nik(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        html = client.get(
            reverse("participants:edit", args=[registration.private_token])
        ).content.decode()
        assert registration.nik not in html
        assert registration.masked_nik in html

    def test_an_empty_nik_on_correction_keeps_the_nik(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        old = registration.nik
        data = {"full_name": registration.full_name, "nik": "", "phone": "081122223333"}
        response = client.post(
            reverse("participants:edit", args=[registration.private_token]), data
        )
        assert response.status_code == 302
        registration.refresh_from_db()
        assert (registration.nik, registration.phone) == (old, "+6281122223333")

    @pytest.mark.parametrize("state", ["cancelled", "closed"])
    def test_the_correction_form_of_what_cannot_change_goes_back_to_the_proof(
        self, client, world, state
    ):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        if state == "cancelled":
            registration_cancel(registration=registration)
        else:
            Event.objects.filter(pk=world.event.pk).update(status=Event.Status.CLOSED)
        for name in ("participants:edit", "participants:cancel"):
            response = client.get(reverse(name, args=[registration.private_token]))
            assert response.status_code == 302, name
            assert response["Location"] == reverse(
                "participants:detail", args=[registration.private_token]
            )

    def test_an_e_mail_longer_than_the_column_on_correction_is_refused(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"
        data = {"full_name": registration.full_name, "nik": "", "phone": "081122223333"}
        response = client.post(
            reverse("participants:edit", args=[registration.private_token]),
            {**data, "email": email},
        )
        assert response.status_code == 200
        registration.refresh_from_db()
        assert registration.email == ""

    def test_a_participant_cannot_cancel_after_the_event_was_held(self, client, world):
        from .factories import AttendanceFactory

        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        AttendanceFactory(registration=registration)
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.HELD)
        response = client.post(
            reverse("participants:cancel", args=[registration.private_token]), follow=True
        )
        registration.refresh_from_db()
        assert registration.status == Registration.Status.PENDING
        assert "sekretariat" in response.content.decode()

    def test_cancelling_twice_says_it_can_no_longer_be_changed(self, client, world):
        registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
        registration_cancel(registration=registration)
        response = client.post(
            reverse("participants:cancel", args=[registration.private_token]), follow=True
        )
        assert "tidak dapat diubah lagi" in response.content.decode()


class TestAfterARejection:
    """The person whose registration was rejected learns why and how to register again."""

    REASON = "NIK tidak sesuai dengan KTP yang dilampirkan"

    @pytest.fixture
    def rejected(self, client, world, admin_user):
        token = token_in(client.post(url(world), form_data(world)))
        registration = registration_reject(
            registration=Registration.objects.get(), actor=admin_user, reason=self.REASON
        )
        registration.private_token = token
        return registration

    def test_the_private_page_says_why_and_links_to_the_form(self, client, world, rejected):
        html = client.get(
            reverse("participants:detail", args=[rejected.private_token])
        ).content.decode()
        notice = html[html.index('class="alert alert-danger') :]
        notice = notice[: notice.index("</div>")]
        assert "Pendaftaran Anda ditolak" in notice and self.REASON in notice
        assert f'href="{url(world)}"' in notice and "Daftar lagi" in notice
        assert reverse("participants:edit", args=[rejected.private_token]) not in html

    def test_when_registration_has_closed_it_says_so_instead_of_linking(
        self, client, world, rejected
    ):
        Event.objects.filter(pk=world.event.pk).update(status=Event.Status.CLOSED)
        html = client.get(
            reverse("participants:detail", args=[rejected.private_token])
        ).content.decode()
        assert self.REASON in html
        assert "Pendaftaran sudah ditutup." in html
        assert f'href="{url(world)}"' not in html

    def test_registering_again_with_the_same_nik_works(self, client, world, rejected):
        page = client.get(url(world)).content.decode()
        key = re.search(r'name="submission_key" value="([0-9a-f]+)"', page).group(1)
        response = client.post(url(world), form_data(world, submission_key=key))
        assert response.status_code == 302
        again = Registration.objects.exclude(pk=rejected.pk).get()
        assert again.private_link_hash == token_hash(token_in(response))
        assert (again.nik, again.unit, again.seat_number) == (NIK, world.pps[0], 1)
        assert again.status == Registration.Status.PENDING
        rejected.refresh_from_db()
        assert rejected.status == Registration.Status.REJECTED


def test_make_nik_fixture_value_matches_the_form_nik():
    # The NIK used above is a man born 17 May 1988 in 15.09.01.
    assert NIK == make_nik(
        region_code="15.09.01",
        sex="L",
        birth_date=dt.date(1988, 5, 17),
        serial=1,
    )


def test_walking_through_codes_is_stopped_with_a_429(client, world, settings):
    cache.clear()
    settings.BIMTEK_REGISTRATION_RATE = "3/m"
    registration = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[0])
    statuses = [
        client.get(reverse("participants:detail", args=[f"AAAAAAA{n}"])).status_code
        for n in (2, 3, 4, 5)
    ]
    assert statuses == [404, 404, 404, 429]
    # A real code still opens: only misses are counted.
    assert (
        client.get(reverse("participants:detail", args=[registration.private_token])).status_code
        == 200
    )


def test_a_ppk_member_and_the_ppk_secretariat_each_take_their_seat(client, world):
    for n, role in enumerate(("sosdiklih", "secretariat"), start=1):
        data = form_data(
            world,
            body_kind="PPK",
            district=world.districts[1].pk,
            village="",
            role=role,
            nik=make_nik(
                region_code="15.09.02",
                sex="L",
                birth_date=dt.date(1980, 1, n),
                serial=n,
            ),
            submission_key=f"ppk-{n}",
        )
        assert client.post(url(world), data).status_code == 302
    assert set(Registration.objects.values_list("unit__name", "role")) == {
        ("PPK Tengah Ilir", "sosdiklih"),
        ("PPK Tengah Ilir", "secretariat"),
    }


def test_a_kpu_staff_member_registers_without_kecamatan(client, world):
    data = form_data(world, body_kind=f"body-{world.kpu.pk}", district="", village="", role="any")
    assert client.post(url(world), data).status_code == 302
    assert Registration.objects.get().unit == world.kpu


def test_a_ppk_without_kecamatan_is_asked_for_it(client, world):
    html = client.post(url(world), form_data(world, body_kind="PPK", district="")).content.decode()
    assert "Pilih kecamatan PPK Anda." in html
    assert not Registration.objects.exists()
