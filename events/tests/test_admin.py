from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from events.admin import EventAdmin, QuotaRuleForm
from events.models import Event, QuotaRule, TurnoutResult
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_event_list_shows_the_totals_side_by_side(admin_client, tebo_event):
    html = admin_client.get(reverse("admin:events_event_changelist"), **ID).content.decode()

    assert "177 = 177" in html
    assert reverse("events:quota-overview", args=[tebo_event.slug]) in html


def test_event_list_warns_loudly_when_totals_differ(admin_client, tebo_event):
    Event.objects.filter(pk=tebo_event.pk).update(declared_total=170)

    response = admin_client.get(reverse("admin:events_event_changelist"), **ID)

    assert "177 ≠ 170" in response.content.decode()
    assert any("menetapkan 170" in m for m in messages_of(response))


def test_event_list_queries_do_not_grow_with_events(
    admin_client, tebo_event, django_assert_num_queries
):
    url = reverse("admin:events_event_changelist")
    admin_client.get(url)
    # session, user, election filter, 2 counts, events, rules, unit counts, 2 date hierarchy
    with django_assert_num_queries(10) as few:
        admin_client.get(url)
    for _ in range(10):
        EventFactory(organiser=tebo_event.organiser, declared_total=5)
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_event_change_page_warns_when_totals_differ_and_links_the_overview(
    admin_client, tebo_event
):
    Event.objects.filter(pk=tebo_event.pk).update(declared_total=200)

    response = admin_client.get(reverse("admin:events_event_change", args=[tebo_event.pk]), **ID)

    assert response.status_code == 200
    assert "177 ≠ 200" in response.content.decode()
    assert reverse("events:quota-overview", args=[tebo_event.slug]) in response.content.decode()
    assert any("aturan kuota menghasilkan 177 peserta" in m for m in messages_of(response))


def test_staff_without_permission_cannot_open_the_event_admin(staff_client, tebo_event):
    response = staff_client.get(reverse("admin:events_event_change", args=[tebo_event.pk]))

    assert response.status_code == 403


def test_the_close_and_open_actions_call_the_services(admin_client, tebo_event):
    url = reverse("admin:events_event_changelist")
    data = {"_selected_action": [tebo_event.pk], "index": 0}

    closed = admin_client.post(url, {**data, "action": "close_registration"}, **ID)
    tebo_event.refresh_from_db()
    assert tebo_event.status == Event.Status.CLOSED
    assert "Pendaftaran ditutup: 1 acara." in messages_of(closed)

    admin_client.post(url, {**data, "action": "open_registration"}, **ID)
    tebo_event.refresh_from_db()
    assert tebo_event.status == Event.Status.OPEN
    assert tebo_event.registration_closes_at is None


def test_an_action_the_state_refuses_shows_why(admin_client, tebo_event):
    empty = EventFactory(organiser=tebo_event.organiser, status=Event.Status.DRAFT)

    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"_selected_action": [empty.pk], "index": 0, "action": "open_registration"},
        **ID,
    )

    assert any("Tambahkan sedikitnya satu aturan kuota" in m for m in messages_of(response))
    empty.refresh_from_db()
    assert empty.status == Event.Status.DRAFT


def test_the_held_and_cancel_actions_call_the_services(admin_client, tebo_event):
    url = reverse("admin:events_event_changelist")
    data = {"_selected_action": [tebo_event.pk], "index": 0}

    refused = admin_client.post(url, {**data, "action": "mark_held"}, **ID)
    assert any("tidak dapat menjadi" in m for m in messages_of(refused))
    assert Event.objects.get(pk=tebo_event.pk).status == Event.Status.OPEN

    admin_client.post(url, {**data, "action": "close_registration"}, **ID)
    held = admin_client.post(url, {**data, "action": "mark_held"}, **ID)
    assert Event.objects.get(pk=tebo_event.pk).status == Event.Status.HELD
    assert "Ditandai sudah dilaksanakan: 1 acara." in messages_of(held)

    other = EventFactory(organiser=tebo_event.organiser, status=Event.Status.DRAFT)
    cancel = {"_selected_action": [other.pk], "index": 0, "action": "cancel_event"}
    asked = admin_client.post(url, cancel, **ID)
    assert "tidak dapat dibuka" in asked.content.decode()
    assert Event.objects.get(pk=other.pk).status == Event.Status.DRAFT
    cancelled = admin_client.post(url, {**cancel, "post": "yes"}, **ID)
    assert Event.objects.get(pk=other.pk).status == Event.Status.CANCELLED
    assert "Acara dibatalkan: 1 acara." in messages_of(cancelled)


