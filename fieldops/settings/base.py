"""Settings shared by every environment; everything that varies comes from the
environment (see the table in README.md)."""

import os
from datetime import timedelta
from pathlib import Path

from corsheaders.defaults import default_headers
from django.utils.translation import gettext_lazy

from .database import (  # noqa: F401 - settings read by name
    DATABASE_CONNECT_TIMEOUT,
    DATABASE_LOCK_TIMEOUT,
    DATABASE_STATEMENT_TIMEOUT,
    database,
)
from .env import env_bool, env_list
from .http_cache import *  # noqa: F403 (HTTP caching and the page cache)
from .templates import TEMPLATES  # noqa: F401 - read by name

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "fieldops"
VAR_DIR = Path(os.environ.get("FIELDOPS_VAR_DIR", BASE_DIR / "var"))


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "fieldops.core",
    "fieldops.documents",
    "fieldops.operations",
    "fieldops.recruitment",
    "fieldops.opendata",
    "fieldops.health",
    "fieldops.accounts",
    "fieldops.demo",
    "mailer",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "corsheaders",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fieldops.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, since its headers depend on each request's Origin.
    "corsheaders.middleware.CorsMiddleware",
    # Public answers only; above HttpCacheMiddleware, which it compresses too.
    "fieldops.core.http_cache.PublicGZipMiddleware",
    # Above everything that may set a cookie, so that it sees them all.
    "fieldops.core.http_cache.HttpCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fieldops.core.middleware.LocaleMiddleware",
    "fieldops.core.middleware.ApiHeadMiddleware",
    "fieldops.core.middleware.DataErrorsMiddleware",
    "fieldops.core.middleware.ControlCharacterMiddleware",
    "fieldops.core.request_limits.UrlLengthMiddleware",
    "fieldops.core.middleware.DatabaseOutageMiddleware",
    # A hand-made admin post with broken StreamField data: 400, not 500.
    "fieldops.core.admin_forms.MalformedBlockFormMiddleware",
    # Before anything asks Wagtail for the request's site; after the outage's
    # answer, as it may read the database.
    "fieldops.core.site_middleware.SiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a method no public address takes answers 405.
    "fieldops.core.methods.MethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fieldops.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it sees the lockout flag the login view's authenticate() set.
    "axes.middleware.AxesMiddleware",
]

# How large a request may be (fieldops.core.request_limits answers 413, 414 or 400
# with a page that says so). A form's fields: Django's defaults, stated; uploaded
# files are not counted in the memory size (streamed to disk past
# FILE_UPLOAD_MAX_MEMORY_SIZE) and are bounded by nginx's client_max_body_size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Path and query together, in characters: under gunicorn's 4094-byte request
# line, so that the site's page answers rather than gunicorn's bare 400.
FIELDOPS_MAX_URL_LENGTH = int(os.environ.get("FIELDOPS_MAX_URL_LENGTH", "2048"))

# Security headers of every answer (production.py adds HSTS and Secure cookies):
# the Content-Security-Policy and the cross-origin headers are chosen by path in
# fieldops.core.security; Django's SecurityMiddleware sets the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No script reads either cookie: the admin takes its CSRF token from the page.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Gravatar would show each editor's mail hash to a third party, and the admin's
# Content-Security-Policy loads images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

ROOT_URLCONF = "fieldops.urls"
WSGI_APPLICATION = "fieldops.wsgi.application"

