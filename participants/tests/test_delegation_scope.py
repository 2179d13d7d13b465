"""Issue #9, roles: every staff page and admin follows the account's scope.

Two kinds of outsider, each holding every permission of the portal (not a superuser),
so only the scope stands in the way:
- the staff of another KPU office (another regency);
- the operator of another kecamatan's PPK (the "Operator PPK" role): it sees the
  events of the KPU offices above it, but only the people of its own PPK and of the
  PPS of its own kecamatan; the pages that show the whole event are not for it.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from bodies.models import Member
from bodies.roles import OPERATOR_PPK
from bodies.tests.factories import BodyFactory, MemberFactory
from events.models import Election, Event, TurnoutResult
from events.tests.factories import ElectionFactory
from participants.models import Registration, RegistrationLog
from reports.models import DocumentNumber
from reports.tests.factories import DocumentNumberFactory

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db

DAY = "2024-11-11"


@pytest.fixture
def people(world):
    """One person per unit: KPU, PPK Rimbo, PPS Sungai Abang (Rimbo), PPK and PPS of
    Tengah Ilir."""
    make = RegistrationFactory
    return {
        "kpu": make(quota_rule=world.kpu_rule, unit=world.kpu, full_name="Orang KPU"),
        "ppk_rimbo": make(quota_rule=world.ppk_rule, unit=world.ppk[0], full_name="Orang PPK Rimbo"),
        "pps_rimbo": make(quota_rule=world.pps_rule, unit=world.pps[0], full_name="Orang PPS Rimbo"),
        "ppk_ilir": make(quota_rule=world.ppk_rule, unit=world.ppk[1], full_name="Orang PPK Ilir"),
        "pps_ilir": make(quota_rule=world.pps_rule, unit=world.pps[2], full_name="Orang PPS Ilir"),
    }  # fmt: skip


def all_powers(user):
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture
def operator_rimbo(staff_of, world):
    user = staff_of(world.ppk[0], username="operator-rimbo")
    user.groups.add(Group.objects.get(name=OPERATOR_PPK))
    return user


@pytest.fixture
def operator_ilir(client, staff_of, world):
    """The other kecamatan's operator, with every permission on top of its role."""
    user = all_powers(staff_of(world.ppk[1], username="operator-ilir"))
    user.groups.add(Group.objects.get(name=OPERATOR_PPK))
    client.force_login(user)
    return client


@pytest.fixture
def other_office(client, staff_of, world):
    client.force_login(all_powers(staff_of(BodyFactory(name="KPU Lain"), username="kpu-lain")))
    return client


def event_urls(event) -> list[tuple[str, str]]:
    slug = event.slug
    return [
        ("get", reverse("participants:staff-list", args=[slug])),
        ("get", reverse("participants:staff-export", args=[slug, "csv"])),
        ("get", reverse("participants:staff-export", args=[slug, "xlsx"])),
        ("get", reverse("participants:check-in-today", args=[slug])),
        ("get", reverse("participants:check-in", args=[slug, DAY])),
        ("post", reverse("participants:check-in", args=[slug, DAY])),
        ("get", reverse("events:quota-overview", args=[slug])),
        ("get", reverse("learning:results", args=[slug])),
        ("get", reverse("reports:print", args=[slug])),
        ("post", reverse("reports:print-document", args=[slug, "daftar-hadir"])),
    ]


def record_urls(registration) -> list[tuple[str, str]]:
    pk = registration.pk
    return [
        ("get", reverse("participants:staff-detail", args=[pk])),
        ("post", reverse("participants:staff-verify", args=[pk])),
        ("post", reverse("participants:staff-reject", args=[pk])),
        ("get", reverse("participants:staff-cancel", args=[pk])),
        ("post", reverse("participants:staff-cancel", args=[pk])),
        ("get", reverse("participants:staff-substitute", args=[pk])),
        ("post", reverse("participants:staff-substitute", args=[pk])),
        ("get", reverse("participants:staff-correct", args=[pk])),
        ("post", reverse("participants:staff-correct", args=[pk])),
    ]


def call(client, method, url):
    data = {"reason": "x", "full_name": "Orang Baru", "nik": "1509015705900002",
            "query": "Orang", "phone": "081234567890"}  # fmt: skip
    return client.post(url, data) if method == "post" else client.get(url)


