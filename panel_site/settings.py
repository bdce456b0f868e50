"""
Settings for the South Yorkshire Police and Crime Panel portal.

Everything that differs between machines comes from the environment (the README lists it).
Defaults are safe for development; production secrets have no default and fail fast.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def email_settings(url):
    """Django email settings from a URL such as smtp://user:password@host:587?tls=1."""
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start smtp://, smtps:// or console://, not {parts.scheme}://"
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": options.get("tls", "") in {"1", "true", "yes"},
        "EMAIL_TIMEOUT": 10,
    }


DEBUG = env_bool("DEBUG")
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends to X-Forwarded-For itself.
BEHIND_PROXY = env_bool("BEHIND_PROXY")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (a long random string), "
            "or set DEBUG=1 for development."
        )
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: list the site's host names, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The address the site is reached at, for canonical links, feeds and emails; no trailing slash.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is not set: give the public address, e.g. https://panel.example.org."
    )

INSTALLED_APPS = [
    # Django's admin, with a site that asks every sign-in for a code as well as the password.
    "staff.apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "staff",
    "changes",
    "plans",
    "meetings",
    "complaints",
    "search",
    "opendata",
    "alerts",
    "backup",
    "demo",
    "panel_site",
]

# Open data (opendata/): read-only and public, so JSON only (no browsable API), no sign-in, no
# throttling, and its own error shape; OPTIONS is refused like any other method it does not take.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "opendata.responses.JsonWhateverIsAccepted",
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "opendata.responses.error_response",
    "URL_FORMAT_OVERRIDE": None,
    # The JSON as Django's JsonResponse writes it, which consumers had before DRF.
    "COMPACT_JSON": False,
}

MIDDLEWARE = [
    # First, so that load balancers reach it whatever the Host header or the scheme.
    "panel_site.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which serves static files compressed already.
    "panel_site.compression.TextCompressionMiddleware",
    "panel_site.middleware.PermissionsPolicyMiddleware",
    # Outside the page cache, so that a kept page is answered with 304 when it has not changed.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before anything reads the cookies: sessions read theirs on the way in (and the page cache
    # keeps only pages asked for with no session cookie).
    "panel_site.middleware.NulCookieMiddleware",
    # Outside sessions, CSRF and messages, so that it sees every cookie and header they add.
    "panel_site.page_cache.PublicPageCacheMiddleware",
    # Inside the page cache: a kept page keeps its policy, which took a quarter of the time a
    # kept page took to serve when it was built again for each visit.
    "panel_site.middleware.ContentSecurityPolicyMiddleware",
    # Outside sessions, which also fail while the database is down; inside the headers above.
    "panel_site.middleware.DatabaseUnavailableMiddleware",
    # Django's, with a 503 when the session cannot be saved for the database having gone.
    "panel_site.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body and would answer a PUT as a forged form.
    "panel_site.middleware.RequestLimitsMiddleware",
    "panel_site.middleware.MethodNotAllowedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Gives request.user.is_verified(): true once this session has given a code.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "panel_site.urls"
WSGI_APPLICATION = "panel_site.wsgi.application"

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
                "panel_site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "panel_site.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages: a CDN may keep them this long (seconds; browsers always revalidate)...
PUBLIC_PAGE_MAX_AGE = int(os.environ.get("PUBLIC_PAGE_MAX_AGE", "60"))
# ...and the server keeps them until something public changes, at most this long. Only with Redis
# by default: each process has its own local-memory cache, which another process's change
# would not clear.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL else "0"))

# Jobs (changes/jobs.py, docs/operations.md): kept in the database, run by `manage.py run_jobs`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A failed job is tried again after 30 s, then 1, 2 and 4 minutes: five tries in all.
JOB_RETRY_SECONDS = int(os.environ.get("JOB_RETRY_SECONDS", "30"))
JOB_ATTEMPTS = int(os.environ.get("JOB_ATTEMPTS", "5"))
# A job still running after this long lost its worker (no job of ours takes a minute).
JOB_ABANDONED_AFTER = int(os.environ.get("JOB_ABANDONED_AFTER", "900"))

# Alerts (alerts/, docs/operations.md "Alerts"): digests are sent once a day at this hour, UK
# time, and once a week on Monday at the same hour, by `manage.py send_alerts`.
ALERTS_DIGEST_HOUR = int(os.environ.get("ALERTS_DIGEST_HOUR", "7"))
# The links in alert emails: to confirm (days), to manage what one follows (days).
ALERTS_CONFIRM_DAYS = 7
ALERTS_MANAGE_LINK_DAYS = int(os.environ.get("ALERTS_MANAGE_LINK_DAYS", "30"))
# An address whose emails bounced this many times is stopped.
ALERTS_BOUNCE_LIMIT = int(os.environ.get("ALERTS_BOUNCE_LIMIT", "3"))
# Webhooks may only be sent to https addresses on the public internet, except in development
# (a receiver on this machine).
ALERTS_WEBHOOKS_ANYWHERE = env_bool("ALERTS_WEBHOOKS_ANYWHERE", DEBUG)

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

# Guessing staff passwords: five failures for one username from one address lock that pair out
# for a while, then it may try again (a cool-off, never a permanent lock).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A right password must not clear the count, or wrong codes would never lock out someone who has
# the password: the code step clears it (staff/two_factor.py), once both factors are right.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "errors/locked_out.html"
AXES_VERBOSE = False
# Failed attempts are kept until they expire; successful logins are not logged with addresses.
AXES_DISABLE_ACCESS_LOG = True
# Whose request it is, for the login lock-outs and the public forms' rate limit alike.
CLIENT_IP_CALLABLE = "panel_site.client_ip.client_ip"
AXES_CLIENT_IP_CALLABLE = CLIENT_IP_CALLABLE

# Two-factor sign-in (staff/two_factor.py): the name authenticator apps show for the account,
# and no officer's secret key or QR code in the admin's device pages (a reset makes a new one).
OTP_TOTP_ISSUER = "SY Police and Crime Panel"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "filesystem":
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    # Object storage through django-storages (pip install '.[s3]'); credentials come from the
    # standard AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables.
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("MEDIA_BUCKET", ""),
            "endpoint_url": os.environ.get("MEDIA_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_REGION") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
# Complaint files (issue 6) go to their own place, never under MEDIA_ROOT nor in a public bucket:
# only a back-office view that checks the officer's permission serves them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()) or (
    PRIVATE_MEDIA_ROOT.resolve().is_relative_to(STATIC_ROOT.resolve())
):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT or STATIC_ROOT.")
if MEDIA_STORAGE == "s3":
    private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **media_storage["OPTIONS"],
            "bucket_name": os.environ.get("PRIVATE_MEDIA_BUCKET", ""),
            "default_acl": "private",
        },
    }
    if private_storage["OPTIONS"]["bucket_name"] in {"", media_storage["OPTIONS"]["bucket_name"]}:
        raise ImproperlyConfigured("Set PRIVATE_MEDIA_BUCKET to a private bucket of its own.")
