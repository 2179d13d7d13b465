"""The demo's upcoming Bimtek on the day the demo is tried, on a phone, with the real
clock: a newcomer registers from the home page, opens the private page and takes the
pre-test; staff verify the registration and check the person in at the desk."""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bodies.models import Body, Village
from demo.upcoming import seed_upcoming_demo
from learning.models import Submission
from participants.models import Attendance, Registration

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_newcomer_registers_takes_the_pre_test_and_is_checked_in_on_a_phone(
    live_server, page, tebo_event, staff_of, settings, tmp_path
):
    settings.BIMTEK_PRIVATE_MEDIA_ROOT = tmp_path
    event = seed_upcoming_demo(organiser=tebo_event.organiser, participants=True).event
    office = Body.objects.get(pk=event.organiser_id)
    staff_of(
        office,
        "participants.view_registration",
        "participants.verify_registration",
        "participants.check_in",
        "events.view_event",
        username="sekretariat",
        password="rahasia-sekretariat-123",
    )
    # A desa whose seat the demo's sign-ups left free.
    village = (
        Village.objects.filter(district__regency__code="15.09", kind="desa")
        .select_related("district")
        .order_by("-code")
        .first()
    )
    page.set_viewport_size(PHONE)
    base = live_server.url

    # The home page lists the upcoming event first, as open; the 2024 one as over.
    page.goto(base + "/")
    first_card = page.locator(".card").first
    expect(first_card).to_contain_text(event.title)
    expect(first_card).to_contain_text("Pendaftaran dibuka")
    expect(
        page.get_by_text("Acara ini telah berlangsung pada 11–12 November 2024.")
    ).to_be_visible()
    assert fits_the_phone(page)
    page.click(f"a[href='/acara/{event.slug}/']")
    page.click(f"a[href='/daftar/{event.slug}/']")

    # The public form.
    page.check("input[name=body_kind][value=PPS]")
    page.select_option("select[name=district]", str(village.district_id))
    page.select_option("select[name=village]", str(village.pk))
    page.fill("input[name=full_name]", "Nurhayati Lubis, S.Pd.")
    page.fill("input[name=nik]", "1509014512900001")
    page.fill("input[name=phone]", "0812 7777 1509")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(re.compile(r"/daftar/p/[A-Za-z0-9_-]{22}/\?baru=1$"))
    person = Registration.objects.get(event=event, full_name="Nurhayati Lubis, S.Pd.")
    assert person.status == Registration.Status.PENDING
    private = page.url.split("?")[0]
    expect(page.locator(".registration-code")).to_have_text(person.code)
    assert fits_the_phone(page)

    # The pre-test, open now: one answer per question, then sent.
    page.goto(private)
    page.locator("[data-test=pre]").get_by_role("link", name="Mulai").click()
    expect(page.get_by_role("heading", name="Pre-test")).to_be_visible()
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Kirim").click()
    expect(page.get_by_role("alert")).to_contain_text("jawaban benar")
    assert Submission.objects.filter(registration=person, assessment__kind="pre").count() == 1

    # Staff sign in, verify the registration and check the person in at the desk.
    page.goto(f"{base}/admin/login/?next=/daftar/staf/registrasi/{person.pk}/")
    page.fill("input[name=username]", "sekretariat")
    page.fill("input[name=password]", "rahasia-sekretariat-123")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/daftar/staf/registrasi/{person.pk}/")
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_load_state("load")
    person.refresh_from_db()
    assert person.status == Registration.Status.VERIFIED

    # The desk opens on the event's first day: today, a practice day ("hari latihan").
    page.goto(f"{base}/daftar/staf/{event.slug}/hadir/")
    page.wait_for_url(f"{base}/daftar/staf/{event.slug}/hadir/{event.first_day.isoformat()}/")
    # Today is not that day: the desk asks once before it records day 1's date.
    page.check("input[name=confirm_day]")
    page.fill("input[name=query]", person.code)
    page.get_by_role("button", name="Catat hadir").click()
    expect(page.locator(".alert-success")).to_contain_text("Nurhayati Lubis, S.Pd.")
    attendance = Attendance.objects.get(registration=person)
    assert attendance.day == event.first_day
    assert timezone.localtime(attendance.checked_in_at).date() == event.first_day
