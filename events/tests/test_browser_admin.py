"""The event's admin page in a real browser at 1366 x 768, the office's usual laptop."""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = """(id) => {
  const group = document.getElementById(id);
  return [group.clientWidth, group.scrollWidth, group.querySelectorAll("tr.has_original").length];
}"""


def test_the_allowance_lines_fit_their_box_beside_the_menu(
    browser, live_server, admin_user, tebo_event
):
    """Eight fields a line ran 2,050 px wide in a 990 px box (events/admin.css)."""
    from demo.spj import ensure_allowance_lines

    ensure_allowance_lines(tebo_event)  # the demo's transport lines, PPK and PPS
    client = Client()
    client.force_login(admin_user)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:events_event_change", args=[tebo_event.pk]))
    box, content, lines = page.evaluate(WIDTHS, "allowance_lines-group")
    assert lines >= 2, "the seeded event's transport lines are on the page"
    assert content <= box, f"the allowance lines are {content} px wide in a {box} px box"
    context.close()
