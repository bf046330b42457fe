"""Tending's one settings module, configured only from environment variables.

Every variable is documented in docs/configuration.md (a test checks that the
two agree). With no configuration at all Tending runs on SQLite in ./var with
a generated secret key and DEBUG off; with an https TENDING_SITE_URL it runs
in production mode and refuses to start when a setting is unsafe.
"""

from __future__ import annotations

import secrets
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from tending.lib.env import Env

# Lets annotations such as ModelForm[User] and QuerySet[Model] work at run time.
django_stubs_ext.monkeypatch()

env = Env()

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env.str("TENDING_DATA_DIR", str(Path.cwd() / "var"))).resolve()
# Only the account that runs Tending may read what couples wrote (the
# database, uploads, the cache): a new data folder is private to it.
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)

# --- Site and mode -----------------------------------------------------------
SITE_URL = env.url("TENDING_SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https"))
_site = urlsplit(SITE_URL)
PRODUCTION = _site.scheme == "https"
DEBUG = env.bool("TENDING_DEBUG", False)
SITE_NAME = env.str("TENDING_SITE_NAME", "Tending")

ALLOWED_HOSTS = [_site.hostname or "", *env.list("TENDING_ALLOWED_HOSTS")]
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]


def _secret_key() -> str:
    configured = env.raw("TENDING_SECRET_KEY")
    if configured is not None:
        return configured.strip()
    # Generated once and kept beside the database, so sessions and signed links
    # survive restarts without anyone having to invent a key.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(64))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Old keys, still accepted when reading, so that a new key logs nobody out at
# once and sealed calendar addresses stay readable (docs/calendars.md).
SECRET_KEY_FALLBACKS = env.list("TENDING_SECRET_KEY_FALLBACKS")

# --- Applications ------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_htmx",
    "axes",
    "ninja",
    "tending.accounts",
    "tending.couples",
    "tending.today",
    "tending.pulse",
    "tending.calendars",
    "tending.funlist",
    "tending.share",
    "tending.listen",
    "tending.appreciate",
    "tending.traditions",
    "tending.unplug",
    "tending.balance",
    "tending.nudges",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tending.accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tending.accounts.middleware.PrivateResponseMiddleware",
    # Axes must come last: it turns a lockout raised during login into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tending.urls"
WSGI_APPLICATION = "tending.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "today:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "tending.today.context_processors.shell",
                "tending.appreciate.context_processors.breaks",
            ],
        },
    }
]

# --- Cache -------------------------------------------------------------------
# Files in the data folder: shared by every server process on the machine, no
# service to run, and nothing in it that the database does not also hold (see
# tending/lib/pagecache.py). Culling lists the folder on every write, so the
# folder is kept small.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
}
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_ENABLED = env.bool("TENDING_PAGE_CACHE", True)

# --- Database ----------------------------------------------------------------
# Persistent connections with health checks: measured on a 2-core box they
# double throughput on SQLite and multiply it by eight on PostgreSQL.
CONN_MAX_AGE = env.int("TENDING_DB_CONN_MAX_AGE", 600, maximum=86400)
_database_url = env.str("DATABASE_URL")
if _database_url and urlsplit(_database_url).scheme not in ("postgres", "postgresql", "sqlite"):
    raise ImproperlyConfigured(
        f"DATABASE_URL: Tending runs on PostgreSQL (postgres://…) or SQLite (sqlite:///…), "
        f"not {urlsplit(_database_url).scheme or 'this address'}."
    )
