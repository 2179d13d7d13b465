"""The print page says what would make a signed document wrong before it is printed."""

import pytest
from django.urls import reverse

from bodies.models import Member
from bodies.tests.factories import BodyFactory, MemberFactory
from reports.readiness import print_readiness

pytestmark = pytest.mark.django_db


def test_an_office_with_real_names_and_address_is_ready(django_assert_num_queries):
    office = BodyFactory(address="Jl. Sultan Thaha No. 1, Muara Tebo")
    MemberFactory(body=office, name="Budi Anggota", order=2)
    MemberFactory(body=office, name="Atiul Fuadiyah", ketua=True, order=5)
    MemberFactory(body=office, name="Sekretaris Kantor", role=Member.Role.SEKRETARIS)

    with django_assert_num_queries(1):
        readiness = print_readiness(office=office)

    assert readiness.warnings == []
    # The ketua signs first; the secretary does not sign the commissioners' table.
    assert [member.name for member in readiness.signatories] == ["Atiul Fuadiyah", "Budi Anggota"]


def test_placeholders_and_a_missing_chair_are_named(settings):
    office = BodyFactory(name="KPU Kabupaten Uji", address="Jl. Lintas (alamat contoh/demo)")
    MemberFactory(body=office, name="Anggota KPU (isi nama) – Divisi Hukum")

    warnings = print_readiness(office=office).warnings

    assert len(warnings) == 3
    assert "KPU Kabupaten Uji" in warnings[0] and "ketua" in warnings[0]
    assert "Anggota KPU (isi nama) – Divisi Hukum" in warnings[1]
    assert "(alamat contoh/demo)" in warnings[2]


def test_the_demo_print_page_warns_before_the_berita_acara_is_signed(tebo_event, admin_client):
    page = admin_client.get(reverse("reports:print", args=[tebo_event.slug]))

    html = page.content.decode()
    assert "Atiul Fuadiyah" in html
    assert "Anggota KPU (isi nama)" in html
    assert reverse("admin:bodies_body_change", args=[tebo_event.organiser.pk]) in html