def test_the_open_action_keeps_the_window_typed_in_the_form(admin_client, tebo_event):
    opens = timezone.now() + timedelta(days=1)
    closes = timezone.now() + timedelta(days=5)
    Event.objects.filter(pk=tebo_event.pk).update(
        status=Event.Status.DRAFT, registration_opens_at=opens, registration_closes_at=closes
    )

    admin_client.post(
        reverse("admin:events_event_changelist"),
        {"_selected_action": [tebo_event.pk], "index": 0, "action": "open_registration"},
        **ID,
    )

    tebo_event.refresh_from_db()
    assert tebo_event.status == Event.Status.OPEN
    assert (tebo_event.registration_opens_at, tebo_event.registration_closes_at) == (
        opens,
        closes,
    )


@pytest.mark.parametrize("event_exists", [True, False])
def test_the_event_form_has_no_status_field(admin_user, tebo_event, event_exists):
    request = RequestFactory().get("/")
    request.user = admin_user

    form_class = EventAdmin(Event, admin.site).get_form(
        request, tebo_event if event_exists else None
    )

    assert "status" not in form_class.base_fields


def test_a_new_event_starts_as_a_draft_whatever_the_form_sends(admin_client, kpu_tebo):
    data = add_event_data(kpu_tebo, rules=[PPS_RULE], status="held")

    response = admin_client.post(reverse("admin:events_event_add"), data, **ID)

    assert response.status_code == 302
    assert Event.objects.get(slug="bimtek-pemutakhiran-data").status == Event.Status.DRAFT


def test_editing_the_window_refuses_a_closing_time_already_past(admin_user, tebo_event):
    past = timezone.localtime() - timedelta(hours=2)

    errors = event_form_errors(
        admin_user,
        tebo_event,
        registration_closes_at_0=past.date().isoformat(),
        registration_closes_at_1=past.strftime("%H:%M"),
    )

    assert errors["registration_closes_at"] == [
        "Waktu penutupan sudah lewat; pilih waktu yang lebih akhir."
    ]
    assert Event.objects.get(pk=tebo_event.pk).registration_closes_at is None


def test_a_closed_event_keeps_its_past_closing_time_when_other_fields_change(
    admin_user, tebo_event
):
    from events.services import event_close_registration

    event_close_registration(event=tebo_event)
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = EventAdmin(Event, admin.site).get_form(request, tebo_event)
    closes = timezone.localtime(tebo_event.registration_closes_at)
    data = {
        "title": "Bimtek Baru",
        "slug": tebo_event.slug,
        "organiser": tebo_event.organiser_id,
        "venue_name": tebo_event.venue_name,
        "first_day": tebo_event.first_day,
        "last_day": tebo_event.last_day,
        "registration_closes_at_0": closes.date().isoformat(),
        "registration_closes_at_1": closes.strftime("%H:%M:%S"),  # as the page shows it
    }

    form = form_class(data=data, instance=tebo_event)

    assert form.is_valid(), form.errors


# --- Forms: every inconsistent input gets a clear message -------------------


def event_form_errors(admin_user, event, **changes):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = EventAdmin(Event, admin.site)
    form_class = model_admin.get_form(request, event)
    fields = [f for f in form_class.base_fields]
    data = {name: getattr(event, name) for name in fields if hasattr(event, name)}
    data["organiser"] = event.organiser_id
    data["election"] = event.election_id
    data.update(changes)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    form = form_class(data=data, instance=event)
    assert not form.is_valid()
    return form.errors


