"""Values from the environment: each kind read one way, a value not of its kind refused."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from bimtek_portal.env import env_bool, env_float, env_int
from bimtek_portal.tests.test_settings import run_manage

pytestmark = pytest.mark.django_db(databases=[])


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), (" ON ", True), ("1", True), ("yes", True)]
    + [("false", False), ("Off", False), ("0", False), ("no", False)],
)
def test_a_yes_or_no_value_is_read_in_any_of_its_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("BIMTEK_TEST_FLAG", value)
    assert env_bool("BIMTEK_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("value", [None, "", "  "])
def test_an_unset_or_empty_value_is_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("BIMTEK_TEST_VALUE", raising=False)
    else:
        monkeypatch.setenv("BIMTEK_TEST_VALUE", value)
    assert env_bool("BIMTEK_TEST_VALUE", default=True) is True
    assert env_int("BIMTEK_TEST_VALUE", 7) == 7
    assert env_float("BIMTEK_TEST_VALUE", 0.5) == 0.5


@pytest.mark.parametrize("value", ["ture", "enabled", "2", "tidak"])
def test_a_yes_or_no_value_that_is_neither_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", value)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_SSL_REDIRECT"):
        env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)


def test_numbers_are_read_and_a_value_that_is_no_number_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("BIMTEK_TEST_NUMBER", " 42 ")
    assert env_int("BIMTEK_TEST_NUMBER", 1) == 42
    assert env_float("BIMTEK_TEST_NUMBER", 1.0) == 42.0
    monkeypatch.setenv("BIMTEK_TEST_NUMBER", "2.5")
    assert env_float("BIMTEK_TEST_NUMBER", 1.0) == 2.5
    with pytest.raises(ImproperlyConfigured, match="BIMTEK_TEST_NUMBER"):
        env_int("BIMTEK_TEST_NUMBER", 1)
    monkeypatch.setenv("BIMTEK_TEST_NUMBER", "30m")
    with pytest.raises(ImproperlyConfigured, match="BIMTEK_TEST_NUMBER"):
        env_float("BIMTEK_TEST_NUMBER", 1.0)


def test_the_portal_does_not_start_with_a_typo_in_the_https_redirect():
    """It used to start with HTTPS redirects quietly off."""
    result = run_manage(
        "check", DJANGO_DEBUG="true", DJANGO_SECURE_SSL_REDIRECT="ture", BIMTEK_SITE_URL=""
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_SSL_REDIRECT='ture' is neither on nor off" in result.stderr
