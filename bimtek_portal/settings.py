"""Settings for Bimtek Portal, read from the environment (see `.env.example`).

SQLite is the zero-setup default; production points `DATABASE_URL` at PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from bimtek_portal.env import env_bool, env_float, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see .env.example)."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "bimtek_portal.apps.PortalConfig",  # manage.py backup_sqlite
    "accounts.apps.BimtekAdminConfig",  # django.contrib.admin with the 2FA login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "bimtek_portal.apps.AuthenticatorAppsConfig",  # django_otp's TOTP, named in Indonesian
    "bimtek_portal.apps.BackupCodesConfig",  # django_otp's static codes
    "bimtek_portal.apps.LoginAttemptsConfig",  # axes
    "accounts",
    "django_tasks",
    "bimtek_portal.apps.BackgroundTasksConfig",
    "bodies",
    "events",
    "participants",
    "learning",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bimtek_portal.middleware.CookieLanguageMiddleware",
    "bimtek_portal.middleware.RequestSizeLimitMiddleware",
    "bimtek_portal.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "accounts.middleware.StaffSessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bimtek_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "bimtek_portal.wsgi.application"

# SQLite by default so that a new user needs nothing but Python. WAL lets readers
# go on while one request writes; IMMEDIATE takes the write lock at BEGIN, so two
# registrations for the last seat queue up instead of failing with "database is
# locked" half-way through; the timeout is how long the second one waits.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": dj_database_url.parse(
        # Empty counts as unset, as .env.example says ("Empty: an SQLite file").
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A PostgreSQL that accepts connections but never answers (hung, overloaded) must
    # fail a request, not hold it: a new connection gives up after connect_timeout, and
    # a statement after DATABASE_STATEMENT_TIMEOUT seconds (gunicorn.conf.py sets 15 s
    # for web processes; a document worker's queries have no limit). A server that
    # is frozen whole answers nothing, not even its own timeout: there gunicorn's
    # timeout ends the request (README, "Several hosts").
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
    _statement_timeout = env_float("DATABASE_STATEMENT_TIMEOUT", 0)
    if _statement_timeout > 0:
        _pg_options["options"] = f"-c statement_timeout={int(_statement_timeout * 1000)}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process on every host: Redis when CACHE_URL names one
# (redis://host:6379/0, rediss:// with TLS), else the database's cache table, which
# needs nothing more than the database. Never a per-process cache: job progress,
# limits and the public pages' versions must be the same whichever worker or host
# answers. The public pages' copies are per process on purpose, in the "public" alias
# added below, and checked against the version kept here (participants/public_cache.py).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
CACHE_TIMEOUT_SECONDS = env_float("CACHE_TIMEOUT_SECONDS", 0.5)
CACHE_RETRY_SECONDS = env_float("CACHE_RETRY_SECONDS", 5)
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}.")
    # Tolerant: a Redis that is down or hung answers as a miss after at most
    # CACHE_TIMEOUT_SECONDS, and is left alone for CACHE_RETRY_SECONDS after a failure
    # (bimtek_portal/cache.py); nothing the portal caches is needed to answer a request.
    CACHES = {
        "default": {
            "BACKEND": "bimtek_portal.cache.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "bimtek",
            "OPTIONS": {
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bimtek_cache",
        }
    }

# This process's copies of the public pages (participants/public_cache.py): in memory, so
# they cost no round trip and need no Redis; LocMemCache without pickling (see its class).
# Bounded: the least recently used go first.
CACHES["public"] = {
    "BACKEND": "bimtek_portal.cache.InProcessCache",
    "LOCATION": "bimtek-public",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Sessions in the database alone: any worker on any host finds them, a Redis restart
# loses no sign-in, and a Redis that is down or hung cannot stop the check-in desk
# (cached_db read through the cache first; a failed delete at sign-out would also
# have left the signed-out session alive in the cache). One indexed query a request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"
# Where a sign-in lands when its `next` is missing or unsafe (another host): the staff
# home, not Django's /accounts/profile/, which the portal does not have (a 404).
LOGIN_REDIRECT_URL = "admin:index"

# Staff sign-in. django-axes counts failed sign-ins per (username, address) pair: five
# in a row lock that pair for 30 minutes (`manage.py axes_reset` unlocks). Per pair
# rather than per username alone, so nobody can lock a secretary out on the event's
# day by typing their username five times; a wrong two-step code counts as a failure.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "bodies.backends.OfficeScopedBackend",  # ModelBackend, capped for PPK accounts
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The same client address as the portal's own rate limits.
AXES_CLIENT_IP_CALLABLE = "bimtek_portal.client_ip.axes_client_ip"
# Its start-up banner ("AXES: BEGIN ...") would be printed by every manage.py command.
AXES_VERBOSE = False

# Two-step sign-in (django-otp, TOTP apps and recovery codes): compulsory for
# superusers and accounts that can read full NIKs or change accounts while on.
BIMTEK_REQUIRE_2FA = env_bool("BIMTEK_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Portal Bimtek"
# django-otp's admin otherwise shows every account's TOTP secret, its QR code and its
# unused recovery codes to whoever may view devices: anyone with that view could sign
# in as the account's second factor. Staff set up their own (accounts/two_factor.py).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A staff session ends after 8 hours without a request (saved on each signed-in
# request by accounts.middleware, not on the public pages) and when the browser closes.
SESSION_COOKIE_AGE = env_int("BIMTEK_STAFF_IDLE_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("BIMTEK_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded training materials: outside MEDIA_ROOT, handed out only by a view that checks
# the private link (or that the material is public).
BIMTEK_PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("BIMTEK_PRIVATE_MEDIA_ROOT") or BASE_DIR / "var" / "private"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The default storage for generated documents is set below from BIMTEK_STORAGE.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work (long PDF documents). The database backend needs nothing but
# the database (`manage.py db_worker` runs the queue); "rq" puts the jobs on Redis
# (REDIS_URL) for RQ workers on any host (`manage.py rqworker --job-class
# django_tasks_rq.Job default`). A dotted path names any other django-tasks backend.
TASKS_BACKEND_ALIASES = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("BIMTEK_TASKS_BACKEND", "").strip() or "database"
TASKS = {"default": {"BACKEND": TASKS_BACKEND_ALIASES.get(_tasks_backend, _tasks_backend)}}
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    if not REDIS_URL:
        raise ImproperlyConfigured("BIMTEK_TASKS_BACKEND=rq needs REDIS_URL (redis://host:6379/1).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {
        "default": {
            "URL": REDIS_URL,
            # Seconds one job may run: all certificates of a large event take minutes.
            "DEFAULT_TIMEOUT": env_int("BIMTEK_RQ_JOB_TIMEOUT", 3600),
        }
    }

# Where generated documents go. The file system (BIMTEK_MEDIA_ROOT) by default; with
# several hosts, a shared folder or an S3-compatible bucket (BIMTEK_STORAGE=s3), so a
# worker on one host hands its file to the web process on another.
BIMTEK_STORAGE = os.environ.get("BIMTEK_STORAGE", "").strip().lower() or "filesystem"
if BIMTEK_STORAGE == "s3":
    if not os.environ.get("BIMTEK_S3_BUCKET"):
        raise ImproperlyConfigured("BIMTEK_STORAGE=s3 needs BIMTEK_S3_BUCKET.")
    # django-storages on boto3, which reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    # from the environment itself. The files hold personal data: private, and served
    # only through the portal's own download view, which checks the account.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["BIMTEK_S3_BUCKET"],
            "endpoint_url": os.environ.get("BIMTEK_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("BIMTEK_S3_REGION") or None,
            "location": os.environ.get("BIMTEK_S3_PREFIX", "bimtek"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
elif BIMTEK_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"BIMTEK_STORAGE must be filesystem or s3, not {BIMTEK_STORAGE!r}.")

# Processes that render the parts of a long PDF at once; empty: every core.
BIMTEK_PDF_WORKERS = env_int("BIMTEK_PDF_WORKERS", 0) or None
# Where participants reach the portal: every absolute link (e-mails, the undangan's and
# the certificate's QR codes, the calendar file) is built from it (events/site.py).
# Required with debug off (`check --deploy` reports its absence); a developer's
# machine defaults to the development server's port (PORT, as run.sh uses it).
BIMTEK_SITE_URL = os.environ.get("BIMTEK_SITE_URL") or (
    f"http://127.0.0.1:{os.environ.get('PORT') or 8000}" if DEBUG else ""
)

# Posts to the public registration form allowed per client IP ("20/m": twenty a minute).
BIMTEK_REGISTRATION_RATE = os.environ.get("BIMTEK_REGISTRATION_RATE", "20/m")
# Posts through a private link (corrections of the NIK or data, cancelling) per client IP.
BIMTEK_PRIVATE_LINK_RATE = os.environ.get("BIMTEK_PRIVATE_LINK_RATE", "10/m")
# Substitutions per staff account that may not see whole NIKs ("30/h"): each typed NIK is
# refused when another seat holds it, so unlimited tries would reveal a masked NIK's
# hidden digits (its birth date) in about 40,000 guesses.
BIMTEK_STAFF_NIK_RATE = os.environ.get("BIMTEK_STAFF_NIK_RATE", "30/h")
# The proof-of-work challenge (ALTCHA) on the public registration form: on unless
# "off" (the load bench; tests not about it). The browser tries on average half of
# MAX + 1 counters, each a PBKDF2-SHA-256 of COST iterations: measured in bench/README.md
# ("Form challenge"), about a second on a mid-range phone. SECONDS: how long a challenge
# stays valid, from the moment the widget fetched it (the person may still be typing).
BIMTEK_FORM_CHALLENGE = env_bool("BIMTEK_FORM_CHALLENGE", default=True)
BIMTEK_FORM_CHALLENGE_COST = env_int("BIMTEK_FORM_CHALLENGE_COST", 200)
BIMTEK_FORM_CHALLENGE_MAX = env_int("BIMTEK_FORM_CHALLENGE_MAX", 1500)
BIMTEK_FORM_CHALLENGE_SECONDS = env_int("BIMTEK_FORM_CHALLENGE_SECONDS", 1800)
# Challenges a client address may fetch ("30/m"): each costs the server one derivation.
BIMTEK_FORM_CHALLENGE_RATE = os.environ.get("BIMTEK_FORM_CHALLENGE_RATE", "30/m")
# Reverse proxies in front of the portal that append to X-Forwarded-For (nginx with
# proxy_add_x_forwarded_for, a load balancer, ...). 0: the client is REMOTE_ADDR and the
# header is ignored. N: the client is the N-th address from the right of the header.
BIMTEK_TRUSTED_PROXIES = env_int("BIMTEK_TRUSTED_PROXIES", 0)

# Off: only bench/load_registration.py turns on its trivial view (/bench/trivial/),
# the ceiling it compares the real pages with.
BIMTEK_BENCH_TRIVIAL_VIEW = env_bool("BIMTEK_BENCH_TRIVIAL_VIEW")

# How far behind a change the public pages may be, in seconds: each process keeps its copies
# of an event's pages, seats and lists that long before it asks whether the event changed
# (participants/public_cache.py); 0: built afresh on every request. A registration is always
# decided on the seats as they are.
BIMTEK_KEPT_SECONDS = env_int("BIMTEK_KEPT_SECONDS", 3)

# E-mail to participants (confirmation, verification result, the reminder the day before).
# The console backend prints them, so nothing leaves the machine until an SMTP server is set.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL")
# Seconds before a mail server that does not answer is given up on (and the notice tried
# again later, participants/tasks.py): without it a hung server holds a worker for ever.
EMAIL_TIMEOUT = env_float("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Bimtek Portal <noreply@localhost>"
)

# A participant's private link stops working this many days after the event's last day.
BIMTEK_PRIVATE_LINK_DAYS = env_int("BIMTEK_PRIVATE_LINK_DAYS", 30)

# Participants' name, NIK, birth date, phone and e-mail are removed this many months
# after their event's last day (`manage.py anonymise_personal_data`, run daily by cron).
BIMTEK_ANONYMISE_AFTER_MONTHS = env_int("BIMTEK_ANONYMISE_AFTER_MONTHS", 12)

# Security headers. HTTPS redirects are on by default outside debug; a portal
# behind a TLS-terminating proxy sets DJANGO_SECURE_PROXY_SSL_HEADER=true.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A refused form token gets a page in Indonesian that says nothing was saved.
CSRF_FAILURE_VIEW = "bimtek_portal.views.csrf_failure"
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer checks the application over plain HTTP on its own port and
# counts a redirect as "down". /healthz carries nothing private, sets no cookie
# and takes no input, so answering it without HTTPS gives nothing away.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy (django-csp 4): the browser runs only scripts and
# styles served from the portal's own static files. No inline <script>, no
# on*="" handler, no style="" attribute (templates use classes; bars.css holds
# the widths of progress bars). A script injected into a page through some
# unescaped value would not run. data: images are Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Size caps. A form's fields together (not its files): DATA_UPLOAD_MAX_MEMORY_SIZE;
# a file larger than FILE_UPLOAD_MAX_MEMORY_SIZE is written to a temporary file
# instead of memory. Django puts no limit on a whole request with files in it, so
# RequestSizeLimitMiddleware refuses any body above BIMTEK_MAX_REQUEST_MB with a 413
# page. 25 MB: a material of up to 20 MB (learning.filetypes.MAX_BYTES) with the rest of
# the event's admin page; a lower value is refused at start (learning's system check),
# as a material the form allows would otherwise be cut off (issue #17 finding 9).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
BIMTEK_MAX_REQUEST_BYTES = int(env_float("BIMTEK_MAX_REQUEST_MB", 25) * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No private link's secret in any line (bimtek_portal/log_privacy.py).
    "filters": {"private_links": {"()": "bimtek_portal.log_privacy.PrivateLinkFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_links"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every step of a PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