def test_event_form_refuses_inconsistent_dates_and_targets(admin_user, tebo_event):
    errors = event_form_errors(
        admin_user,
        tebo_event,
        last_day=date(2024, 11, 1),
        participation_target="120",
        attendance_target="-5",
        registration_opens_at_0="2024-11-05",
        registration_opens_at_1="08:00",
        registration_closes_at_0="2024-11-04",
        registration_closes_at_1="08:00",
    )

    assert errors["last_day"] == ["Hari terakhir tidak boleh sebelum hari pertama."]
    assert errors["participation_target"] == ["Target berupa persentase antara 0 dan 100."]
    assert errors["attendance_target"] == ["Target berupa persentase antara 0 dan 100."]
    assert errors["registration_closes_at"] == ["Pendaftaran harus ditutup setelah dibuka."]


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"scope": "per_unit", "body_kind": "PPS", "role": "sosdiklih", "seats": 1},
            "role",
            "Acara ini sudah memiliki aturan untuk PPS",
        ),
        (
            {"scope": "per_unit", "body_kind": "PPS", "role": "any", "seats": 0},
            "seats",
            "Satu aturan memberi sedikitnya satu kursi",
        ),
        (
            {"scope": "fixed", "body_kind": "KPU_KAB", "role": "commissioner", "seats": 5},
            "body",
            "Aturan tetap memerlukan lembaga",
        ),
        (
            {"scope": "per_unit", "body_kind": "KPU_KAB", "role": "any", "seats": 1},
            "body_kind",
            "Aturan per unit hanya untuk PPK atau PPS",
        ),
    ],
)
def test_quota_rule_inline_form_shows_each_problem(tebo_event, data, field, message):
    form = QuotaRuleForm(data={"order": 9, **data}, instance=QuotaRule(event=tebo_event))

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_quota_rule_inline_form_refuses_a_kind_with_no_units_in_the_area(tebo_event):
    tebo_event.organiser.regency.bodies.filter(kind="PPS").delete()
    data = {"order": 9, "scope": "per_unit", "body_kind": "PPS", "role": "any", "seats": 1}
    event = EventFactory(organiser=tebo_event.organiser)

    form = QuotaRuleForm(data=data, instance=QuotaRule(event=event))

    assert not form.is_valid()
    assert "Tidak ada PPS di wilayah KPU Kabupaten Tebo" in form.errors["body_kind"][0]


def test_quota_rule_inline_refuses_fewer_seats_than_taken_with_the_services_message(
    tebo_event,
):
    from participants.tests.factories import RegistrationFactory

    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    for seat in (1, 2, 3):
        RegistrationFactory(quota_rule=rule, unit=rule.body, seat_number=seat)
    data = {
        "order": rule.order,
        "scope": "fixed",
        "body_kind": "KPU_KAB",
        "body": rule.body_id,
        "role": "any",
        "seats": 2,
        "label": rule.label,
    }

    form = QuotaRuleForm(data=data, instance=rule)

    assert not form.is_valid()
    assert form.errors["seats"] == [
        "Jumlah kursi tidak dapat kurang dari 3: KPU Kabupaten Tebo sudah memiliki 3 "
        "pendaftaran aktif untuk aturan ini (sampai kursi nomor 3). Batalkan atau tolak "
        "pendaftaran terlebih dahulu."
    ]


def test_quota_rule_inline_refuses_another_kind_for_a_rule_with_registrations(tebo_event):
    from participants.tests.factories import RegistrationFactory

    rule = tebo_event.quota_rules.get(body_kind="PPS")
    unit = tebo_event.organiser.regency.bodies.filter(kind="PPS").first()
    RegistrationFactory(quota_rule=rule, unit=unit)
    data = {"order": 9, "scope": "per_unit", "body_kind": "PPK", "role": "any", "seats": 1}

    form = QuotaRuleForm(data=data, instance=rule)

    assert not form.is_valid()
    assert "tidak dapat diubah" in form.errors["body_kind"][0]


# --- Turnout import ----------------------------------------------------------


def test_turnout_import_page_imports_a_good_file(admin_client, tebo_event):
    TurnoutResult.objects.all().delete()
    upload = SimpleUploadedFile("hasil.csv", b"kode,dpt,suara\n15.09,262261,182271\n")

    response = admin_client.post(
        reverse("admin:events_turnoutresult_import"),
        {"election": tebo_event.election_id, "file": upload},
        **ID,
    )

    assert response.status_code == 302
    assert TurnoutResult.objects.get(regency__code="15.09").votes_cast == 182271


