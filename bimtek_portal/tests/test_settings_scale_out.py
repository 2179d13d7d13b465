"""Cache, queue, storage and sessions come from the environment (issue #10, items 3-5)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(databases=[])

SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"]["LOCATION"],
    "sessions": s.SESSION_ENGINE,
    "tasks": s.TASKS["default"],
    "apps": s.INSTALLED_APPS,
    "rq": getattr(s, "RQ_QUEUES", None),
    "storage": s.STORAGES["default"],
}))
"""


def settings_with(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "BIMTEK_", "CACHE_", "REDIS_", "AWS_"))
    }
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=settings.BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "bimtek_portal.settings",
            "DJANGO_DEBUG": "true",
            "PYTHONPATH": str(Path(settings.BASE_DIR)),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown(**env: str) -> dict:
    result = settings_with(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_any_setting_everything_lives_in_the_database():
    values = shown()
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["sessions"] == "django.contrib.sessions.backends.db"
    assert values["tasks"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in values["apps"]
    assert values["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_cache_url_puts_the_cache_on_redis():
    values = shown(CACHE_URL="redis://redis.internal:6379/0")
    # Django's RedisCache, answering a miss when Redis is down or hung (issue #18).
    assert values["cache"] == "bimtek_portal.cache.TolerantRedisCache"
    assert values["cache_location"] == "redis://redis.internal:6379/0"


def test_a_cache_url_that_is_not_redis_is_refused():
    result = settings_with(CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in result.stderr


def test_the_rq_alias_runs_tasks_on_rq_through_redis_url():
    values = shown(BIMTEK_TASKS_BACKEND="rq", REDIS_URL="redis://redis.internal:6379/1")
    assert values["tasks"] == {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    assert {"django_rq", "django_tasks_rq"} <= set(values["apps"])
    assert values["rq"]["default"]["URL"] == "redis://redis.internal:6379/1"


def test_rq_without_redis_url_is_refused():
    result = settings_with(BIMTEK_TASKS_BACKEND="rq")
    assert result.returncode != 0
    assert "needs REDIS_URL" in result.stderr


def test_s3_storage_takes_its_bucket_and_endpoint_from_the_environment():
    values = shown(
        BIMTEK_STORAGE="s3",
        BIMTEK_S3_BUCKET="bimtek-dokumen",
        BIMTEK_S3_ENDPOINT_URL="https://minio.internal:9000",
    )
    assert values["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = values["storage"]["OPTIONS"]
    assert options["bucket_name"] == "bimtek-dokumen"
    assert options["endpoint_url"] == "https://minio.internal:9000"
    assert options["default_acl"] == "private"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"BIMTEK_STORAGE": "s3"}, "needs BIMTEK_S3_BUCKET"),
        ({"BIMTEK_STORAGE": "ftp"}, "BIMTEK_STORAGE must be filesystem or s3"),
    ],
)
def test_an_incomplete_or_unknown_storage_is_refused(env, message):
    result = settings_with(**env)
    assert result.returncode != 0
    assert message in result.stderr


def gunicorn_config(**env: str) -> dict[str, str]:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    result = subprocess.run(
        [gunicorn, "-c", "gunicorn.conf.py", "--print-config", "bimtek_portal.wsgi"],
        cwd=settings.BASE_DIR,
        env={k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "WEB_"))} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {
        name.strip(): value.strip()
        for name, _eq, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def test_gunicorn_runs_one_sync_worker_per_core_plus_one_preloaded_with_restarts():
    config = gunicorn_config()
    assert int(config["workers"]) == os.cpu_count() + 1
    assert config["worker_class"] == "sync"
    assert config["preload_app"] == "True"
    assert int(config["max_requests"]) >= 10_000 and int(config["max_requests_jitter"]) > 0
    assert config["accesslog"] == "None"  # the proxy in front keeps the access log


def test_gunicorn_access_log_can_be_turned_on():
    assert gunicorn_config(GUNICORN_ACCESS_LOG="-")["accesslog"] == "-"


def test_gunicorn_takes_workers_and_threads_from_the_environment():
    config = gunicorn_config(WEB_CONCURRENCY="7", GUNICORN_THREADS="4", GUNICORN_ACCESS_LOG="off")
    assert config["workers"] == "7"
    assert config["worker_class"] == "gthread"
    assert config["accesslog"] == "None"


def test_env_example_lists_every_gunicorn_setting():
    example = (settings.BASE_DIR / ".env.example").read_text()
    source = (settings.BASE_DIR / "gunicorn.conf.py").read_text()
    names = set(re.findall(r"""(?:_int|os\.environ\.get)\(\s*"([A-Z_]+)\"""", source))
    assert {"WEB_CONCURRENCY", "GUNICORN_TIMEOUT"} <= names
    missing = sorted(n for n in names if f"{n}=" not in example)
    assert not missing, f"not in .env.example: {missing}"
