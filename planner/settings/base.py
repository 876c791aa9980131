"""Base settings shared by every environment."""

from datetime import timedelta
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from planner.settings.env import (
    SQLITE_OPTIONS,
    cache_from_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    storage_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PLANNER_VAR_DIR", str(BASE_DIR / "var")))

# The embedded default is a development set-up; production settings replace the key.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "embedded-mode-not-secret-8c1f0a")
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    # Dependencies point one way, top to bottom.
    "apps.core",
    "apps.accounts",
    "apps.notifications",
    "apps.plans",
    "apps.targets",
    "apps.positioning",
    "apps.delivery",
    "apps.governance",
    "apps.review",
    # Search reads the plans, every content app and review (apps/plans/indexing.py).
    "apps.search",
    "apps.monitoring",
    "apps.checks",
    "apps.exports",
    "apps.linkage",
    "apps.consultation",
    # Demo data depends on every content app and nothing depends on it.
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.SessionTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.middleware.NoStoreMiddleware",
    "apps.core.middleware.CleanInputMiddleware",
    "apps.plans.middleware.KeepUnsavedTextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "planner.middleware.OversizedPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a page.
    "axes.middleware.AxesMiddleware",
]

# The same policy in every environment, so the browser tests run under it: our own
# scripts and styles only (inline ones need the request's nonce), no plugins, no
# framing, forms post back to this site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session ends after an hour without a request and twelve hours after sign-in,
# whichever comes first (apps/core/middleware.py); text typed meanwhile is kept.
PLANNER_SESSION_IDLE_SECONDS = env_int("PLANNER_SESSION_IDLE_MINUTES", 60) * 60
PLANNER_SESSION_MAX_SECONDS = env_int("PLANNER_SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_AGE = PLANNER_SESSION_MAX_SECONDS

# One cache for every process on every host (scorecards, the annex probe, the
# overview's charts) when DJANGO_CACHE_URL names a Redis; otherwise each process
# keeps its own in memory. With Redis, sessions are read from it and written
# through to the database, so a Redis restart logs nobody out.
CACHE_URL = env_str("DJANGO_CACHE_URL")
# What the public may send is counted in a cache every process shares: the Redis
# when there is one, else a table in the database (created by a migration of
# apps/consultation), so the embedded mode's processes count together too.
THROTTLE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "planner_throttle",
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": THROTTLE_CACHE,
}
if CACHE_URL:
    CACHES = {"default": cache_from_url(CACHE_URL), "throttle": cache_from_url(CACHE_URL)}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The public's suggestions (问计于民): how many one address may send in the window,
# how many a consultation takes from everyone in it, and the shortest time a
# person takes to fill in the form.
PLANNER_SUGGESTION_WINDOW_SECONDS = env_int("PLANNER_SUGGESTION_WINDOW_MINUTES", 10) * 60
PLANNER_SUGGESTIONS_PER_ADDRESS = env_int("PLANNER_SUGGESTIONS_PER_ADDRESS", 10)
PLANNER_SUGGESTIONS_PER_CONSULTATION = env_int("PLANNER_SUGGESTIONS_PER_CONSULTATION", 2000)
PLANNER_SUGGESTION_MIN_SECONDS = env_int("PLANNER_SUGGESTION_MIN_SECONDS", 3)
# Downloads of a published feedback notice's PDF one address may make in the window.
PLANNER_PUBLIC_DOWNLOADS_PER_ADDRESS = env_int("PLANNER_PUBLIC_DOWNLOADS_PER_ADDRESS", 30)
# The contacts the public leave are deleted this many days after their
# consultation ends (the hourly beat task apps.consultation.tasks.forget_contacts).
PLANNER_CONTACT_RETENTION_DAYS = env_int("PLANNER_CONTACT_RETENTION_DAYS", 30)

# Brute-force protection (django-axes): five failures for one username from one
# address lock that pair out for 15 minutes; other users at the same address, and
# the same user elsewhere, can still sign in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("PLANNER_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PLANNER_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "apps.accounts.security.client_ip"
AXES_VERBOSE = False
# A wrong current password on the password page counts as a failed sign-in
# (apps/accounts/auth.py); axes must not keep the posted passwords.
AXES_SENSITIVE_PARAMETERS = ["old_password", "new_password1", "new_password2"]
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 means
# the socket's address is the client's and the header is ignored.
PLANNER_TRUSTED_PROXY_COUNT = env_int("PLANNER_TRUSTED_PROXY_COUNT", 0)

