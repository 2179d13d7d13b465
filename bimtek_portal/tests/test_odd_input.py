"""Odd input gets the portal's 400 page in Indonesian, never a 500 (issue 16, item 8)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOT_UNDERSTOOD = "Permintaan tidak dapat dibaca"


def post_with_charset(path: str, charset: str):
    """A form post, with its CSRF token, whose Content-Type declares `charset`: Django
    refuses a url-encoded form in any charset but UTF-8 (RFC 1866)."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(path)
    token = client.cookies["csrftoken"].value
    return client.generic(
        "POST",
        path,
        data=f"csrfmiddlewaretoken={token}&username=a&password=b".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "base64"])
@pytest.mark.parametrize("path", ["/admin/login/", "/"])
def test_a_form_declaring_another_charset_than_utf8_gets_the_400_page(path, charset):
    response = post_with_charset(path, charset)

    assert response.status_code == 400
    assert NOT_UNDERSTOOD in response.content.decode()


def test_a_form_declaring_an_unknown_charset_is_read_as_utf8():
    # Django ignores a charset Python does not know: the post is an ordinary one.
    response = post_with_charset("/admin/login/", "x-unknown")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "name, args",
    [
        ("participants:staff-list", []),
        ("participants:staff-export", ["csv"]),
        ("participants:staff-export", ["xlsx"]),
    ],
)
@pytest.mark.parametrize("query", ["q=%00", "status=%00", "hari=2024-11-11%00", "%00=1"])
def test_a_nul_in_the_query_gets_the_400_page(
    client, staff_of, kpu_ri, tebo_event, name, args, query
):
    client.force_login(staff_of(kpu_ri, "participants.view_registration"))
    url = reverse(name, args=[tebo_event.slug, *args])

    response = client.get(f"{url}?{query}")

    assert response.status_code == 400
    assert NOT_UNDERSTOOD in response.content.decode()


def test_a_nul_in_the_path_gets_the_400_page(client):
    response = client.get("/dokumen/verifikasi/AB%00CD/")

    assert response.status_code == 400
    assert NOT_UNDERSTOOD in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "first_day__year=" + "9" * 30,
        "first_day__year=9999&first_day__month=12&first_day__day=31",
        "first_day__year=2024&first_day__month=" + "9" * 30,
    ],
)
def test_an_admin_date_drilldown_out_of_range_is_a_wrong_filter_not_a_500(admin_client, query):
    response = admin_client.get(f"{reverse('admin:events_event_changelist')}?{query}")

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_every_admin_list_refuses_a_drilldown_out_of_range_the_libraries_too(admin_client):
    response = admin_client.get("/admin/axes/accesslog/?attempt_time__year=" + "9" * 30)

    assert response.status_code == 302


def test_a_form_without_its_security_token_gets_the_expired_form_page_in_indonesian():
    # Django's own CSRF page is English and speaks of cookies and referers.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)

    response = client.post("/admin/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulir kedaluwarsa" in page and "Tidak ada data yang tersimpan" in page
    assert "CSRF" not in page
