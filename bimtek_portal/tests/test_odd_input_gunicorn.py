"""Odd input behind the real server (issue 16, item 8): gunicorn with the repository's
gunicorn.conf.py, debug off. A refused body used to end in gunicorn's bare
"Internal Server Error": the error happened again inside Django's 400 view.
"""

import http.client
import os
import re

import pytest

from bimtek_portal.testing.processes import gunicorn, manage, process_env, wait_for_http

pytestmark = pytest.mark.slow

# A port of this test's own (BIMTEK_TEST_PORT to change it on a shared machine).
PORT = int(os.environ.get("BIMTEK_TEST_PORT", "8107"))
NOT_UNDERSTOOD = "Permintaan tidak dapat dibaca"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("odd-input")
    env = process_env(folder / "db.sqlite3", DJANGO_SECURE_SSL_REDIRECT="false")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    log = folder / "gunicorn.log"
    with gunicorn(PORT, env, log) as process:
        wait_for_http(PORT, "/admin/login/", process, log)
        yield log


def send(method, path, *, body=b"", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.getheader("Set-Cookie") or "", response.read().decode()


@pytest.mark.parametrize(
    "charset, status",
    [
        ("latin-1", 400),
        ("utf-16", 400),
        # A charset Python does not know is ignored (Django reads the form as UTF-8):
        # the sign-in form comes back refusing the wrong password.
        ("x-unknown", 200),
    ],
)
def test_a_form_declaring_another_charset_gets_no_500_from_gunicorn(server, charset, status):
    _status, set_cookie, page = send("GET", "/admin/login/")
    cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    answer, _cookie, page = send(
        "POST",
        "/admin/login/",
        body=f"csrfmiddlewaretoken={token}&username=a&password=b".encode(),
        headers={
            "Content-Type": f"application/x-www-form-urlencoded; charset={charset}",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://127.0.0.1:{PORT}/admin/login/",
        },
    )

    assert answer == status, page[:300]
    if status == 400:
        assert NOT_UNDERSTOOD in page


def test_a_nul_in_the_query_gets_the_400_page_from_gunicorn(server):
    status, _cookie, page = send("GET", "/?q=%00")

    assert status == 400
    assert NOT_UNDERSTOOD in page
