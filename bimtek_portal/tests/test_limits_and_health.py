"""Uploads too large get a 413 page in Indonesian; /healthz tells a monitor whether the
database answers."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections
from django.urls import reverse

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def test_a_file_above_the_request_cap_gets_the_413_page_in_indonesian(admin_client, settings):
    settings.BIMTEK_MAX_REQUEST_BYTES = 1 * MB
    big = SimpleUploadedFile("hasil.csv", b"x" * (MB + 1), content_type="text/csv")
    response = admin_client.post(reverse("admin:events_turnoutresult_import"), {"file": big})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Kiriman terlalu besar" in html
    assert "1 MB untuk seluruh unggahan" in html
    assert "Content-Security-Policy" in response.headers


def test_form_fields_above_the_data_cap_get_the_413_page_not_a_400(
    client, tebo_event_ahead, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        reverse("participants:register", args=[tebo_event_ahead.slug]), {"full_name": "x" * 2000}
    )
    assert response.status_code == 413
    assert "Kiriman terlalu besar" in response.content.decode()


def test_a_request_below_the_cap_goes_through(admin_client, settings):
    settings.BIMTEK_MAX_REQUEST_BYTES = 1 * MB
    small = SimpleUploadedFile("hasil.csv", b"kode;dpt;suara\n", content_type="text/csv")
    response = admin_client.post(reverse("admin:events_turnoutresult_import"), {"file": small})
    assert response.status_code in (200, 302)


def test_other_bad_requests_keep_djangos_400(client, tebo_event_ahead, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    url = reverse("participants:register", args=[tebo_event_ahead.slug])
    response = client.post(url, {"a": "1", "b": "2", "c": "3"})
    assert response.status_code == 400


def test_the_cap_is_set_for_production():
    from bimtek_portal import settings as project_settings

    assert project_settings.BIMTEK_MAX_REQUEST_BYTES == 25 * MB
    assert project_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * MB


# --- /healthz ----------------------------------------------------------------


def test_healthz_answers_ok_without_a_login_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    # The cache is the database's here, so it fails with it.
    assert json.loads(response.content) == {
        "status": "error",
        "database": "error",
        "cache": "error",
    }


def test_healthz_takes_no_input(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_is_answered_over_plain_http_where_every_other_page_redirects(client, settings):
    # A load balancer checks the application on its own port without TLS.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_the_favicon_is_the_kpu_logo_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/logo-kpu.svg")


# --- the material limit and the request limit agree (issue #17 finding 9) ---------


def test_the_request_limit_carries_a_whole_material():
    from bimtek_portal import settings as project_settings
    from learning import filetypes

    assert project_settings.BIMTEK_MAX_REQUEST_BYTES >= filetypes.MAX_BYTES + 1 * MB


def test_a_request_limit_below_a_material_stops_the_portal_from_starting(settings):
    from learning.filetypes import request_limit_fits_a_material

    settings.BIMTEK_MAX_REQUEST_BYTES = 10 * MB
    assert [error.id for error in request_limit_fits_a_material()] == ["learning.E001"]
    settings.BIMTEK_MAX_REQUEST_BYTES = 25 * MB
    assert request_limit_fits_a_material() == []


def test_a_body_too_large_is_read_to_its_end_so_the_413_page_arrives(rf, settings):
    """Answered before the body was read, the connection is closed under the client:
    the browser shows "connection reset", not the page."""
    from bimtek_portal.middleware import RequestSizeLimitMiddleware

    settings.BIMTEK_MAX_REQUEST_BYTES = 1000
    request = rf.post("/admin/", data=b"x" * 3000, content_type="application/octet-stream")
    with pytest.raises(RequestDataTooBig):
        RequestSizeLimitMiddleware(lambda r: None)(request)
    assert request.META["wsgi.input"].read() == b""


def test_the_413_page_gives_the_material_limit(admin_client, settings):
    settings.BIMTEK_MAX_REQUEST_BYTES = 1 * MB
    big = SimpleUploadedFile("hasil.csv", b"x" * (MB + 1), content_type="text/csv")
    response = admin_client.post(reverse("admin:events_turnoutresult_import"), {"file": big})
    assert "Satu materi paling besar 20 MB" in response.content.decode()
