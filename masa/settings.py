"""Settings for MASA: one module, small strict readers of the environment.

Safe by default: production mode unless MASA_DEV=1 says otherwise, and in
production the service refuses to start without SECRET_KEY and ALLOWED_HOSTS.
Every variable read here is documented in docs/configuration.md.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# --- strict environment readers -------------------------------------------------


def envstr(name: str, default: str | None = None) -> str | None:
    """A string, or a secret read from the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE={file_name} cannot be read: {error}"
            ) from error
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


# --- mode -----------------------------------------------------------------------

DEV = envbool("MASA_DEV", False)
TESTING = "pytest" in sys.modules or envbool("MASA_TESTING", False)
DEBUG = DEV and envbool("MASA_DEBUG", True)

_secret = envstr("SECRET_KEY")
if _secret is None:
    if not DEV:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. MASA refuses to start in production mode without a "
            "secret key: set SECRET_KEY (or SECRET_KEY_FILE), or set MASA_DEV=1 for a "
            "development machine. See docs/configuration.md."
        )
    # Development only: a fixed key so sessions survive restarts of `make run`.
    _secret = "masa-development-only-key-never-use-in-production-0123456789"  # noqa: S105
elif not DEV and (len(_secret) < 50 or len(set(_secret)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: use at least 50 random characters, for example from "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
SECRET_KEY: str = _secret

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEV else [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. In production mode list the host names MASA serves, "
        "comma-separated (for example ALLOWED_HOSTS=masa.example.org). "
        "See docs/configuration.md."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(envstr("MASA_DATA_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")

# --- applications ---------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "masa.core",
    "masa.frontdoor",
    "masa.learning",
    "masa.insight",
    "masa.reviews",
    "masa.actions",
    "masa.people",
    "masa.governance",
    "masa.finance",
    "masa.plan",
    "masa.engagement",
    "masa.audits",
    "masa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "masa.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "masa.core.middleware.SignedInNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "masa.core.middleware.IdleTimeoutMiddleware",
    "masa.core.middleware.CurrentMembershipMiddleware",
    "masa.core.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "masa.urls"
WSGI_APPLICATION = "masa.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masa.core.context_processors.service",
            ],
        },
    },
]
# Form fields render through GOV.UK templates (masa/core/templates/django/forms/).
FORM_RENDERER = "masa.core.forms.GovUKFormRenderer"

# --- database -------------------------------------------------------------------

DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{DATA_DIR / 'masa.sqlite3'}") or ""
DATABASES: dict[str, Any] = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep connections open: closing the last one makes SQLite checkpoint the WAL
    # and sync to disk, which costs more than the request itself.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write inside a transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- people and sign-in ---------------------------------------------------------

AUTH_USER_MODEL = "core.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing cost is not what the tests test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A password reset link works for this long, and once (masa/people/services/passwords.py).
PASSWORD_RESET_TIMEOUT = envint("MASA_PASSWORD_RESET_MINUTES", 60, minimum=5) * 60

LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"

IDLE_TIMEOUT_MINUTES = envint("MASA_IDLE_TIMEOUT_MINUTES", 30, minimum=2)
TIMEOUT_WARNING_SECONDS = envint("MASA_TIMEOUT_WARNING_SECONDS", 120, minimum=30)
# The idle time-out middleware decides when a person is signed out. The stored session
# outlives it by a working day, so that a form sent after the time-out is still known
# to be theirs and what they typed is kept for them (masa/core/kept.py).
SESSION_COOKIE_AGE = max(IDLE_TIMEOUT_MINUTES * 60 + 120, 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "masa_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "masa.core.views.csrf_failure"

AXES_FAILURE_LIMIT = envint("MASA_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = envint("MASA_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours
# Lock the account being attacked, whatever address the attempts come from.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_LOCKOUT_CALLABLE = "masa.core.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Locking by address as well would lock out a whole council office behind one
# NAT address after a few mistakes; the account is what is being protected.
# HSTS preload (security.W021) is a commitment an owner makes for their whole
# domain, so it is off unless MASA_HSTS_PRELOAD=1 says so.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]

OTP_TOTP_ISSUER = "MASA"

# --- security headers (always on; HTTPS ones outside development) ---------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEV:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("MASA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("MASA_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("MASA_HSTS_PRELOAD", False)
if envbool("MASA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# GOV.UK Frontend's one inline script: it marks the page as JavaScript-enabled
# before first paint so components do not flicker. It is allowed by its hash,
# which keeps `unsafe-inline` out of the Content-Security-Policy.
JS_ENABLED_SCRIPT = (
    "document.body.className += ' js-enabled' + "
    "('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
)
_JS_ENABLED_HASH = base64.b64encode(hashlib.sha256(JS_ENABLED_SCRIPT.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'sha256-{_JS_ENABLED_HASH}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

# --- internationalisation -------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
# Dates and times with no format named print as GOV.UK style writes them (8 December
# 2026, 14:30): masa/core/formats/en_GB/formats.py (Django's en-GB prints "1:35 a.m.").
FORMAT_MODULE_PATH = ["masa.core.formats"]
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"

# --- static files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("MASA_STATIC_ROOT", str(DATA_DIR / "static")) or DATA_DIR / "static")
# GOV.UK Frontend comes from npm (`npm ci` in `make setup`), never from the repository.
STATICFILES_DIRS = [("govuk-frontend", BASE_DIR / "node_modules" / "govuk-frontend")]
# Uploaded files (evidence of actions) live outside the static files and are never
# served by the static server: a view checks permission and sends each one.
MEDIA_ROOT = DATA_DIR / "files"
STORAGES: dict[str, Any] = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEV or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEV and not TESTING
if TESTING:
    # Every test client builds the middleware again, and WhiteNoise scans every
    # static file each time; the test servers serve static files themselves.
    MIDDLEWARE.remove("whitenoise.middleware.WhiteNoiseMiddleware")

# --- email ----------------------------------------------------------------------

EMAIL_HOST = envstr("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "") or ""
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "") or ""
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    # No mail server configured: messages are written to files an administrator can read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "masa@localhost") or "masa@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people use to reach the service: links in emails start with it.
BASE_URL = (envstr("MASA_BASE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
# The MASH's telephone number, shown where the eMARF tells people to call now.
MASH_PHONE = envstr("MASA_MASH_PHONE", "") or ""

# --- uploads --------------------------------------------------------------------

# The largest evidence file a partner may upload, in bytes (10 MB unless set).
EVIDENCE_MAX_BYTES = envint("MASA_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- the service ----------------------------------------------------------------

SERVICE_NAME = envstr("MASA_SERVICE_NAME", "Safeguarding partnership") or "MASA"
SERVICE_PHASE = envstr("MASA_PHASE", "beta") or "beta"
FEEDBACK_EMAIL = envstr("MASA_FEEDBACK_EMAIL", "feedback@masa.invalid") or ""

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("MASA_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
