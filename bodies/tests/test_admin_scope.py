"""Issue #9 finding 3: an office keeps its own letterhead, not another office's.

Bodies, members, divisions and elections print on documents and numbers (name, satker
code, address, chair). Office A could edit office B's; now each admin is scoped to the
account's office area, what a body is (kind, region, satker code) is for superusers
only, the national lists (divisions, a country-wide election) are read-only for an
office, and turnout rows are entered for the office's own regions, as the CSV import.
"""

import pytest
from django.urls import reverse

from bodies.models import Body, Division, Member
from events.models import Election, TurnoutResult
from events.tests.factories import ElectionFactory

from .factories import BodyFactory, DistrictFactory, DivisionFactory, MemberFactory

pytestmark = pytest.mark.django_db

LETTERHEAD = (
    "bodies.view_body",
    "bodies.change_body",
    "bodies.add_body",
    "bodies.view_member",
    "bodies.change_member",
    "bodies.add_member",
    "bodies.view_division",
    "bodies.change_division",
    "events.view_election",
    "events.change_election",
    "events.add_election",
    "events.delete_election",
    "events.view_turnoutresult",
    "events.add_turnoutresult",
    "events.change_turnoutresult",
)


@pytest.fixture
def kpu_a(db):
    return BodyFactory(name="KPU Kabupaten A", address="Jl. A")


@pytest.fixture
def kpu_b(db):
    return BodyFactory(name="KPU Kabupaten B", address="Jl. B")


@pytest.fixture
def office_a(client, staff_of, kpu_a):
    client.force_login(staff_of(kpu_a, *LETTERHEAD))
    return client