if _database_url:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                _database_url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
            )
        }
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "tending.sqlite3"),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes
                # the write lock at BEGIN so that two writers queue on the busy
                # timeout instead of failing with "database is locked" mid-way.
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-16000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords, sessions, login throttling -----------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "tending.accounts.validators.MaximumLengthValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tending.accounts.backends.CachedModelBackend",
]
# Sessions are read from the cache and written through to the database, so a
# cleared cache logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_IDLE_TIMEOUT = timedelta(
    hours=env.int("TENDING_SESSION_IDLE_HOURS", 14 * 24, minimum=1, maximum=24 * 365)
)
SESSION_ABSOLUTE_TIMEOUT = timedelta(
    days=env.int("TENDING_SESSION_MAX_DAYS", 60, minimum=1, maximum=365)
)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Throttle by account and, separately, by address: five failures lock that
# account (or address) for a short cool-off only, so an attacker can slow a
# victim down for minutes but never lock them out for long. Success resets.
AXES_FAILURE_LIMIT = env.int("TENDING_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=1000)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("TENDING_LOGIN_COOLOFF_MINUTES", 15, minimum=1, maximum=24 * 60)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Successful log-ins are nobody's business: keep no access log.
AXES_DISABLE_ACCESS_LOG = True
AXES_IPWARE_PROXY_COUNT = env.int("TENDING_PROXY_COUNT", 0, maximum=10) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- Security headers ----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if env.bool("TENDING_BEHIND_PROXY", False):
    # Only safe when a proxy in front of Tending sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("TENDING_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("TENDING_HSTS_INCLUDE_SUBDOMAINS", True)
    # Only a directive: being on browsers' preload lists also needs a submission.
    SECURE_HSTS_PRELOAD = env.bool("TENDING_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # The health check is asked over plain http by load balancers and monitors.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- E-mail ------------------------------------------------------------------
# Django 6.1's MAILERS replaces the EMAIL_* settings.
# In production, mail must really leave (password resets depend on it).
_mail_backend = env.choice(
    "TENDING_EMAIL_BACKEND", "smtp" if PRODUCTION else "console", ("console", "smtp", "file")
)
_smtp_security = env.choice("TENDING_SMTP_SECURITY", "starttls", ("starttls", "tls", "none"))
_smtp_options = {
    "host": env.str("TENDING_SMTP_HOST", "localhost"),
    "port": env.int("TENDING_SMTP_PORT", 587, minimum=1, maximum=65535),
    "username": env.str("TENDING_SMTP_USER"),
    "password": env.str("TENDING_SMTP_PASSWORD"),
    "use_tls": _smtp_security == "starttls",
    "use_ssl": _smtp_security == "tls",
    "timeout": 20,
}
MAILERS = {
    "default": {
        "console": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
        "file": {
            # Django's file backend, which nudges can write to idempotently.
            "BACKEND": "tending.nudges.channels.mailfolder.MailFolder",
            "OPTIONS": {"file_path": str(DATA_DIR / "mail")},
        },
        "smtp": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": _smtp_options,
        },
    }[_mail_backend]
}
DEFAULT_FROM_EMAIL = env.str("TENDING_EMAIL_FROM", f"Tending <tending@{_site.hostname}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation and time -------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

# --- Tending ---------------------------------------------------------------
INVITE_LIFETIME = timedelta(days=7)
# Shown in the fun list's cost bands: free, €, €€, €€€.
CURRENCY_SYMBOL = env.str("TENDING_CURRENCY_SYMBOL", "€")
if not 1 <= len(CURRENCY_SYMBOL) <= 4:
    raise ImproperlyConfigured(
        f"TENDING_CURRENCY_SYMBOL: expected 1 to 4 characters, got {CURRENCY_SYMBOL!r}."
    )


# --- Nudges --------------------------------------------------------------------
def _clock(name: str, default: str) -> time:
    value = env.str(name, default)
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}: expected a time such as 22:00, got {value!r}."
        ) from None


# Each partner can change these for themself; these are the defaults.
NUDGE_QUIET_START = _clock("TENDING_NUDGE_QUIET_START", "22:00")
NUDGE_QUIET_END = _clock("TENDING_NUDGE_QUIET_END", "08:00")
NUDGE_DAILY_CAP = env.int("TENDING_NUDGE_DAILY_CAP", 3, minimum=1, maximum=20)
NUDGE_MAX_ATTEMPTS = env.int("TENDING_NUDGE_MAX_ATTEMPTS", 6, minimum=1, maximum=20)
# Nudges a worker claims at once, and how long its claim holds before
# another worker may take them over (it must outlast a batch's sending).
NUDGE_BATCH = env.int("TENDING_NUDGE_BATCH", 500, minimum=1, maximum=10000)
NUDGE_LEASE = timedelta(
    seconds=env.int("TENDING_NUDGE_LEASE_SECONDS", 120, minimum=5, maximum=3600)
)
NUDGE_LINK_MAX_AGE = timedelta(days=env.int("TENDING_NUDGE_LINK_DAYS", 30, minimum=1, maximum=365))
NUDGE_VAPID_SUBJECT = env.str("TENDING_VAPID_SUBJECT", f"mailto:tending@{_site.hostname}")
if not NUDGE_VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(
        "TENDING_VAPID_SUBJECT: expected a mailto: or https:// address, "
        f"got {NUDGE_VAPID_SUBJECT!r}."
    )
# Push subscriptions may only point at these push services (host or a parent
# domain): the worker POSTs to whatever a browser registered, so anything else
# would let a person make the server call arbitrary addresses.
NUDGE_PUSH_SERVICES = env.list(
    "TENDING_PUSH_SERVICES",
    [
        "fcm.googleapis.com",
        "push.services.mozilla.com",
        "notify.windows.com",
        "push.apple.com",
    ],
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "TENDING_LOG_LEVEL", "info", ("debug", "info", "warning", "error")
        ).upper(),
    },
    "loggers": {"axes": {"level": "WARNING"}},
}


def _refuse_unsafe_production() -> None:
    """Production mode (https site URL) must not start with an unsafe setting."""
    problems = []
    if DEBUG:
        problems.append("TENDING_DEBUG is on: turn it off, it shows internals to anyone.")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append(
            "TENDING_SECRET_KEY is too short or too simple: use at least 50 random "
            "characters, or unset it to have one generated into the data folder."
        )
    if "*" in ALLOWED_HOSTS:
        problems.append(
            "TENDING_ALLOWED_HOSTS contains '*': name the hosts, or leave it unset to "
            "allow only TENDING_SITE_URL's host."
        )
    if SECURE_HSTS_SECONDS < 86400:
        problems.append(
            "TENDING_HSTS_SECONDS is under a day: browsers would fall back to plain "
            "http; leave it unset for a year."
        )
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start in production mode (TENDING_SITE_URL is https):\n- "
            + "\n- ".join(problems)
        )


if PRODUCTION:
    _refuse_unsafe_production()

# Read by tests and by `tending check` to compare with docs/configuration.md.
ENVIRONMENT_VARIABLES = frozenset(env.names)
