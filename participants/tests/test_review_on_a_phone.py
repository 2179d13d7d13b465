"""The offline desk's review page on a phone: each scan stands as a card of labelled
lines (participants.css, .table-stack), its buttons in sight without a sideways scroll."""

import pytest
from django.urls import reverse

from .test_checkin_offline import DEVICE_A, post_sync, scan

pytestmark = pytest.mark.django_db


def test_each_scan_to_review_names_its_columns_so_rows_stack_as_cards(client, world, user_with):
    client.force_login(user_with("check_in"))
    post_sync(client, world, DEVICE_A, [scan("ZZZZ2345")])
    html = client.get(reverse("participants:check-in-review", args=[world.event.slug])).content
    html = html.decode()
    assert "participants/participants.css" in html
    assert 'class="table table-sm align-middle table-stack"' in html
    assert 'data-label="Dipindai">' in html
    assert 'data-label="Hari">' in html
    assert 'data-label="Kode atau nama seperti dikirim"><code>ZZZZ2345</code>' in html
    assert 'data-label="Alasan">Kode “ZZZZ2345” tidak dikenal' in html
