"""A phone registers for a national event: province, regency, kecamatan and desa are chosen
one after the other (each list fetched when the one above is chosen), or the desa is found
by name; then the anti-robot check, and the private page."""

import os
import re

import pytest
from playwright.sync_api import expect

from bodies.models import Body
from participants.models import Registration

from .test_register_across_regencies import build_country, national_event

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = os.environ.get("BIMTEK_PICKER_SCREENSHOT")  # a path: keep a picture of the form


@pytest.fixture
def phone(page, live_server, settings):
    settings.BIMTEK_FORM_CHALLENGE = True
    page.set_viewport_size({"width": 390, "height": 844})
    build_country(provinces=2, regencies=2, districts=3, villages=6)
    event = national_event(Body.objects.get(kind=Body.Kind.KPU_RI))
    page.goto(f"{live_server.url}/daftar/{event.slug}/")
    return page


def fill_in_the_person(page):
    page.fill("input[name=full_name]", "Drs. H. Ahmad Fauzi, S.Pd.")
    page.fill("input[name=nik]", "1509011705880001")
    page.fill("input[name=phone]", "0812 3456 7890")


def register(page):
    expect(page.locator("altcha-widget input[type=checkbox]")).to_be_checked(timeout=30_000)
    page.click("input[type=submit][name=submit]")
    page.wait_for_url(re.compile(r"/daftar/p/[A-Za-z0-9_-]{22}/\?baru=1$"))
    return Registration.objects.get()


def test_a_phone_chooses_province_regency_kecamatan_and_desa_then_registers(phone):
    pps = (
        Body.objects.filter(kind=Body.Kind.PPS, province__code="99")
        .select_related("village", "district", "regency", "province")
        .order_by("village__code")[8]
    )
    # The script takes the step button away and shows the lists once PPS is chosen.
    expect(phone.locator("button[name=step]")).to_have_count(0)
    expect(phone.locator("select[name=province]")).to_be_hidden()
    phone.check("input[name=body_kind][value=PPS]")
    expect(phone.locator("select[name=province] option")).to_have_count(3)  # and its prompt
    phone.select_option("select[name=province]", label="Provinsi Uji A")
    expect(phone.locator("select[name=regency] option")).to_have_count(3)
    phone.select_option("select[name=regency]", index=1)
    expect(phone.locator("select[name=district] option")).to_have_count(4)
    # Another province: the lists below it start again.
    phone.select_option("select[name=province]", label=pps.province.name)
    expect(phone.locator("select[name=district] option")).to_have_count(1)
    expect(phone.locator("select[name=regency] option")).to_have_count(3)
    expect(phone.locator("select[name=regency] option").nth(1)).to_contain_text("Uji B")
    phone.select_option("select[name=regency]", label=pps.regency.name)
    expect(phone.locator("select[name=district] option")).to_have_count(4)
    phone.select_option("select[name=district]", label=pps.district.name)
    expect(phone.locator("select[name=village] option")).to_have_count(7)
    phone.select_option("select[name=village]", str(pps.village_id))
    assert phone.locator("select[name=role]").input_value() == "sosdiklih"  # the only choice
    fill_in_the_person(phone)
    if SCREENSHOT:
        phone.screenshot(path=SCREENSHOT, full_page=False)
    registration = register(phone)
    assert registration.unit == pps
    assert phone.locator(".registration-code").inner_text() == registration.code


def test_a_phone_finds_its_desa_by_name(phone):
    pps = (
        Body.objects.filter(kind=Body.Kind.PPS, province__code="98")
        .select_related("village", "district", "regency", "province")
        .order_by("village__code")[13]
    )
    phone.check("input[name=body_kind][value=PPS]")
    search = phone.locator("#id_place_search")
    expect(search).to_be_visible()
    search.fill(pps.village.name)
    result = phone.locator(".place-results button", has_text=pps.regency.name).filter(
        has_text=f"Desa {pps.village.name},"
    )
    expect(result).to_have_count(1)
    result.click()
    expect(phone.locator("select[name=village]")).to_have_value(str(pps.village_id))
    assert phone.locator("select[name=province]").input_value() == str(pps.province_id)
    assert phone.locator("select[name=regency]").input_value() == str(pps.regency_id)
    assert phone.locator("select[name=district]").input_value() == str(pps.district_id)
    fill_in_the_person(phone)
    assert register(phone).unit == pps