# The database, with the timeouts that turn an outage into a 503 (database.py).
DATABASES = {"default": database(VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
    }
    CACHES = {"default": _redis, "limits": {**_redis, "KEY_PREFIX": "limits"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Counts every web worker shares; its table comes with `migrate`.
        "limits": {
            "BACKEND": "fieldops.core.cache.CountingDatabaseCache",
            "LOCATION": "fieldops_limits_cache",
            # Expired counts are swept as new ones are written.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

CACHES[FIELDOPS_PAGE_CACHE_ALIAS] = page_cache(CACHE_URL)  # noqa: F405 (its own)

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# Sign-in: axes counts failed attempts per user name and address and refuses that
# pair for a while after too many; it must come before the password backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("FIELDOPS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("FIELDOPS_LOGIN_LOCKOUT_MINUTES", "60"))
)
# By the pair: someone guessing one editor's password from one address neither
# locks that editor out everywhere nor the whole office behind one address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fieldops.accounts.views.lockout"
# The same reading of X-Forwarded-For (FIELDOPS_TRUSTED_PROXY_COUNT) as the
# site's other limits.
AXES_CLIENT_IP_CALLABLE = "fieldops.core.http.client_ip"
# Django's own admin is not served; the attempts are not shown there.
AXES_ENABLE_ADMIN = False
# Failures and lockouts are still logged; this only drops the start-up banner.
AXES_VERBOSE = False

# The admin's password reset mails in a task, so that a known and an unknown
# address take the same work in the request (fieldops/accounts/password_reset.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = (
    "fieldops.accounts.password_reset.PasswordResetForm"  # noqa: S105 (a class)
)

# Two-step verification: required of administrators (superusers and the
# organisation administrators), offered to every other editor.
OTP_TOTP_ISSUER = os.environ.get("FIELDOPS_OTP_ISSUER", "fieldops")

# A session lasts this long from sign-in, busy or idle, and ends earlier when the
# browser closes unless "Remember me" was ticked.
SESSION_COOKIE_AGE = int(float(os.environ.get("FIELDOPS_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

# Languages: URLs are prefixed from the start. Russian and Kazakh are switched on
# once their interface and content translations exist.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
WAGTAIL_I18N_ENABLED = True
# Each editor picks the admin's language in their account settings.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("ru", "Русский")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
FORMAT_MODULE_PATH = ["fieldops.core.formats"]
# XK is the code in common use for Kosovo (user-assigned: ISO 3166-1 has none).
COUNTRIES_OVERRIDE = {"XK": {"name": gettext_lazy("Kosovo"), "alpha3": "XKX"}}
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Every mail is first stored in the outbox table (django-mailer), in the same
# transaction as the change that owes it, then handed to the real transport named by
# the EMAIL_BACKEND variable (SMTP by default): see fieldops/core/mail.py and
# mail_backend.py.
EMAIL_BACKEND = "fieldops.core.mail_backend.OutboxBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
# Row locks decide which sender takes a message (SQLite's immediate transactions
# serialise them); a lock file would outlive a killed sender and stop the queue.
MAILER_USE_FILE_LOCK = False
MAILER_ERROR_HANDLER = "fieldops.core.mail.defer_on_error"
# A round stops after this many failures: the server is likely down, and each
# further attempt could wait out EMAIL_TIMEOUT.
MAILER_EMAIL_MAX_DEFERRED = 5
# The log keeps each attempt's result and Message-ID, not the subscriber's mail.
MAILER_EMAIL_LOG_MESSAGE_DATA = False
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# On SQLite a message is sent inside the write transaction that takes it from the
# outbox, so a stalled server must not hold the database for long.
EMAIL_TIMEOUT = int(
    os.environ.get(
        "EMAIL_TIMEOUT",
        "10" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "30",
    )
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "fieldops <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

WAGTAIL_SITE_NAME = "fieldops"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://localhost:8000")
# Wagtail's database backend, given only the words of each query (see the module).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "fieldops.core.search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx", "zip"]
WAGTAIL_MODERATION_ENABLED = True

# How old a dated figure may be before the page marks it as possibly out of date.
FIELDOPS_STALE_AFTER_MONTHS = int(os.environ.get("FIELDOPS_STALE_AFTER_MONTHS", "12"))
# Job alert subscriptions allowed per client IP and per email address ("count/period").
FIELDOPS_ALERT_RATE_PER_IP = os.environ.get("FIELDOPS_ALERT_RATE_PER_IP", "10/hour")
FIELDOPS_ALERT_RATE_PER_ADDRESS = os.environ.get(
    "FIELDOPS_ALERT_RATE_PER_ADDRESS", "3/day"
)
# django-ratelimit counts them in the "limits" cache, which every worker shares
# (Redis, or the database); a count the cache lost between its two steps (an
# eviction) lets the request through rather than refusing it.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_USE_CACHE = "limits"
# Job alert delivery: rows a sender task mails over one SMTP connection, how long
# it holds them (a killed worker's rows are taken again after that), and the first
# retry delay after an SMTP failure (doubling each time, up to an hour). A delivery
# is retried until its vacancy closes, however many attempts that takes.
FIELDOPS_ALERT_BATCH_SIZE = int(os.environ.get("FIELDOPS_ALERT_BATCH_SIZE", "100"))
FIELDOPS_ALERT_LEASE_SECONDS = int(
    os.environ.get("FIELDOPS_ALERT_LEASE_SECONDS", "300")
)
FIELDOPS_ALERT_RETRY_SECONDS = int(os.environ.get("FIELDOPS_ALERT_RETRY_SECONDS", "60"))
# Four eyes: nobody approves their own submission. A one-person office, where the
# only approver is also the only editor, may allow it.
FIELDOPS_ALLOW_SELF_APPROVAL = env_bool("FIELDOPS_ALLOW_SELF_APPROVAL")
# A task still marked running after this many minutes belonged to a worker that
# died; `manage.py reconcile` marks it failed (the work itself is re-derived), or
# queues it again (FIELDOPS_TASK_LOST_RUNS).
FIELDOPS_TASK_LOST_AFTER_MINUTES = int(
    os.environ.get("FIELDOPS_TASK_LOST_AFTER_MINUTES", "60")
)
# A lost task whose arguments are its only copy of its work (a subscription) is
# queued again, up to this many runs in all: one that kills its worker each time
# must not take down worker after worker forever.
FIELDOPS_TASK_LOST_RUNS = int(os.environ.get("FIELDOPS_TASK_LOST_RUNS", "3"))
# How many proxies (nginx, a load balancer) stand before the app; their
# X-Forwarded-For is trusted to tell the visitor's address. 0 = none.
FIELDOPS_TRUSTED_PROXY_COUNT = int(os.environ.get("FIELDOPS_TRUSTED_PROXY_COUNT", "0"))
FIELDOPS_FRONT_CACHE_URL = os.environ.get("FIELDOPS_FRONT_CACHE_URL", "")
FIELDOPS_ORGANISATION_NAME = os.environ.get(
    "FIELDOPS_ORGANISATION_NAME", "Organization for Security and Co-operation in Europe"
)
FIELDOPS_ORGANISATION_ACRONYM = os.environ.get("FIELDOPS_ORGANISATION_ACRONYM", "OSCE")
# The organisation's own official site, named as the same organisation
# (schema.org sameAs) in the structured data of vacancies; empty leaves it out.
FIELDOPS_ORGANISATION_URL = os.environ.get(
    "FIELDOPS_ORGANISATION_URL", "https://www.osce.org/"
)

# Open data: the licence every export and API answer states, and the IATI
# organisation identifier of the organisation (its registered IATI id, if any).
FIELDOPS_DATA_LICENCE_NAME = os.environ.get("FIELDOPS_DATA_LICENCE_NAME", "CC BY 4.0")
FIELDOPS_DATA_LICENCE_URL = os.environ.get(
    "FIELDOPS_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
FIELDOPS_IATI_ORGANISATION_ID = os.environ.get("FIELDOPS_IATI_ORGANISATION_ID", "")

# Anyone may read the API and the exports from a web page on another site.
CORS_URLS_REGEX = r"^/(api|exports)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# Link, X-Data-As-Of and X-Data-Extracted-At carry a CSV table's provenance.
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Content-Disposition",
    "Link",
    "X-Data-As-Of",
    "X-Data-Extracted-At",
]
# A page revalidating its copy sends these, which are not CORS-safelisted.
CORS_ALLOW_HEADERS = [*default_headers, "if-modified-since", "if-none-match"]
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-mailer reports every round at INFO ("Sent"), even an empty one;
    # deferrals and failures are logged by fieldops.core.mail.
    "loggers": {"mailer": {"level": "WARNING"}},
}