def url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def body_form(body, **changes) -> dict:
    data = {
        "kind": body.kind,
        "name": body.name,
        "satker_code": body.satker_code,
        "province": body.province_id or "",
        "regency": body.regency_id or "",
        "district": "",
        "village": "",
        "address": body.address,
        "phone": "",
        "email": "",
        "website": "",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        # The secretariat officials' inline, on a KPU office's page for those who may see it.
        "secretariat_officials-TOTAL_FORMS": "0",
        "secretariat_officials-INITIAL_FORMS": "0",
        "secretariat_officials-MIN_NUM_FORMS": "0",
        "secretariat_officials-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


class TestBodies:
    def test_another_offices_body_is_neither_listed_nor_changed(self, office_a, kpu_a, kpu_b):
        listing = office_a.get(url(Body, "changelist")).content.decode()
        assert "KPU Kabupaten A" in listing and "KPU Kabupaten B" not in listing

        assert office_a.get(url(Body, "change", kpu_b.pk)).status_code == 302  # "not found"
        office_a.post(url(Body, "change", kpu_b.pk), body_form(kpu_b, name="Diambil alih"))

        kpu_b.refresh_from_db()
        assert (kpu_b.name, kpu_b.address) == ("KPU Kabupaten B", "Jl. B")

    def test_the_own_body_keeps_its_kind_region_and_satker_code(self, office_a, kpu_a, kpu_b):
        satker = kpu_a.satker_code
        response = office_a.post(
            url(Body, "change", kpu_a.pk),
            body_form(
                kpu_a,
                name="KPU Kabupaten A (baru)",
                address="Jl. Baru",
                satker_code="9999",
                kind=Body.Kind.KPU_RI,
                regency=kpu_b.regency_id,
            ),
        )

        assert response.status_code == 302
        kpu_a.refresh_from_db()
        assert (kpu_a.name, kpu_a.address) == ("KPU Kabupaten A (baru)", "Jl. Baru")
        assert (kpu_a.satker_code, kpu_a.kind) == (satker, Body.Kind.KPU_KABKOTA)
        assert kpu_a.regency_id != kpu_b.regency_id

    def test_an_office_cannot_add_a_body(self, office_a):
        assert office_a.get(url(Body, "add")).status_code == 403

    def test_a_superuser_still_sets_what_a_body_is(self, admin_client, kpu_a):
        response = admin_client.post(
            url(Body, "change", kpu_a.pk), body_form(kpu_a, satker_code="1599")
        )

        assert response.status_code == 302
        kpu_a.refresh_from_db()
        assert kpu_a.satker_code == "1599"


class TestMembers:
    def test_another_offices_members_are_out_of_reach(self, office_a, kpu_a, kpu_b):
        theirs = MemberFactory(body=kpu_b, name="Ketua B", role=Member.Role.KETUA)
        MemberFactory(body=kpu_a, name="Ketua A", role=Member.Role.KETUA)

        listing = office_a.get(url(Member, "changelist")).content.decode()
        assert "Ketua A" in listing and "Ketua B" not in listing
        office_a.post(
            url(Member, "change", theirs.pk),
            {"body": kpu_b.pk, "name": "Diganti", "role": "ketua", "order": 0, "is_active": "on"},
        )
        theirs.refresh_from_db()
        assert theirs.name == "Ketua B"

    def test_a_member_cannot_be_put_on_another_offices_body(self, office_a, kpu_b):
        response = office_a.post(
            url(Member, "add"),
            {
                "body": kpu_b.pk,
                "name": "Ketua Palsu",
                "role": "ketua",
                "order": 0,
                "is_active": "on",
            },
        )

        assert response.status_code == 200  # the form again, with the error
        assert not Member.objects.filter(name="Ketua Palsu").exists()


def test_the_divisions_are_read_only_for_an_office(office_a):
    division = DivisionFactory(name="Divisi Teknis", short_name="Teknis")

    response = office_a.post(
        url(Division, "change", division.pk), {"name": "Diganti", "short_name": "X", "order": 1}
    )

    assert response.status_code == 403
    division.refresh_from_db()
    assert division.name == "Divisi Teknis"


class TestElections:
    def test_a_country_wide_election_cannot_be_changed_by_an_office(self, office_a):
        pemilu = ElectionFactory(name="Pemilu 2024", kind=Election.Kind.PEMILU)

        response = office_a.post(
            url(Election, "change", pemilu.pk),
            {"name": "Diganti", "kind": "pemilu", "voting_day": "2024-02-14"},
        )

        assert response.status_code == 403
        pemilu.refresh_from_db()
        assert pemilu.name == "Pemilu 2024"

    def test_another_offices_election_cannot_be_changed(self, office_a, kpu_b):
        theirs = ElectionFactory(name="Pilbup B")
        theirs.regencies.set([kpu_b.regency])

        assert office_a.get(url(Election, "change", theirs.pk)).status_code == 200  # read
        response = office_a.post(
            url(Election, "change", theirs.pk),
            {"name": "Diganti", "kind": "pilbup", "voting_day": "2024-11-27"},
        )

        assert response.status_code == 403
        theirs.refresh_from_db()
        assert theirs.name == "Pilbup B"

    def test_an_office_enters_its_own_election_with_its_own_regency_only(
        self, office_a, kpu_a, kpu_b
    ):
        data = {"name": "Pilbup A", "kind": "pilbup", "voting_day": "2024-11-27"}

        office_a.post(url(Election, "add"), {**data, "regencies": [kpu_b.regency_id]})
        office_a.post(url(Election, "add"), data)  # no region: the whole country
        assert not Election.objects.exists()

        response = office_a.post(url(Election, "add"), {**data, "regencies": [kpu_a.regency_id]})
        assert response.status_code == 302
        assert list(Election.objects.get().regencies.all()) == [kpu_a.regency]


class TestTurnoutForm:
    """The CSV import was scoped; the add/change form was not."""

    def form(self, election, **region) -> dict:
        return {
            "election": election.pk,
            "regency": "",
            "district": "",
            "village": "",
            "registered_voters": 1000,
            "votes_cast": 700,
            "source": "",
            **region,
        }

    def test_a_row_for_another_offices_region_is_refused(self, office_a, kpu_b):
        election = ElectionFactory()
        district_b = DistrictFactory(regency=kpu_b.regency)

        office_a.post(url(TurnoutResult, "add"), self.form(election, regency=kpu_b.regency_id))
        office_a.post(url(TurnoutResult, "add"), self.form(election, district=district_b.pk))

        assert not TurnoutResult.objects.exists()

    def test_a_row_for_the_own_regency_is_saved(self, office_a, kpu_a):
        election = ElectionFactory()

        response = office_a.post(
            url(TurnoutResult, "add"), self.form(election, regency=kpu_a.regency_id)
        )

        assert response.status_code == 302
        assert TurnoutResult.objects.get().regency == kpu_a.regency

    def test_another_offices_row_cannot_be_moved_or_changed(self, office_a, kpu_a, kpu_b):
        election = ElectionFactory()
        theirs = TurnoutResult.objects.create(
            election=election, regency=kpu_b.regency, registered_voters=10, votes_cast=5
        )

        office_a.post(
            url(TurnoutResult, "change", theirs.pk), self.form(election, regency=kpu_a.regency_id)
        )

        theirs.refresh_from_db()
        assert theirs.regency == kpu_b.regency and theirs.votes_cast == 5
