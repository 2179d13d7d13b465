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
from events.models import AllowanceLine, CostStandard, Event, Speaker
from participants.models import Registration

DEMO_CONTACT = ("Rahmi Yuliana (Sekretariat KPU Kabupaten Tebo, contoh)", "0812-0000-1509")
DEMO_OFFICIALS = [
    (SecretariatOfficial.Role.COMMITMENT_OFFICER, "Hendra Saputra, S.E. (contoh)", "198203112009011004"),
    (SecretariatOfficial.Role.TREASURER, "Nurul Aini, S.Ak. (contoh)", "199005202015032007"),
]  # fmt: skip
# (kind, body kind, label): amounts from the cost standards (the office's transport lokal).
DEMO_ALLOWANCES = [
    (AllowanceLine.Kind.TRANSPORT, Body.Kind.PPK, "Transport PPK"),
    (AllowanceLine.Kind.TRANSPORT, Body.Kind.PPS, "Transport PPS"),
]
# A regional figure is the office's to type: this one is illustrative, not Jambi's SBM.
DEMO_TRANSPORT_LOCAL = (Decimal(150_000), "Contoh: ganti dengan standar biaya daerah kantor Anda")
# The SPJ heads, all illustrative.
DEMO_HEADS = {
    "funding_source": "DIPA KPU Kabupaten Tebo TA 2024 (contoh)",
    "payment_basis": "Surat Undangan KPU Kabupaten Tebo (contoh)",
    "transport_account_code": "524113 (contoh)",
    "honorarium_account_code": "522151 (contoh)",
}
# Speaker profiles by name: the outside speaker is paid as Eselon III, taxed as a
# non-civil servant with an NPWP; the office's own commissioner is internal, so listed
# and unpaid until staff record why the honorarium applies. Accounts fictional.
DEMO_SPEAKERS = {
    "Desi Arianto": {
        "level": Speaker.Level.ESELON_III, "tax_status": Speaker.TaxStatus.NON_ASN,
        "has_npwp": True, "bank_name": "Bank Jambi", "account_number": "2001000150901",
        "account_holder": "Desi Arianto",
    },
    "Supriadi": {
        "level": Speaker.Level.ESELON_II, "tax_status": Speaker.TaxStatus.NON_ASN,
        "has_npwp": True, "is_internal": True, "bank_name": "BRI",
        "account_number": "012301000150502", "account_holder": "Supriadi",
    },
}  # fmt: skip
DEMO_BANKS = ("Bank Jambi", "BRI", "BNI", "Bank Mandiri")


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
    CostStandard.objects.get_or_create(
        office=event.organiser, year=event.first_day.year,
        item=CostStandard.Item.TRANSPORT_LOCAL,
        defaults={"amount": DEMO_TRANSPORT_LOCAL[0], "source": DEMO_TRANSPORT_LOCAL[1]},
    )  # fmt: skip
    if event.allowance_lines.exists():
        return  # the office has set its own
    for order, (kind, body_kind, label) in enumerate(DEMO_ALLOWANCES, start=1):
        line = AllowanceLine(
            event=event, kind=kind, body_kind=body_kind, label=label, order=order,
            standard=CostStandard.Item.TRANSPORT_LOCAL,
        )  # fmt: skip
        line.full_clean()
        line.save()


def ensure_payment_heads(event: Event) -> None:
    empty = [field for field in DEMO_HEADS if not getattr(event, field)]
    for field in empty:
        setattr(event, field, DEMO_HEADS[field])
    if empty:
        event.save(update_fields=empty)


def ensure_speaker_profiles(event: Event) -> None:
    """Once per speaker: a profile staff changed (an account typed) is left alone."""
    for speaker in event.speakers.filter(name__in=DEMO_SPEAKERS, account_number=""):
        for field, value in DEMO_SPEAKERS[speaker.name].items():
            setattr(speaker, field, value)
        speaker.full_clean()
        speaker.save()


def ensure_participant_accounts(event: Event) -> None:
    """Fictional accounts for the demo's verified participants who gave none, so the
    "non tunai" list has something to show; the real ones come from the private page."""
    missing = event.registrations.filter(
        status=Registration.Status.VERIFIED, account_number="", anonymised_at__isnull=True
    )
    for registration in missing.only("pk", "full_name"):
        registration.bank_name = DEMO_BANKS[registration.pk % len(DEMO_BANKS)]
        registration.account_number = f"{7_700_000_000 + registration.pk * 7919:013d}"
        registration.account_holder = registration.full_name
        registration.save(update_fields=["bank_name", "account_number", "account_holder"])


def seed_spj_demo(event: Event) -> None:
    """Everything the undangan, uang transport and honorarium need, for the demo event."""
    ensure_contact_person(event)
    ensure_secretariat_officials(event.organiser)
    ensure_allowance_lines(event)
    ensure_payment_heads(event)
    ensure_speaker_profiles(event)
