"""The offline desk's JSON API: the roster it keeps and the sync its outbox goes through."""

import json
import uuid

import pytest
from django.urls import reverse

from participants.models import Attendance, CheckInDevice, CheckInScan, Registration

from .factories import AttendanceFactory, RegistrationFactory

DAY1 = "2024-11-11"
DAY2 = "2024-11-12"
DEVICE_A = "desk-a-" + "1" * 20
DEVICE_B = "desk-b-" + "2" * 20


@pytest.fixture
def people(world):
    """Five verified people of the event's PPS/PPK seats, one cancelled, one pending."""
    verified = [
        RegistrationFactory(
            quota_rule=world.kpu_rule,
            unit=world.kpu,
            seat_number=n + 1,
            full_name=name,
            status=Registration.Status.VERIFIED,
            email=f"p{n}@contoh.id",
        )
        for n, name in enumerate(["Ahmad Fauzi", "Siti Aminah", "Budi Santoso"])
    ] + [
        RegistrationFactory(
            quota_rule=world.pps_rule,
            unit=pps,
            full_name=name,
            status=Registration.Status.VERIFIED,
        )
        for pps, name in zip(world.pps[:2], ["Rina Marlina", "Joko Susilo"], strict=True)
    ]
    cancelled = RegistrationFactory(
        quota_rule=world.pps_rule,
        unit=world.pps[2],
        full_name="Dewi Batal",
        status=Registration.Status.CANCELLED,
    )
    pending = RegistrationFactory(
        quota_rule=world.ppk_rule,
        unit=world.ppk[0],
        full_name="Hendra Menunggu",
    )
    return {"verified": verified, "cancelled": cancelled, "pending": pending}


@pytest.fixture
def desk_client(client, user_with):
    client.force_login(user_with("check_in"))
    return client


def scan(code, day=DAY1, how="typed", nonce=None):
    return {
        "nonce": str(nonce or uuid.uuid4()),
        "code": code,
        "day": day,
        "at": "2024-11-11T08:05:00+07:00",
        "how": how,
    }


def post_sync(client, world, device, scans):
    return client.post(
        reverse("participants:check-in-sync", args=[world.event.slug]),
        data=json.dumps({"device": device, "scans": scans}),
        content_type="application/json",
    )


class TestRoster:
    def test_it_lists_active_registrations_with_days_and_no_personal_data(
        self, desk_client, world, people
    ):
        AttendanceFactory(registration=people["verified"][0], day="2024-11-11")
        response = desk_client.get(reverse("participants:check-in-roster", args=[world.event.slug]))
        assert response.status_code == 200
        data = response.json()
        body = response.content.decode()
        assert data["full"] is True and data["version"] > 0
        assert {row["name"] for row in data["registrations"]} == {
            p.full_name for p in [*people["verified"], people["pending"]]
        }  # the cancelled one is not on the roster
        first = next(r for r in data["registrations"] if r["id"] == people["verified"][0].pk)
        assert set(first) == {"id", "code", "name", "unit", "status", "days"}
        assert first["days"] == ["2024-11-11"] and first["unit"] == "KPU Kabupaten Uji"
        for person in Registration.objects.all():
            assert person.nik not in body
            assert person.phone not in body and person.phone[1:] not in body
            if person.email:
                assert person.email not in body
        assert "nik" not in body.lower() and "phone" not in body and "email" not in body

    def test_since_a_version_it_lists_only_what_changed(self, desk_client, world, people):
        url = reverse("participants:check-in-roster", args=[world.event.slug])
        version = desk_client.get(url).json()["version"]
        # Shift the roster's clock reading back past the overlap: nothing changed since.
        later = version + 10 * 60 * 1000
        assert desk_client.get(url, {"since": later}).json()["registrations"] == []
        Registration.objects.filter(pk=people["verified"][1].pk).update(
            status=Registration.Status.CANCELLED
        )
        from django.utils import timezone

        Registration.objects.filter(pk=people["verified"][1].pk).update(
            updated_at=timezone.now() + timezone.timedelta(minutes=20)
        )
        changed = desk_client.get(url, {"since": later}).json()
        assert changed["full"] is False
        assert [(r["id"], r["status"]) for r in changed["registrations"]] == [
            (people["verified"][1].pk, "cancelled")
        ]

    def test_a_device_is_noted_with_what_it_still_holds(self, desk_client, world, people):
        url = reverse("participants:check-in-roster", args=[world.event.slug])
        desk_client.get(url, {"device": DEVICE_A, "pending": "3"})
        device = CheckInDevice.objects.get(device=DEVICE_A)
        assert device.pending == 3 and device.version > 0

    def test_it_needs_the_check_in_permission(self, client, world, user_with):
        client.force_login(user_with("view_registration"))
        url = reverse("participants:check-in-roster", args=[world.event.slug])
        assert client.get(url).status_code == 403

    def test_the_roster_costs_the_same_handful_of_queries_for_more_people(
        self, desk_client, world, people, django_assert_max_num_queries
    ):
        url = reverse("participants:check-in-roster", args=[world.event.slug])
        for person in people["verified"]:
            AttendanceFactory(registration=person, day=DAY1)
        # session, user, permissions (x2), office, event, registrations, attendances
        with django_assert_max_num_queries(8):
            desk_client.get(url)