def shown(response, name) -> bool:
    if response.get("Content-Disposition", "").endswith('.xlsx"'):
        from io import BytesIO

        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(response.content)).active
        return any(name in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    if not hasattr(response, "body_read"):  # a streamed answer can be read only once
        response.body_read = response.getvalue()
    return name.encode() in response.body_read


# --- staff pages -------------------------------------------------------------


def test_every_staff_page_of_another_offices_event_is_not_found(other_office, world, people):
    for method, url in event_urls(world.event) + record_urls(people["pps_rimbo"]):
        response = call(other_office, method, url)
        assert response.status_code == 404, (method, url)
        assert not shown(response, "Orang PPS Rimbo"), url
    assert Registration.objects.get(pk=people["pps_rimbo"].pk).status == "pending"


def test_the_other_kecamatans_operator_sees_none_of_rimbos_people(operator_ilir, world, people):
    for method, url in event_urls(world.event):
        response = call(operator_ilir, method, url)
        assert response.status_code in (200, 403), (method, url)
        for key in ("ppk_rimbo", "pps_rimbo", "kpu"):
            assert not shown(response, people[key].full_name), (url, key)
    for method, url in record_urls(people["pps_rimbo"]) + record_urls(people["ppk_rimbo"]):
        response = call(operator_ilir, method, url)
        assert response.status_code == 404, (method, url)
    for key in ("ppk_rimbo", "pps_rimbo"):
        registration = Registration.objects.get(pk=people[key].pk)
        assert registration.status == "pending" and registration.full_name != "Orang Baru"


def test_the_whole_event_pages_are_not_for_a_ppks_operator(operator_ilir, world, people):
    whole_event = [
        ("get", reverse("participants:check-in-today", args=[world.event.slug])),
        ("get", reverse("participants:check-in", args=[world.event.slug, DAY])),
        ("post", reverse("participants:check-in", args=[world.event.slug, DAY])),
        ("get", reverse("events:quota-overview", args=[world.event.slug])),
        ("get", reverse("learning:results", args=[world.event.slug])),
        ("get", reverse("reports:print", args=[world.event.slug])),
        ("post", reverse("reports:print-document", args=[world.event.slug, "daftar-hadir"])),
    ]
    for method, url in whole_event:
        assert call(operator_ilir, method, url).status_code == 403, url


def test_an_operator_works_on_its_own_kecamatans_people(client, operator_rimbo, world, people):
    client.force_login(operator_rimbo)
    listing = client.get(reverse("participants:staff-list", args=[world.event.slug]))
    export = client.get(reverse("participants:staff-export", args=[world.event.slug, "csv"]))

    for response in (listing, export):
        assert shown(response, "Orang PPK Rimbo") and shown(response, "Orang PPS Rimbo")
        assert not shown(response, "Orang PPK Ilir") and not shown(response, "Orang PPS Ilir")
        assert not shown(response, "Orang KPU")
    client.post(reverse("participants:staff-verify", args=[people["pps_rimbo"].pk]))
    assert Registration.objects.get(pk=people["pps_rimbo"].pk).status == "verified"


# --- admin -------------------------------------------------------------------


def their_objects(world, people) -> dict:
    """One object of each scoped admin model, of the KPU office of `world` (Rimbo's)."""
    election = ElectionFactory(name="Pilbup Uji")
    election.regencies.set([world.regency])
    log = RegistrationLog.objects.create(
        registration=people["pps_rimbo"], action=RegistrationLog.Action.VERIFIED
    )
    return {
        "bodies.body": world.kpu,
        "bodies.member": MemberFactory(body=world.kpu, name="Ketua Uji", role=Member.Role.KETUA),
        "events.event": world.event,
        "events.election": election,
        "events.turnoutresult": TurnoutResult.objects.create(
            election=election, regency=world.regency, registered_voters=10, votes_cast=5
        ),
        "participants.registration": people["pps_rimbo"],
        "participants.registrationlog": log,
        "reports.documentnumber": DocumentNumberFactory(office=world.kpu),
    }


def admin_url(obj, action: str) -> str:
    opts = obj._meta
    args = [obj.pk] if action != "changelist" else []
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def assert_out_of_reach(client, obj):
    label = obj._meta.label_lower
    listing = client.get(admin_url(obj, "changelist")).content.decode()
    response = client.get(admin_url(obj, "change"))
    if isinstance(obj, Election):
        # Every office reads the elections (its events refer to them), changes none of another's.
        assert response.status_code == 200
        assert client.post(admin_url(obj, "change"), {"name": "x"}).status_code == 403
    else:
        assert f"/{obj.pk}/change/" not in listing, label
        assert response.status_code in (302, 403, 404), label
        assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code in (302, 403, 404)
        assert type(obj).objects.filter(pk=obj.pk).exists(), label


@pytest.mark.parametrize(
    "label",
    [
        "bodies.body",
        "bodies.member",
        "events.event",
        "events.election",
        "events.turnoutresult",
        "participants.registration",
        "participants.registrationlog",
        "reports.documentnumber",
    ],
)
def test_another_offices_admin_rows_are_out_of_reach(other_office, world, people, label):
    assert_out_of_reach(other_office, their_objects(world, people)[label])


@pytest.mark.parametrize(
    "label",
    [
        "bodies.body",
        "bodies.member",
        "events.event",
        "events.turnoutresult",
        "participants.registration",
        "participants.registrationlog",
        "reports.documentnumber",
    ],
)
def test_the_other_kecamatans_operator_cannot_reach_rimbos_admin_rows(
    operator_ilir, world, people, label
):
    objects = their_objects(world, people)
    objects["bodies.body"] = world.ppk[0]  # the PPK of Rimbo, not Tengah Ilir's own
    objects["bodies.member"] = MemberFactory(body=world.ppk[0], role=Member.Role.KETUA)
    obj = objects[label]
    if isinstance(obj, Event):
        # The event is the KPU's, seen by every PPK operator of its regency; not to change.
        assert operator_ilir.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
        assert Event.objects.filter(pk=obj.pk).exists()
        return
    assert_out_of_reach(operator_ilir, obj)


def test_the_operator_lists_only_its_kecamatans_registrations_in_the_admin(
    client, operator_rimbo, people
):
    operator_rimbo.is_staff = True
    operator_rimbo.save(update_fields=["is_staff"])
    client.force_login(operator_rimbo)

    listing = client.get(reverse("admin:participants_registration_changelist")).content.decode()

    assert "Orang PPK Rimbo" in listing and "Orang PPS Rimbo" in listing
    assert "Orang PPK Ilir" not in listing and "Orang KPU" not in listing


def test_a_ppks_operator_account_cannot_reach_a_kpu_document_number(operator_ilir, world):
    number = DocumentNumberFactory(office=world.kpu)

    # 403: whatever it was given, a PPK's account holds no reports permission (bodies.backends).
    assert operator_ilir.get(admin_url(number, "change")).status_code == 403
    assert DocumentNumber.objects.filter(pk=number.pk).exists()