else:
    private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
STORAGES = {
    "default": media_storage,
    "private": private_storage,
    # Hashed, compressed names so that browsers and CDNs may keep static files for a year.
    "staticfiles": {"BACKEND": "panel_site.storage.StaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60  # unhashed names only; hashed names get a year
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest request body taken (a 413 above it): a complaint with five evidence files and a
# consent file of 10 MB each, and its fields. Django itself never limits the size of files.
REQUEST_BODY_MAX_BYTES = 64 * 1024 * 1024

EMAIL_URL = os.environ.get("EMAIL_URL", "console://" if DEBUG else "")
if not EMAIL_URL:
    raise ImproperlyConfigured(
        "EMAIL_URL is not set: give the mail server as smtp://user:password@host:587?tls=1."
    )
globals().update(email_settings(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "South Yorkshire Police and Crime Panel <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Messages live in the session, so the site sets no cookie beyond the two the cookies page names.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

CSRF_FAILURE_VIEW = "panel_site.views.csrf_failure"

# Security headers. The Content-Security-Policy allows nothing inline: every script and style
# is a file of ours.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Only behind a proxy that sets this header itself: otherwise any client could claim HTTPS.
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Staff sessions end after 30 minutes without activity.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs a 4xx with the request path only; the request body is never logged.
        "django.request": {"level": "ERROR"},
        # At DEBUG it logs each missing template variable with the whole context, forms with the
        # names and addresses sent in them included: kept at INFO even if "django" is lowered.
        "django.template": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

PANEL_NAME = "South Yorkshire Police and Crime Panel"

# The open data's OpenAPI description, made by drf-spectacular from opendata/.
SPECTACULAR_SETTINGS = {
    "TITLE": f"{PANEL_NAME}: open data",
    "DESCRIPTION": "Read-only open data: meetings, agenda items, papers, members, attendance, "
    "resolutions, the action log and the Police and Crime Plan. Never drafts, the papers or "
    "minutes of items taken in private, or personal data.",
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    # Only the open data: the schema is made from the views under /api/.
    "SCHEMA_PATH_PREFIX": "/api/",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Where to report a security problem, named in /.well-known/security.txt: an email address, or a
# full mailto:/https: URI.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "police.crime.panel@example.org")

# Public forms accept at most this many submissions per client address in any window of that
# length ("5/10m": five in any ten minutes); more get a "try again later" page. Counted in Redis
# when there is one, so that every container shares the count (complaints/ratelimit.py).
PUBLIC_FORM_RATE_LIMIT = os.environ.get("PUBLIC_FORM_RATE_LIMIT", "5/10m")
PUBLIC_FORM_RATE_LIMIT_STORAGE = REDIS_URL or "memory://"
