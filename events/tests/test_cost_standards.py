"""The cost standards (issue #19): the shipped national figures cite their PMK and line;
an Admin KPU keeps its office's regional figures and cannot change the national ones;
a speaker's account number is masked on the event's page."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bodies.roles import ADMIN_KPU
from events.models import CostStandard, Speaker

pytestmark = pytest.mark.django_db


def test_every_shipped_figure_cites_its_pmk_and_line():
    national = CostStandard.objects.filter(office__isnull=True)
    assert {(f.year, f.item): f.amount for f in national} == {
        (2024, "hon_minister"): Decimal(1_700_000),
        (2024, "hon_eselon_1"): Decimal(1_400_000),
        (2024, "hon_eselon_2"): Decimal(1_000_000),
        (2024, "hon_eselon_3"): Decimal(900_000),
        (2024, "moderator"): Decimal(700_000),
    }
    for figure in national:
        assert figure.source.startswith("PMK 49/2023 (SBM TA 2024), Lampiran I")
        assert "narasumber" in figure.source or "moderator" in figure.source


@pytest.fixture
def office_admin(client, staff_of, kpu_tebo):
    user = staff_of(kpu_tebo, username="admin-tebo")
    user.groups.add(Group.objects.get(name=ADMIN_KPU))
    client.force_login(user)
    return client


def test_the_admin_pages_answer_for_an_admin_kpu(office_admin, kpu_tebo):
    own = CostStandard.objects.create(office=kpu_tebo, year=2024, item="transport_local",
                                      amount=Decimal(150_000), source="Pergub Jambi (uji)")  # fmt: skip
    national = CostStandard.objects.get(office__isnull=True, year=2024, item="hon_eselon_3")
    assert office_admin.get(reverse("admin:events_coststandard_changelist")).status_code == 200
    assert office_admin.get(reverse("admin:events_coststandard_add")).status_code == 200
    assert (
        office_admin.get(reverse("admin:events_coststandard_change", args=[own.pk])).status_code
        == 200
    )
    # The national figure is shown, read-only: no save.
    page = office_admin.get(reverse("admin:events_coststandard_change", args=[national.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = office_admin.post(
        reverse("admin:events_coststandard_change", args=[national.pk]),
        {"year": 2024, "item": "hon_eselon_3", "amount": 1, "source": "x"},
    )
    assert response.status_code == 403
    national.refresh_from_db()
    assert national.amount == Decimal(900_000)


def test_an_admin_kpu_adds_a_figure_for_its_own_office(office_admin, kpu_tebo):
    response = office_admin.post(
        reverse("admin:events_coststandard_add"),
        {"year": 2024, "item": "meeting_fullday", "amount": 400_000, "source": "SBM daerah (uji)"},
    )
    assert response.status_code == 302
    assert CostStandard.objects.get(item="meeting_fullday").office == kpu_tebo


def test_the_admin_pages_answer_for_the_superuser(admin_client, tebo_event):
    figure = CostStandard.objects.first()
    for url in (
        reverse("admin:events_coststandard_changelist"),
        reverse("admin:events_coststandard_add"),
        reverse("admin:events_coststandard_change", args=[figure.pk]),
    ):
        assert admin_client.get(url).status_code == 200


def test_the_event_page_shows_a_speakers_account_masked(admin_client, tebo_event):
    Speaker.objects.create(event=tebo_event, name="Narasumber", bank_name="BRI",
                           account_number="012301000150502", account_holder="N")  # fmt: skip
    html = admin_client.get(
        reverse("admin:events_event_change", args=[tebo_event.pk])
    ).content.decode()
    assert "***********0502" in html and "012301000150502" not in html


def test_the_speaker_form_keeps_the_number_left_empty_and_removes_it_on_a_dash(tebo_event):
    from events.admin import SpeakerForm

    speaker = Speaker.objects.create(event=tebo_event, name="N", account_number="012301000150502")
    base = {"event": tebo_event.pk, "name": "N", "order": 0, "level": "hon_eselon_3",
            "tax_status": "non_asn", "has_npwp": "on"}  # fmt: skip
    form = SpeakerForm({**base, "account_number": ""}, instance=speaker)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["account_number"] == "012301000150502"
    form = SpeakerForm({**base, "account_number": "-"}, instance=speaker)
    assert form.is_valid() and form.cleaned_data["account_number"] == ""
    form = SpeakerForm({**base, "account_number": "12a"}, instance=speaker)
    assert not form.is_valid() and "account_number" in form.errors


def test_a_second_figure_for_the_same_item_and_year_is_refused_not_crashed(office_admin, kpu_tebo):
    CostStandard.objects.create(office=kpu_tebo, year=2024, item="transport_local",
                                amount=Decimal(150_000), source="uji")  # fmt: skip
    response = office_admin.post(
        reverse("admin:events_coststandard_add"),
        {"year": 2024, "item": "transport_local", "amount": 1, "source": "lagi"},
    )
    assert response.status_code == 200
    assert "Kantor ini sudah memiliki besaran" in response.content.decode()
    assert CostStandard.objects.filter(item="transport_local").count() == 1


def test_an_office_sets_its_own_figure_beside_the_national_one(office_admin, kpu_tebo):
    response = office_admin.post(
        reverse("admin:events_coststandard_add"),
        {"year": 2024, "item": "hon_eselon_3", "amount": 800_000, "source": "Pergub (uji)"},
    )
    assert response.status_code == 302
    assert CostStandard.objects.get(office=kpu_tebo, item="hon_eselon_3").amount == 800_000
    assert (
        CostStandard.objects.get(office__isnull=True, year=2024, item="hon_eselon_3").amount
        == 900_000
    )
