import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.tests.factories import EventFactory, QuotaRuleFactory
from participants.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


def test_home_lists_the_open_event_in_indonesian(client, tebo_event):
    days_ahead = timezone.localdate() + dt.timedelta(days=3)
    Event.objects.filter(pk=tebo_event.pk).update(first_day=days_ahead, last_day=days_ahead)

    response = client.get(reverse("events:home"), **ID)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pendaftaran dibuka" in html
    assert "Bimbingan Teknis Peningkatan Partisipasi Masyarakat" in html
    assert "Kegiatan lain" not in html


def test_home_says_an_event_whose_days_are_over_took_place_not_that_it_is_open(client, tebo_event):
    """The founding case (11-12 November 2024) was left open for registration."""
    ahead = timezone.localdate() + dt.timedelta(days=3)
    EventFactory(
        organiser=tebo_event.organiser, title="Bimtek Mendatang", first_day=ahead, last_day=ahead
    )
    assert tebo_event.status == Event.Status.OPEN

    html = client.get(reverse("events:home"), **ID).content.decode()

    open_part, others = html.split("Kegiatan lain")
    assert "Bimtek Mendatang" in open_part and "Pendaftaran dibuka" in open_part
    assert "Bimbingan Teknis Peningkatan Partisipasi Masyarakat" in others
    assert "Acara ini telah berlangsung pada 11–12 November 2024." in others
    assert "Pendaftaran dibuka" not in others


def test_home_lists_a_closed_event_among_the_others_and_hides_drafts(client, tebo_event):
    ahead = timezone.localdate() + dt.timedelta(days=10)
    EventFactory(
        organiser=tebo_event.organiser, title="Bimtek Ditutup", status=Event.Status.CLOSED,
        first_day=ahead, last_day=ahead,
    )  # fmt: skip
    EventFactory(organiser=tebo_event.organiser, title="Bimtek Rahasia", status=Event.Status.DRAFT)

    html = client.get(reverse("events:home"), **ID).content.decode()

    assert "Bimtek Ditutup" in html and "Kegiatan lain" in html
    assert "Pendaftaran sudah ditutup." in html
    assert "Bimtek Rahasia" not in html


def test_home_page_queries_do_not_grow_with_events(client, tebo_event, django_assert_num_queries):
    for _ in range(5):
        EventFactory(organiser=tebo_event.organiser, status=Event.Status.CLOSED)
    with django_assert_num_queries(2):  # open events, recent events
        client.get(reverse("events:home"), **ID)


def test_event_page_shows_dates_agenda_speakers_basis_and_seats_left(client, tebo_event):
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    RegistrationFactory(quota_rule=rule, unit=tebo_event.organiser)

    response = client.get(reverse("events:detail", args=[tebo_event.slug]), **ID)

    html = response.content.decode()
    assert response.status_code == 200
    assert "11–12 November 2024" in html
    assert "Senin, 11 November 2024" in html and "Selasa, 12 November 2024" in html
    assert "Desi Arianto" in html
    assert "Peraturan Komisi Pemilihan Umum Nomor 2 Tahun 2024" in html
    assert "GN Hotel Tebo" in html
    # Its days are over: the page says so rather than offering the form.
    assert "Acara ini telah berlangsung pada 11–12 November 2024." in html
    assert "Daftar sekarang" not in html


def test_event_page_links_to_registration_while_open_and_counts_seats_left(client, tebo_event):
    ahead = timezone.localdate() + dt.timedelta(days=3)
    Event.objects.filter(pk=tebo_event.pk).update(first_day=ahead, last_day=ahead)
    rule = tebo_event.quota_rules.get(body_kind="KPU_KAB")
    RegistrationFactory(quota_rule=rule, unit=tebo_event.organiser)

    html = client.get(reverse("events:detail", args=[tebo_event.slug]), **ID).content.decode()

    url = reverse("participants:register", args=[tebo_event.slug])
    assert f'href="{url}"' in html and "Daftar sekarang" in html
    assert "Sisa 176 kursi." in html


def test_event_page_says_why_registration_is_closed(client, tebo_event):
    Event.objects.filter(pk=tebo_event.pk).update(status=Event.Status.CANCELLED)

    html = client.get(reverse("events:detail", args=[tebo_event.slug]), **ID).content.decode()

    assert "Acara ini dibatalkan." in html
    assert "Daftar sekarang" not in html


def test_a_draft_or_unknown_event_is_not_found(client, tebo_event):
    draft = EventFactory(organiser=tebo_event.organiser, status=Event.Status.DRAFT)

    assert client.get(reverse("events:detail", args=[draft.slug])).status_code == 404
    assert client.get(reverse("events:detail", args=["tidak-ada"])).status_code == 404


def test_event_page_costs_a_fixed_number_of_queries(client, tebo_event, django_assert_num_queries):
    # event; built again (always, with the seat cache off in tests): rules, units, counts,
    # agenda + speakers, speakers, materials, legal bases
    with django_assert_num_queries(8):
        client.get(reverse("events:detail", args=[tebo_event.slug]), **ID)


# --- Quota overview (staff) -------------------------------------------------


def overview_url(event):
    return reverse("events:quota-overview", args=[event.slug])


def test_anonymous_visitors_are_sent_to_the_login(client, tebo_event):
    response = client.get(overview_url(tebo_event))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_permission_are_denied(staff_client, tebo_event):
    assert staff_client.get(overview_url(tebo_event)).status_code == 403


def test_staff_with_view_permission_see_the_overview(staff_client, staff_user, tebo_event):
    staff_user.user_permissions.add(Permission.objects.get(codename="view_event"))
    rule = tebo_event.quota_rules.get(body_kind="PPS")
    pps = rule.event.organiser.regency.bodies.filter(kind="PPS").order_by("village__code")[0]
    RegistrationFactory(quota_rule=rule, unit=pps)

    response = staff_client.get(overview_url(tebo_event), **ID)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ringkasan kuota" in html
    assert "Unit yang belum mendaftar" in html
    assert html.count('class="accordion-item"') == 12
    assert response.context["overview"].kinds["PPS"].units_missing == 128


def test_missing_desa_are_named_with_their_kecamatan(admin_client, tebo_event):
    """Tebo has a Tambun Arang in more than one kecamatan: a bare desa name is ambiguous."""
    html = admin_client.get(overview_url(tebo_event), **ID).content.decode()

    assert "PPS Desa Tambun Arang, Kec. " in html


def test_the_overview_warns_when_totals_differ(admin_client, tebo_event):
    Event.objects.filter(pk=tebo_event.pk).update(declared_total=180)

    html = admin_client.get(overview_url(tebo_event), **ID).content.decode()

    assert "aturan kuota menghasilkan 177 peserta, tetapi keputusan pleno menetapkan 180" in html


def test_quota_overview_page_queries_stay_constant(
    admin_client, tebo_event, django_assert_num_queries
):
    other = EventFactory(organiser=tebo_event.organiser)
    QuotaRuleFactory(event=other, body_kind="PPK")
    admin_client.get(overview_url(tebo_event))  # warm the session
    # session, user, event + organiser, rules, units, counts
    with django_assert_num_queries(6):
        admin_client.get(overview_url(tebo_event))
