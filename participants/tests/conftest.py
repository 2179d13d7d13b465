"""A small regency for this app's tests: 1 KPU, 2 kecamatan with a PPK each, 3 desa with a PPS.

The event takes 3 people from the KPU (any role), 1 Sosdiklih + 1 secretariat per PPK
and 1 Sosdiklih per PPS, the same shape as the Tebo Bimtek at a tenth of the size.
"""

from types import SimpleNamespace

import pytest

from bodies.tests.factories import BodyFactory, DistrictFactory, RegencyFactory, VillageFactory
from events.models import ParticipantRole

from .factories import EventFactory, QuotaRuleFactory


@pytest.fixture
def world(db):
    regency = RegencyFactory(name="Kabupaten Uji")
    kpu = BodyFactory(regency=regency, name="KPU Kabupaten Uji")
    districts = [DistrictFactory(regency=regency, name=name) for name in ("Rimbo", "Tengah Ilir")]
    ppk = [BodyFactory(ppk=True, district=d, name=f"PPK {d.name}") for d in districts]
    villages = [
        VillageFactory(district=districts[0], name="Sungai Abang"),
        VillageFactory(district=districts[0], name="Teluk Kayu Putih"),
        VillageFactory(district=districts[1], name="Mengupeh", kelurahan=True),
    ]
    pps = [BodyFactory(pps=True, village=v, name=f"PPS {v.name}") for v in villages]
    event = EventFactory(organiser=kpu, slug="bimtek-uji", title="Bimtek Uji Partisipasi")
    kpu_rule = QuotaRuleFactory(event=event, fixed=True, seats=3, order=1)
    ppk_rule = QuotaRuleFactory(event=event, body_kind="PPK", role=ParticipantRole.SOSDIKLIH, order=2)
    ppk_sec_rule = QuotaRuleFactory(
        event=event, body_kind="PPK", role=ParticipantRole.SECRETARIAT, order=3
    )
    pps_rule = QuotaRuleFactory(event=event, body_kind="PPS", role=ParticipantRole.SOSDIKLIH, order=4)
    return SimpleNamespace(
        regency=regency,
        kpu=kpu,
        districts=districts,
        ppk=ppk,
        villages=villages,
        pps=pps,
        event=event,
        kpu_rule=kpu_rule,
        ppk_rule=ppk_rule,
        ppk_sec_rule=ppk_sec_rule,
        pps_rule=pps_rule,
    )


@pytest.fixture(autouse=True)
def messages_in_english():
    """Unit tests read the English msgids; pages (rendered per request) stay Indonesian."""
    from django.utils import translation

    with translation.override("en"):
        yield
