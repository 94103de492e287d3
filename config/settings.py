"""Regie settings, read from environment variables (12-factor).

DATABASE_URL          any URL dj-database-url understands; a SQLite file (db.sqlite3) when unset
DJANGO_SECRET_KEY     required when DJANGO_DEBUG is off
DJANGO_DEBUG          "1"/"true"/"yes" turns debug on; off by default
DJANGO_ALLOWED_HOSTS  comma-separated host names
DJANGO_TRUST_PROXY_SSL_HEADER  "1" only behind a proxy that sets X-Forwarded-Proto itself
(README, "Configuration", has every other variable)
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
TESTING = env_bool("REGIE_TESTING") or "pytest" in sys.modules

# Commands that sign nothing and serve nothing run without a key (a random one for the
# process): `makemigrations --check` belongs in any CI step, configured or not.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations"}

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS:
        SECRET_KEY = secrets.token_urlsafe(50)
    elif not (DEBUG or TESTING):
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    else:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "django_htmx",
    "js_lib_bootstrap5",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "template_partials",
    "django_tasks",
    "django_tasks_db",  # the tasks' database backend and its worker, `manage.py db_worker`
    "stakeholders",
    "phases",
    "milestones",
    "cycle",
    "accounts",
    "axes",  # last: its lockout checks wrap the other apps' sign-ins
]

MIDDLEWARE = [
    "config.stack.RoomyStackMiddleware",  # CPython 3.11: see config/stack.py
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # CONTENT_SECURITY_POLICY below
    "django_permissions_policy.PermissionsPolicyMiddleware",  # PERMISSIONS_POLICY below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Everything needs a login except what is marked @login_not_required: the calendar feeds
    # (their token is the key) and the date preview (members only; 404 rather than a redirect).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.htmx.HtmxLoginRedirectMiddleware",  # needs request.htmx; sees login redirects
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every app server: the database cache by default (`manage.py createcachetable`,
# run by `make migrate`); Redis or Memcached through the two variables (README, production).
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"
        ),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "regie_cache"),
    }
}
# Rendered calendar bodies, keyed by their ETag (milestones.calendars.cache), and how many
# bytes of the last ones each process keeps in memory in front of that cache.
CALENDAR_CACHE = "default"
REGIE_CALENDAR_MEMORY_BYTES = int(os.environ.get("REGIE_CALENDAR_MEMORY_BYTES", 64 * 1024 * 1024))
# Rendered parts of the timeline, dashboard and milestone table, kept under the programme's
# version (milestones.fragments), and the bytes of the last ones each process keeps in memory.
PAGE_CACHE = "default"
REGIE_PAGE_MEMORY_BYTES = int(os.environ.get("REGIE_PAGE_MEMORY_BYTES", 64 * 1024 * 1024))

# Background work (milestones.tasks: large imports, calendar pre-rendering, reports) runs on
# django-tasks. REGIE_TASKS=database queues it in the database for `manage.py db_worker`
# (any number of workers on any machine sharing the database; `make run` starts one);
# REGIE_TASKS=immediate runs it at once inside the request that asks for it, nothing else
# to start. Default: database on PostgreSQL, immediate on SQLite and in tests (README).
REGIE_TASKS = os.environ.get("REGIE_TASKS") or (
    "immediate" if TESTING or DATABASES["default"]["ENGINE"].endswith("sqlite3") else "database"
)
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if REGIE_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured("REGIE_TASKS is 'database' or 'immediate'.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[REGIE_TASKS], "QUEUES": ["default"]}}
# An upload with more rows than this is read (and later committed) by a task, with a
# progress page; smaller ones are read in the request.
REGIE_IMPORT_BACKGROUND_ROWS = int(os.environ.get("REGIE_IMPORT_BACKGROUND_ROWS", "2000"))
# The progress report of a programme with more milestones than this is made by a task.
REGIE_REPORT_BACKGROUND_ITEMS = int(os.environ.get("REGIE_REPORT_BACKGROUND_ITEMS", "2000"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Development and tests serve static files from the apps directly, without collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Where Regie is reached from outside ("https://regie.example.nl"): links in calendar feeds
# and on the feed pages start with it. Empty: the address of the request (its scheme too).
REGIE_BASE_URL = os.environ.get("REGIE_BASE_URL", "").rstrip("/")

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# -- signing in (README, "Signing in") --------------------------------------------------------
# Passwords: on unless DJANGO_PASSWORD_LOGIN=0 (then only the organisation's account, OIDC).
PASSWORD_LOGIN = env_bool("DJANGO_PASSWORD_LOGIN", default=True)

# OpenID Connect (mozilla-django-oidc): on when a client id and the provider's endpoints are set.
OIDC_RP_CLIENT_ID = os.environ.get("DJANGO_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("DJANGO_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("DJANGO_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("DJANGO_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("DJANGO_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("DJANGO_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("DJANGO_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("DJANGO_OIDC_SCOPES", "openid email profile")
OIDC_USE_NONCE = True
OIDC_CREATE_USER = env_bool("DJANGO_OIDC_CREATE_USERS", default=True)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
OIDC_TIMEOUT = 10  # seconds for each call to the provider
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT)
# The button's text on the login page ("Inloggen met je Gemeente-account"); a default when empty.
OIDC_LOGIN_LABEL = os.environ.get("DJANGO_OIDC_LOGIN_LABEL", "")
# Programme access from the provider's groups: "group=slug:level, ..." (accounts/oidc.py).
OIDC_GROUPS_CLAIM = os.environ.get("DJANGO_OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_ACCESS = os.environ.get("DJANGO_OIDC_GROUP_ACCESS", "")

AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while a user+address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if PASSWORD_LOGIN else []),
    *(["accounts.oidc.OidcBackend"] if OIDC_ENABLED else []),
]

# Brute force (django-axes): a user name from one address is locked after
# DJANGO_LOGIN_FAILURE_LIMIT wrong passwords, for DJANGO_LOGIN_COOLOFF_MINUTES; staff unlock
# sooner in the admin ("Access attempts") or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Production hardening; `manage.py check --deploy` must stay clean with DJANGO_DEBUG=0.
# A client talking to gunicorn directly could claim HTTPS with this header: trust it only when
# a proxy in front sets it (and overwrites what clients send).
if env_bool("DJANGO_TRUST_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not TESTING)
    SESSION_COOKIE_SECURE = not TESTING
    CSRF_COOKIE_SECURE = not TESTING
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): scripts only from our own static files, never inline
# (templates load static/regie/*.js); everything is served locally, nothing from a CDN. Styles
# keep 'unsafe-inline' for the style attributes of Django's admin and htmx's indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],  # Bootstrap draws its icons as data: SVG
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy: Regie uses no camera, microphone, location, payment or the like.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Mail (password reset). Without DJANGO_EMAIL_HOST the site has no mail: the password reset
# pages answer 404 instead of claiming a mail was sent (config.accounts).
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# A refused form (expired page, cookies off) explains itself in Dutch, without Django's notes.
CSRF_FAILURE_VIEW = "config.accounts.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
