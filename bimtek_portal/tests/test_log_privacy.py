"""Issue #17 finding 9: the private link's secret was written to the application log on
403, 404 and 429 answers under /daftar/p/<secret>/ (and gunicorn logs request lines)."""

import importlib.util
import io
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.tests.factories import EventFactory
from participants.tests.factories import RegistrationFactory


@pytest.fixture
def log_lines():
    """What the portal's log handlers write (settings.LOGGING), as text."""
    buffer = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert handlers, "the portal logs through a StreamHandler on the root logger"
    streams = [handler.setStream(buffer) for handler in handlers]
    yield buffer
    for handler, stream in zip(handlers, streams, strict=True):
        handler.setStream(stream)


@pytest.fixture
def person(db):
    today = timezone.localdate()
    event = EventFactory(first_day=today, last_day=today + timedelta(days=1))
    return RegistrationFactory(quota_rule__event=event)


@pytest.mark.django_db
def test_no_answer_under_the_private_link_logs_its_secret(log_lines, person, settings):
    settings.BIMTEK_PRIVATE_LINK_RATE = "1/m"
    token = person.private_token
    client = Client()
    assert client.get(reverse("learning:material", args=[token, 999999])).status_code == 404
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("participants:edit", args=[token]), {}).status_code == 403
    client.post(reverse("participants:cancel", args=[token]), {})
    assert client.post(reverse("participants:cancel", args=[token]), {}).status_code == 429

    written = log_lines.getvalue()
    assert "Not Found" in written and "Forbidden" in written and "Too Many Requests" in written
    assert token not in written
    assert "/daftar/p/***/" in written


def test_gunicorns_access_and_error_logs_mask_the_secret():
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(django_settings.BASE_DIR) / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("accesslog", "-")
    logger = conf.PrivateLinkSafeLogger(cfg)
    buffer = io.StringIO()
    for log in (logger.access_log, logger.error_log):
        for handler in log.handlers:
            handler.setStream(buffer)
    logger.access_log.info(
        '"%(r)s" %(s)s', {"r": "GET /daftar/p/Rahasia123/ubah/ HTTP/1.1", "s": 404}
    )
    try:
        raise ValueError("boom at /daftar/p/Rahasia123/")
    except ValueError:
        logger.error_log.exception("Error handling request %s", "/daftar/p/Rahasia123/")

    written = buffer.getvalue()
    assert "Rahasia123" not in written
    assert written.count("/daftar/p/***/") == 4