def test_turnout_import_page_lists_the_errors_and_keeps_the_data(admin_client, tebo_event):
    before = TurnoutResult.objects.count()
    upload = SimpleUploadedFile("hasil.csv", b"15.09,100,200\n")

    response = admin_client.post(
        reverse("admin:events_turnoutresult_import"),
        {"election": tebo_event.election_id, "file": upload},
        **ID,
    )

    assert response.status_code == 200
    assert "Baris 1: pengguna hak pilih (200) melebihi DPT (100)." in response.content.decode()
    assert TurnoutResult.objects.count() == before


def test_turnout_list_marks_illustrative_figures(admin_client, tebo_event):
    html = admin_client.get(reverse("admin:events_turnoutresult_changelist"), **ID)

    assert "Ilustrasi data demo, bukan hasil resmi" in html.content.decode()
    assert "69,50" in html.content.decode()
    assert "262.261" in html.content.decode()


def test_staff_without_permission_cannot_import_turnout(staff_client):
    assert staff_client.get(reverse("admin:events_turnoutresult_import")).status_code == 403


def test_anonymous_users_are_sent_to_login_from_the_import(client):
    response = client.get(reverse("admin:events_turnoutresult_import"))

    assert response.status_code == 302


# --- The add page with its inlines, as staff submit it ------------------------

# Every inline of the event's page, the learning app's too (it adds them: learning/admin.py).
INLINES = (
    "quota_rules",
    "legal_bases",
    "speakers",
    "agenda_items",
    "allowance_lines",
    "materials",
    "assessments",
    "certificate_rule",
)


def add_event_data(organiser, *, rules=(), agenda=(), **changes) -> dict:
    data = {
        "title": "Bimtek Pemutakhiran Data",
        "slug": "bimtek-pemutakhiran-data",
        "organiser": organiser.pk,
        "venue_name": "Aula KPU",
        "first_day": "2024-11-11",
        "last_day": "2024-11-12",
        "status": "draft",
        **changes,
    }
    rows = {"quota_rules": list(rules), "agenda_items": list(agenda)}
    for prefix in INLINES:
        forms_ = rows.get(prefix, [])
        data.update({f"{prefix}-TOTAL_FORMS": len(forms_), f"{prefix}-INITIAL_FORMS": 0})
        for i, row in enumerate(forms_):
            data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


PPS_RULE = {"order": 1, "scope": "per_unit", "body_kind": "PPS", "role": "any", "seats": 2}


def test_staff_add_an_event_with_its_rules_and_agenda(admin_client, kpu_tebo):
    data = add_event_data(
        kpu_tebo,
        rules=[PPS_RULE],
        agenda=[{"day": "2024-11-12", "start_time": "08:00", "session": "Pembukaan"}],
    )

    response = admin_client.post(reverse("admin:events_event_add"), data, **ID)

    assert response.status_code == 302
    event = Event.objects.get(slug="bimtek-pemutakhiran-data")
    assert event.quota_rules.get().seats == 2
    assert event.agenda_items.count() == 1


def test_an_agenda_day_outside_the_event_is_refused_on_the_add_page(admin_client, kpu_tebo):
    data = add_event_data(
        kpu_tebo, agenda=[{"day": "2024-11-20", "start_time": "08:00", "session": "Pembukaan"}]
    )

    response = admin_client.post(reverse("admin:events_event_add"), data, **ID)

    assert response.status_code == 200
    assert "Hari harus salah satu hari pelaksanaan acara." in response.content.decode()
    assert not Event.objects.filter(slug="bimtek-pemutakhiran-data").exists()


def test_two_identical_rules_in_one_submission_are_refused_not_crashed(admin_client, kpu_tebo):
    data = add_event_data(kpu_tebo, rules=[PPS_RULE, {**PPS_RULE, "order": 2}])

    response = admin_client.post(reverse("admin:events_event_add"), data, **ID)

    assert response.status_code == 200
    assert "Dua aturan kuota untuk PPS dan peran yang sama" in response.content.decode()
    assert not Event.objects.filter(slug="bimtek-pemutakhiran-data").exists()


def test_a_last_day_before_the_first_is_refused_on_the_add_page(admin_client, kpu_tebo):
    data = add_event_data(kpu_tebo, last_day="2024-11-10")

    response = admin_client.post(reverse("admin:events_event_add"), data, **ID)

    assert "Hari terakhir tidak boleh sebelum hari pertama." in response.content.decode()
    assert not Event.objects.filter(slug="bimtek-pemutakhiran-data").exists()
