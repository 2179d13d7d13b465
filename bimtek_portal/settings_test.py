"""Settings for the test suite: the real settings with test-only defaults.

The suite runs with DEBUG off, as production does, so it needs a secret key;
it runs tasks in-process and hashes passwords cheaply to stay fast.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# Public pages built on every request, so a test sees its own writes; the tests of the
# per-process copies turn them on (participants/tests/test_public_cache.py).
os.environ.setdefault("BIMTEK_KEPT_SECONDS", "0")
# Tests sign staff in with force_login, which gives no second factor; the tests of
# two-step sign-in (accounts/tests) turn the requirement on.
os.environ.setdefault("BIMTEK_REQUIRE_2FA", "false")
# Production has its address set (check --deploy insists); links are built from it.
os.environ.setdefault("BIMTEK_SITE_URL", "https://bimtek.test")
# The form's proof-of-work challenge costs a browser about a second: off, except in the
# tests about it, which turn it on (participants/tests/test_challenge.py, the browser tests).
os.environ.setdefault("BIMTEK_FORM_CHALLENGE", "off")
os.environ.setdefault("BIMTEK_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from .settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
BIMTEK_PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
# Tests serve static files from the apps' folders; there is no collectstatic output.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