ROOT_URLCONF = "planner.urls"
WSGI_APPLICATION = "planner.wsgi.application"
ASGI_APPLICATION = "planner.asgi.application"

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
                "django.template.context_processors.csp",
                "apps.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Length, not composition: at least ten characters, any kind, long passphrases
    # welcome (no upper limit below Django's 4096).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first: the interface language is fixed to Simplified Chinese.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end libraries come from the npm registry at install time (make install).
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# Export files go to the default storage: the file system under MEDIA_ROOT unless
# DJANGO_STORAGE_BACKEND / DJANGO_STORAGE_OPTIONS name another (S3, MinIO…), which
# every web and worker host then shares (planner/settings/env.py).
STORAGES = {
    "default": storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Limits on what a browser may send: a plan section is long but not unbounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# A form from a stale page gets a Chinese page that says what to do (planner/errors.py).
CSRF_FAILURE_VIEW = "planner.errors.csrf_failure"

# Celery. Without a broker URL the embedded mode uses a file-system broker, so PDF
# exports still go through a real worker on a machine with neither Redis nor RabbitMQ.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
# PDF renders are long and CPU-bound: one task at a time per process, acknowledged
# only when done, and limits far below the broker's visibility timeout so Redis
# never hands a still-running render to a second worker.
EXPORT_SOFT_TIME_LIMIT = env_int("EXPORT_SOFT_TIME_LIMIT", 300)
EXPORT_HARD_TIME_LIMIT = env_int("EXPORT_HARD_TIME_LIMIT", 360)
EXPORT_REDISPATCH_AFTER = env_int("EXPORT_REDISPATCH_AFTER", 900)
# A render touches its job row every EXPORT_HEARTBEAT seconds from a side thread;
# a running job silent for EXPORT_STALE_AFTER seconds lost its worker, and the
# sweep (every minute) puts it back in the queue or fails it.
EXPORT_HEARTBEAT = env_int("EXPORT_HEARTBEAT", 10)
EXPORT_STALE_AFTER = env_int("EXPORT_STALE_AFTER", 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
# With the broker down, asking for an export must not hang the page: a couple of
# quick attempts, then the job stays queued and the sweep sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Recycle render processes so memory held by fonts and layouts cannot creep up.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 800_000)  # KiB
# Old export files are deleted by an hourly job: the newest per document, exporter,
# options and stage stay; other files stay while among the newest EXPORT_KEEP_LAST
# of their document and younger than EXPORT_KEEP_DAYS (apps/exports/services.py).
EXPORT_KEEP_LAST = env_int("EXPORT_KEEP_LAST", 10)
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 30)
# Exports one person may have queued or running at once.
EXPORT_MAX_ACTIVE_PER_USER = env_int("EXPORT_MAX_ACTIVE_PER_USER", 3)
# The largest Word draft read in (apps/exports/word/reader.py); a county outline
# without pictures is well under 1 MB.
WORD_IMPORT_MAX_BYTES = env_int("WORD_IMPORT_MAX_MB", 20) * 1024 * 1024
# Spreadsheets read in (apps/exports/excel): the largest file, the most data rows
# in one import, and the size above which the file is read by the worker (with
# progress) instead of in the request.
SHEET_IMPORT_MAX_BYTES = env_int("SHEET_IMPORT_MAX_MB", 10) * 1024 * 1024
SHEET_IMPORT_MAX_ROWS = env_int("SHEET_IMPORT_MAX_ROWS", 5000)
SHEET_IMPORT_SYNC_BYTES = env_int("SHEET_IMPORT_SYNC_KB", 512) * 1024
# The largest upload read at all (the largest file limit and its form); a larger
# multipart post is answered before its body is read (planner/middleware.py).
UPLOAD_MAX_BYTES = max(WORD_IMPORT_MAX_BYTES, SHEET_IMPORT_MAX_BYTES) + 1024 * 1024
CELERY_BEAT_SCHEDULE = {
    "sweep-exports": {"task": "apps.exports.tasks.sweep_exports", "schedule": 60.0},
    "prune-exports": {"task": "apps.exports.tasks.prune_exports", "schedule": 3600.0},
    "prune-submissions": {"task": "apps.core.tasks.prune_submissions", "schedule": 3600.0},
    "due-reminders": {"task": "apps.review.tasks.send_due_reminders", "schedule": 3600.0},
    "monitoring-reminders": {
        "task": "apps.monitoring.tasks.send_monitoring_reminders",
        "schedule": 3600.0,
    },
    "forget-contacts": {"task": "apps.consultation.tasks.forget_contacts", "schedule": 3600.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Email (Django 6.1 mailers). Without an SMTP host, messages are printed to the
# console: the embedded mode needs no mail server.
PLANNER_SITE_URL = env_str("PLANNER_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "规划纲要编制平台 <noreply@localhost>")
EMAIL_SUBJECT_PREFIX = "[规划纲要] "
if env_str("EMAIL_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_SMTP_HOST"),
                "port": env_int("EMAIL_SMTP_PORT", 587),
                "username": env_str("EMAIL_SMTP_USER"),
                "password": env_str("EMAIL_SMTP_PASSWORD"),
                "use_tls": env_bool("EMAIL_SMTP_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Default tolerance (percent) for warning that a target is off its back-cast path.
PLANNER_BACKCAST_TOLERANCE = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint's warnings (unsupported CSS, missing glyphs) are worth seeing;
        # its page-by-page progress is consumed by the export job, not logged.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING", "propagate": False},
        # Sign-ins, sign-in failures and lockouts (apps/accounts/security.py).
        "planner.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
