"""Demo data the surat undangan and the SPJ lists need: the event's contact person,
the office's secretariat officials, the event's allowance lines.

All fictional (names, NIP, amounts): a secretariat replaces them in the admin
with its own people and the office's standard costs. Each function creates only
what is missing, so staff edits survive a second seed. Small on purpose, so
they can move to a `demo` app as they are.
"""

from __future__ import annotations

from decimal import Decimal

from bodies.models import Body, SecretariatOfficial
from events.models import AllowanceLine, Event

DEMO_CONTACT = ("Rahmi Yuliana (Sekretariat KPU Kabupaten Tebo, contoh)", "0812-0000-1509")
DEMO_OFFICIALS = [
    (SecretariatOfficial.Role.COMMITMENT_OFFICER, "Hendra Saputra, S.E. (contoh)", "198203112009011004"),
    (SecretariatOfficial.Role.TREASURER, "Nurul Aini, S.Ak. (contoh)", "199005202015032007"),
]  # fmt: skip
# (kind, body kind, amount, tax rate, label): illustrative amounts, not the SBM.
DEMO_ALLOWANCES = [
    (AllowanceLine.Kind.TRANSPORT, Body.Kind.PPK, Decimal(150_000), Decimal(0), "Transport PPK"),
    (AllowanceLine.Kind.TRANSPORT, Body.Kind.PPS, Decimal(150_000), Decimal(0), "Transport PPS"),
    (AllowanceLine.Kind.HONORARIUM, "", Decimal(900_000), Decimal(5), "Honorarium narasumber"),
]


def ensure_contact_person(event: Event) -> None:
    if not event.contact_name:
        event.contact_name, event.contact_phone = DEMO_CONTACT
        event.save(update_fields=["contact_name", "contact_phone"])


def ensure_secretariat_officials(office: Body) -> None:
    active = set(office.secretariat_officials.filter(is_active=True).values_list("role", flat=True))
    for role, name, nip in DEMO_OFFICIALS:
        if role not in active:
            official = SecretariatOfficial(office=office, role=role, name=name, nip=nip)
            official.full_clean()
            official.save()


def ensure_allowance_lines(event: Event) -> None:
    if event.allowance_lines.exists():
        return  # the office has set its own
    for order, (kind, body_kind, amount, tax_rate, label) in enumerate(DEMO_ALLOWANCES, start=1):
        line = AllowanceLine(
            event=event, kind=kind, body_kind=body_kind, amount=amount, tax_rate=tax_rate,
            label=label, order=order,
        )  # fmt: skip
        line.full_clean()
        line.save()


def seed_spj_demo(event: Event) -> None:
    """Everything the undangan, uang transport and honorarium need, for the demo event."""
    ensure_contact_person(event)
    ensure_secretariat_officials(event.organiser)
    ensure_allowance_lines(event)