class TestSync:
    def test_scans_become_attendance_once_and_a_replay_changes_nothing(
        self, desk_client, world, people
    ):
        scans = [scan(p.code) for p in people["verified"][:3]]
        first = post_sync(desk_client, world, DEVICE_A, scans)
        assert first.status_code == 200
        results = first.json()["results"]
        assert [r["nonce"] for r in results] == [s["nonce"] for s in scans]
        assert [r["result"] for r in results] == ["recorded"] * 3
        assert Attendance.objects.count() == 3
        # The device's time is the attendance's time.
        attendance = Attendance.objects.get(registration=people["verified"][0])
        assert attendance.checked_in_at.isoformat() == "2024-11-11T01:05:00+00:00"
        again = post_sync(desk_client, world, DEVICE_A, scans)
        assert again.json()["results"] == results
        assert Attendance.objects.count() == 3 and CheckInScan.objects.count() == 3

    def test_two_devices_scanning_one_person_give_one_attendance_and_a_duplicate(
        self, desk_client, world, people
    ):
        person = people["verified"][0]
        post_sync(desk_client, world, DEVICE_A, [scan(person.code)])
        answer = post_sync(desk_client, world, DEVICE_B, [scan(person.code)]).json()
        assert answer["results"][0]["result"] == "duplicate"
        assert Attendance.objects.count() == 1
        assert CheckInScan.objects.filter(result="duplicate", device=DEVICE_B).count() == 1
        # Device B learns of A's check-in; A's own is not sent back to A.
        assert [o["registration"] for o in answer["others"]] == [person.pk]
        answer_a = post_sync(desk_client, world, DEVICE_A, []).json()
        assert answer_a["others"] == []

    def test_unknown_cancelled_and_out_of_event_scans_are_stored_for_review_only(
        self, desk_client, world, people, other_regency_event
    ):
        verified = people["verified"][0]
        stranger = Registration.objects.exclude(event=world.event).first()
        scans = [
            scan("ZZZZ2345"),
            scan(people["cancelled"].code),
            scan(verified.code, day="2024-11-20"),
            scan(people["pending"].code),
            scan(stranger.code),  # another office's participant reads as unknown here
        ]
        answer = post_sync(desk_client, world, DEVICE_A, scans).json()
        assert [r["result"] for r in answer["results"]] == ["needs_review"] * 5
        assert Attendance.objects.count() == 0
        stored = CheckInScan.objects.order_by("pk")
        assert [s.code for s in stored] == [s["code"] for s in scans]
        assert all(s.result == "needs_review" and s.attendance is None for s in stored)
        assert "Rahasia" not in json.dumps(answer)
        page = desk_client.get(reverse("participants:check-in-review", args=[world.event.slug]))
        html = page.content.decode()
        for sent in scans:
            assert sent["code"] in html

    def test_malformed_scans_are_refused_one_by_one_and_the_rest_counts(
        self, desk_client, world, people
    ):
        good = scan(people["verified"][0].code)
        bad = [
            {**scan("X"), "nonce": "not-a-uuid"},
            {**scan("X"), "day": "11/11/2024"},
            {**scan("X"), "how": "telepathy"},
            "just a string",
        ]
        answer = post_sync(desk_client, world, DEVICE_A, [*bad, good]).json()
        assert [r["result"] for r in answer["results"]] == ["refused"] * 4 + ["recorded"]
        assert all(r["message"] for r in answer["results"])
        assert CheckInScan.objects.count() == 1

    @pytest.mark.parametrize(
        "body",
        [
            b"not json",
            b'["a list"]',
            json.dumps({"scans": []}).encode(),
            json.dumps({"device": DEVICE_A}).encode(),
            json.dumps({"device": DEVICE_A, "scans": [scan("X")] * 201}).encode(),
        ],
    )
    def test_a_body_that_cannot_be_read_is_a_clear_400(self, desk_client, world, body):
        response = desk_client.post(
            reverse("participants:check-in-sync", args=[world.event.slug]),
            data=body,
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json()["error"]
        assert CheckInScan.objects.count() == 0

    def test_it_needs_the_check_in_permission_and_csrf(self, client, world, user_with, people):
        client.force_login(user_with("view_registration"))
        assert post_sync(client, world, DEVICE_A, []).status_code == 403
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(user_with("check_in"))
        assert post_sync(strict, world, DEVICE_A, []).status_code == 403

    def test_a_sync_notes_the_device(self, desk_client, world, people):
        post_sync(desk_client, world, DEVICE_A, [scan(people["verified"][0].code)])
        device = CheckInDevice.objects.get(device=DEVICE_A)
        assert device.last_sync_at is not None


class TestReview:
    @pytest.fixture
    def review_url(self, world):
        return reverse("participants:check-in-review", args=[world.event.slug])

    def test_accepting_a_misread_code_counts_the_right_person(
        self, desk_client, world, people, review_url
    ):
        post_sync(desk_client, world, DEVICE_A, [scan("ZZZZ2345")])
        stored = CheckInScan.objects.get()
        person = people["verified"][2]
        desk_client.post(review_url, {"scan": stored.pk, "action": "accept", "code": person.code})
        stored.refresh_from_db()
        assert stored.review == "accepted" and stored.attendance.registration == person
        assert stored.code == "ZZZZ2345" and stored.result == "needs_review"  # as it came

    def test_accepting_a_cancelled_registration_is_refused_with_its_reason(
        self, desk_client, world, people, review_url
    ):
        post_sync(desk_client, world, DEVICE_A, [scan(people["cancelled"].code)])
        stored = CheckInScan.objects.get()
        response = desk_client.post(
            review_url, {"scan": stored.pk, "action": "accept"}, follow=True
        )
        assert "dibatalkan" in response.content.decode()
        assert Attendance.objects.count() == 0
        stored.refresh_from_db()
        assert stored.review == ""

    def test_dismissing_takes_it_off_the_list(self, desk_client, world, people, review_url):
        post_sync(desk_client, world, DEVICE_A, [scan("ZZZZ2345")])
        stored = CheckInScan.objects.get()
        desk_client.post(review_url, {"scan": stored.pk, "action": "dismiss"})
        assert "ZZZZ2345" not in desk_client.get(review_url).content.decode()
        assert Attendance.objects.count() == 0


class TestPaper:
    def test_ticked_people_are_stored_as_paper_scans_and_a_resend_adds_nothing(
        self, desk_client, world, people
    ):
        url = reverse("participants:check-in-paper", args=[world.event.slug, DAY2])
        batch = str(uuid.uuid4())
        ticked = [p.pk for p in people["verified"][:2]]
        desk_client.post(url, {"present": ticked, "batch": batch})
        desk_client.post(url, {"present": ticked, "batch": batch})  # double click
        assert Attendance.objects.filter(day=DAY2).count() == 2
        assert CheckInScan.objects.filter(how="paper").count() == 2


class TestServiceWorker:
    def test_it_is_served_at_the_desk_path_so_its_scope_covers_the_desk(self, client, world):
        desk = reverse("participants:check-in-offline", args=[world.event.slug])
        worker = reverse("participants:check-in-offline-sw", args=[world.event.slug])
        assert worker.rsplit("/", 1)[0] + "/" == desk
        response = client.get(worker)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        body = response.content.decode()
        assert "storage.googleapis.com" not in body and "https://" not in body
        assert "/static/vendor/workbox/workbox-sw.js" in body

    def test_the_manifest_starts_at_the_desk(self, client, world):
        response = client.get(
            reverse("participants:check-in-offline-manifest", args=[world.event.slug])
        )
        data = json.loads(response.content)
        assert data["start_url"] == reverse(
            "participants:check-in-offline", args=[world.event.slug]
        )

    def test_the_desk_page_needs_the_check_in_permission(self, client, world, user_with):
        client.force_login(user_with("view_registration"))
        desk = reverse("participants:check-in-offline", args=[world.event.slug])
        assert client.get(desk).status_code == 403


class TestDevicesNotSent:
    def test_the_print_page_warns_of_a_device_still_holding_scans(
        self, client, world, staff_of, desk_client
    ):
        url = reverse("participants:check-in-roster", args=[world.event.slug])
        desk_client.get(url, {"device": DEVICE_A, "pending": "4"})
        desk_client.get(url, {"device": DEVICE_B, "pending": "0"})
        printer = staff_of(None, "events.view_event", username="pencetak")
        printer.is_superuser = True
        printer.save(update_fields=["is_superuser"])
        client.force_login(printer)
        page = client.get(reverse("reports:print", args=[world.event.slug])).content.decode()
        assert "1 perangkat belum mengirim" in page
        # Once it has sent everything (its next contact says 0), the warning is gone.
        desk_client.get(url, {"device": DEVICE_A, "pending": "0"})
        client.force_login(printer)
        page = client.get(reverse("reports:print", args=[world.event.slug])).content.decode()
        assert "belum mengirim" not in page

    def test_the_online_desk_links_to_the_offline_desk(self, desk_client, world):
        html = desk_client.get(
            reverse("participants:check-in", args=[world.event.slug, DAY1])
        ).content.decode()
        assert reverse("participants:check-in-offline", args=[world.event.slug]) in html


class TestStaffPagesOfTheOfflineDesk:
    @pytest.mark.parametrize("name, args", [("check-in-review", []), ("check-in-paper", [DAY1])])
    def test_they_need_the_check_in_permission(self, client, world, user_with, name, args):
        client.force_login(user_with("view_registration"))
        url = reverse(f"participants:{name}", args=[world.event.slug, *args])
        assert client.get(url).status_code == 403
        assert client.post(url, {"scan": 1, "present": [1]}).status_code == 403

    def test_a_paper_day_outside_the_event_is_not_found(self, desk_client, world):
        url = reverse("participants:check-in-paper", args=[world.event.slug, "2024-11-13"])
        assert desk_client.get(url).status_code == 404

    def test_the_review_page_costs_the_same_with_more_scans(
        self, desk_client, world, people, django_assert_num_queries
    ):
        url = reverse("participants:check-in-review", args=[world.event.slug])
        post_sync(desk_client, world, DEVICE_A, [scan("ZZZZ2345"), scan(people["cancelled"].code)])
        # session, user, permissions (x2), office, event, scans, duplicates, devices
        with django_assert_num_queries(9):
            desk_client.get(url)
        more = [scan(f"ZZZZ{n}34{n}") for n in range(2, 9)] + [
            scan(p.code) for p in people["verified"]
        ] * 2
        post_sync(desk_client, world, DEVICE_B, more)
        with django_assert_num_queries(9):
            desk_client.get(url)
