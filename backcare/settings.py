"""backcare settings: one file, configured from the environment with safe development defaults.

Every setting read from the environment is listed in docs/configuration.md (a test checks).
Misconfiguration is reported by the system checks in backcare/checks.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from platformdirs import user_data_dir
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core ---------------------------------------------------------------------------------
DEBUG = env_bool("BACKCARE_DEBUG", False)
PRODUCTION = env_bool("BACKCARE_PRODUCTION", False)
# A development key is fine on a laptop; backcare.E001 refuses it in production.
DEV_SECRET_KEY = "backcare-development-key-not-for-production"
SECRET_KEY = env("BACKCARE_SECRET_KEY") or DEV_SECRET_KEY  # empty counts as unset
ALLOWED_HOSTS = env_list("BACKCARE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("BACKCARE_CSRF_TRUSTED_ORIGINS")
SITE_NAME = env("BACKCARE_SITE_NAME", "backcare")
# Tap-to-call numbers on emergency and crisis screens when the person's time zone does not
# tell their country (content/red_flags.toml [phones] lists the countries it knows).
EMERGENCY_NUMBER = env("BACKCARE_EMERGENCY_NUMBER", "112")
DEFAULT_COUNTRY = env("BACKCARE_COUNTRY", "")

DATA_DIR = Path(env("BACKCARE_DATA_DIR") or user_data_dir("backcare", appauthor=False))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "backcare.accounts",
    "backcare.assessments",
    "backcare.questionnaires",
    "backcare.plans",
    "backcare.diary",
    "backcare.progress",
    "backcare.reminders",
    "backcare.exchange",
    "backcare.care",
    "backcare.messaging",
    "backcare.outcomes",
    "backcare.web",
    "backcare.api",
    # django.contrib.admin with the second step on, last: its base_site.html is extended by
    # backcare.care's (the idle warning), which must be found first.
    "backcare.care.admin_site.VerifiedAdminConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "backcare.api.guard.RequestGuard",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "backcare.accounts.request_user.AuthenticationMiddleware",  # the person read with the session
    "backcare.accounts.request_user.OTPMiddleware",  # django-otp's, without a lazy stand-in
    "backcare.accounts.middleware.UserTimezoneMiddleware",
    "backcare.accounts.middleware.PrivateCacheMiddleware",
    "backcare.web.page_middleware.PageMiddleware",  # PAGE_MIDDLEWARE, for all but /api/
]
# Run for pages only: the JSON API under /api/ skips them, and gets the two headers that
# clickjacking and CSP add from PageMiddleware itself (backcare/web/page_middleware.py).
PAGE_MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backcare.web.csp.ContentSecurityPolicyMiddleware",  # django-csp, policy built once
    "axes.middleware.AxesMiddleware",  # innermost: its lock-out page gets the headers too
]
# Both look for their middleware in MIDDLEWARE only; it is in PAGE_MIDDLEWARE.
SILENCED_SYSTEM_CHECKS = ["admin.E409", "axes.W002"]

ROOT_URLCONF = "backcare.urls"
WSGI_APPLICATION = "backcare.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backcare.web.context.site",
                "backcare.messaging.context.unread",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
# SQLite in the per-user data directory unless DATABASE_URL says otherwise (e.g. PostgreSQL).
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;",
    "transaction_mode": "IMMEDIATE",
}
# Django's SQLite backend with writers queued on a file lock (backcare/sqlite_writers).
SQLITE_ENGINE = "backcare.sqlite_writers"
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # psycopg prepares a statement run this often on one connection (Django turns that
        # off); only backcare.prebuilt.planned_cursor's statements can be (docs/deployment.md).
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": SQLITE_ENGINE,
            "NAME": str(DATA_DIR / "backcare.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] in ("django.db.backends.sqlite3", SQLITE_ENGINE):
    DATABASES["default"]["ENGINE"] = SQLITE_ENGINE
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"]["CONN_MAX_AGE"] = None  # keep the file open: no PRAGMAs per request
    DATABASES["default"]["TEST"] = {"NAME": env("BACKCARE_TEST_SQLITE", "") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Per-process memory cache: results cached by person are keyed by their data version
# (backcare/progress/caching.py), so no cross-process invalidation is needed.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# --- Redis (the scale-out setup, docs/deployment.md) --------------------------------------
# With several app processes, one shared cache computes a person's dashboard once for all of
# them. Sessions stay in the database (see SESSION_ENGINE below).
REDIS_URL = env("BACKCARE_REDIS_URL") or env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "backcare",
        },
        # A copy of what this process read or built, in front of Redis, for values that never
        # change under their key (progress/caching.py): a repeated view needs no round trip.
        "near": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "near",
            "OPTIONS": {"MAX_ENTRIES": 500},
        },
    }

# Background tasks (imports, reminders, reports) queue in the database; `backcare worker` runs
# them. Tests use the immediate backend unless they exercise the queue itself.
TASKS = {
    "default": {
        "BACKEND": env("BACKCARE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Imports of phone and watch exports (docs/configuration.md, "Imports"): the upload, what it
# may unpack to, and how many records it may hold; beyond any of them nothing is imported.
BACKCARE_IMPORT_MAX_UPLOAD_MB = env_int("BACKCARE_IMPORT_MAX_UPLOAD_MB", 1024)
BACKCARE_IMPORT_MAX_UNPACKED_MB = env_int("BACKCARE_IMPORT_MAX_UNPACKED_MB", 8192)
BACKCARE_IMPORT_MAX_RECORDS = env_int("BACKCARE_IMPORT_MAX_RECORDS", 50_000_000)

# --- Accounts and security ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "care:start"
LOGOUT_REDIRECT_URL = "web:welcome"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Database sessions and Django's ModelBackend, except that each signed-in request reads its
# session and its person in one statement built once (backcare/accounts/request_user.py).
# Sessions stay in the database with Redis too: one round trip beat sessions cached in Redis
# on the stack (docs/performance.md).
SESSION_ENGINE = "backcare.accounts.request_user"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "backcare.accounts.request_user.AccountBackend",
]
# Lock an account+address pair for an hour after repeated failed logins, and a whole address
# after more failures over any accounts (backcare/accounts/throttle.py).
AXES_FAILURE_LIMIT = env_int("BACKCARE_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("BACKCARE_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "backcare.accounts.throttle.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "backcare.accounts.throttle.client_address"
# Password-reset e-mails per hour, per e-mail address and per client address.
PASSWORD_RESET_EMAIL_LIMIT = env_int("BACKCARE_PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_ADDRESS_LIMIT = env_int("BACKCARE_PASSWORD_RESET_ADDRESS_LIMIT", 10)
# A reset link opens the account: it lasts an hour (Django's default is three days), long
# enough for the e-mail to arrive, short enough that an old one left in a mailbox is dead.
PASSWORD_RESET_TIMEOUT = env_int("BACKCARE_PASSWORD_RESET_SECONDS", 60 * 60)
# Clinician and staff sessions end after this many minutes without a request to their pages
# (backcare/care/idle.py); at least one.
CLINICIAN_IDLE_MINUTES = max(1, env_int("BACKCARE_CLINICIAN_IDLE_MINUTES", 30))
# How long a sign-in lasts (backcare/accounts/session_expiry.py). "Keep me signed in on this
# device" ticked: signed out after this many days without use (within a day after them).
SESSION_DAYS = max(1, env_int("BACKCARE_SESSION_DAYS", 30))
SESSION_COOKIE_AGE = SESSION_DAYS * 24 * 60 * 60
# Not ticked: signed out when the browser closes, or after this many minutes without use.
SHORT_SESSION_MINUTES = max(5, env_int("BACKCARE_SHORT_SESSION_MINUTES", 60))
# Either way, signed out this many days after signing in, however often the session is used.
SESSION_MAX_DAYS = max(SESSION_DAYS, env_int("BACKCARE_SESSION_MAX_DAYS", 90))
# How many days the one-time code for setting up an authenticator app works
# (backcare/care/enrolment.py); at least one.
ENROLMENT_CODE_DAYS = max(1, env_int("BACKCARE_ENROLMENT_CODE_DAYS", 7))
# The admin never shows an authenticator's key or its QR code: a staff member could
# otherwise copy a clinician's second factor, or a key waiting for its enrolment code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("BACKCARE_LOGIN_LOCKOUT", True)

HTTPS = env_bool("BACKCARE_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("BACKCARE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BACKCARE_BEHIND_PROXY") else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
    },
}

# --- E-mail (console by default; SMTP when BACKCARE_EMAIL_HOST is set) ---------------------
EMAIL_HOST = env("BACKCARE_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("BACKCARE_EMAIL_PORT", 587)
EMAIL_HOST_USER = env("BACKCARE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("BACKCARE_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("BACKCARE_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env("BACKCARE_EMAIL_FROM", "backcare <noreply@localhost>")

# --- Reminders ----------------------------------------------------------------------------
# Links in reminder e-mails and push messages point here (the worker has no request to ask).
SITE_URL = env("BACKCARE_SITE_URL", "http://127.0.0.1:8000")
# Contact the push services may use about this server (VAPID "sub" claim).
VAPID_SUBJECT = env("BACKCARE_VAPID_SUBJECT", "mailto:noreply@localhost")
# The push services browsers subscribe with: the server posts to a subscription's endpoint,
# so an endpoint elsewhere (this machine, the private network) is refused. "*." matches
# any subdomain.
PUSH_SERVICES = env_list(
    "BACKCARE_PUSH_SERVICES",
    "https://fcm.googleapis.com,https://updates.push.services.mozilla.com,"
    "https://web.push.apple.com,https://*.notify.windows.com",
)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files (served by WhiteNoise; nothing comes from the internet) -----------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "backcare.web.static_storage.CompressedOnceStaticFilesStorage"},
}
# Source maps (5 MB of the API documentation's) are read only by a browser's developer tools.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Serve the collected, pre-compressed files (`backcare serve` collects them); finders only in debug.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Link secrets never reach a log line ("Not Found: /shared/<token>/", backcare/log_secrets.py)
    "filters": {"mask_secrets": {"()": "backcare.log_secrets.MaskSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_secrets"]}},
    "root": {"handlers": ["console"], "level": env("BACKCARE_LOG_LEVEL", "WARNING")},
}
