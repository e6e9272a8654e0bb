"""Settings shared by every environment, safe for production.

Everything that differs between machines comes from environment variables (see ``.env.example``). With no
environment at all the site runs on the embedded defaults: SQLite in WAL mode and the in-process cache. DEBUG is
off here; only ``dev.py`` turns it on.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("FIRESIDE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Each overlay decides how to treat a missing key: dev.py supplies a local one, production.py refuses to start.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "fireside.core",
    "fireside.stories",
    "fireside.comments",
    "fireside.engagement",
    "fireside.submissions",
    "fireside.editorial",
    "fireside.search",
    "fireside.discovery",
    "fireside.api",
    "fireside.related",
    "fireside.warning_suggestions",
    "fireside.similarity",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
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
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fireside.core.middleware.ContentSecurityPolicyMiddleware",
    "fireside.core.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "fireside.urls"
WSGI_APPLICATION = "fireside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "fireside.core.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------------
# SQLite in WAL mode lets readers carry on while one writer commits; IMMEDIATE transactions take the write
# lock up front, so two writers queue instead of failing with "database is locked" half-way through.
SQLITE_PATH = VAR_DIR / "fireside.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend plus PRAGMA optimize as each connection closes (fireside/core/sqlite/base.py), so the
    # query planner has statistics once the archive grows.
    DATABASES["default"]["ENGINE"] = "fireside.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
            "PRAGMA analysis_limit=400;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How many reverse proxies append to X-Forwarded-For in front of the app (0: use the socket's address).
FIRESIDE_TRUSTED_PROXY_COUNT = int(os.environ.get("FIRESIDE_TRUSTED_PROXY_COUNT", "0"))

# --- Cache --------------------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fireside"}}

# --- Passwords, i18n ----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------------------------
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security headers (also sent in development so surprises show up early) ----------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- Email --------------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Fireside <stories@localhost>")

# --- Logging: to stderr, where a process supervisor collects it -----------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Background-task bookkeeping and per-page audit lines are kept in the database (Wagtail's audit log);
    # repeating each one on stderr would drown what matters.
    "loggers": {
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# --- Wagtail ------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("FIRESIDE_SITE_NAME", "Fireside")
WAGTAILADMIN_BASE_URL = os.environ.get("FIRESIDE_BASE_URL", "http://127.0.0.1:8000")
# The database backend uses SQLite FTS5 on the embedded default and PostgreSQL full-text search in production.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "odt", "docx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the site must work on a closed network: never phone home
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

TAGGIT_CASE_INSENSITIVE = True

# --- Engagement: view counting, trending, sharing (fireside/engagement, see docs/engagement.md) ----------------
# Where buffered views are kept: Redis shared by every app process when set (defaults to REDIS_URL), else in
# the process itself. Buffered views reach the database in one batch at least every flush interval.
# The test suite counts in-process (its Redis tests use FIRESIDE_TEST_REDIS_URL under keys of their own) and
# never starts the flush thread: tests flush explicitly.
_ENGAGEMENT_UNDER_TEST = os.environ.get("DJANGO_SETTINGS_MODULE") == "fireside.settings.test"
FIRESIDE_ENGAGEMENT_REDIS_URL = os.environ.get(
    "FIRESIDE_ENGAGEMENT_REDIS_URL", "" if _ENGAGEMENT_UNDER_TEST else REDIS_URL
)
FIRESIDE_ENGAGEMENT_FLUSH_SECONDS = int(os.environ.get("FIRESIDE_ENGAGEMENT_FLUSH_SECONDS", "30"))
# With Redis, a beacon only queues its view; a thread sends each process's queue to Redis every this many ms
# (0: the request itself calls Redis). A crashed process loses at most this much.
FIRESIDE_ENGAGEMENT_WRITE_BEHIND_MS = int(
    os.environ.get("FIRESIDE_ENGAGEMENT_WRITE_BEHIND_MS", "0" if _ENGAGEMENT_UNDER_TEST else "50")
)
# Each app process flushes from a background thread unless told not to (e.g. when a separate
# `manage.py flush_view_counts --loop` process does it).
FIRESIDE_ENGAGEMENT_FLUSH_THREAD = env_bool("FIRESIDE_ENGAGEMENT_FLUSH_THREAD", not _ENGAGEMENT_UNDER_TEST)
# New readers counted per story per day from one network range (IPv4 /24, IPv6 /48): caps a burst from one place.
FIRESIDE_ENGAGEMENT_RANGE_CAP = int(os.environ.get("FIRESIDE_ENGAGEMENT_RANGE_CAP", "50"))

# --- Submissions and the editorial workflow (fireside.submissions, fireside.editorial) ----------------------------
# Days after a story is published or declined before `manage.py purge_submission_contacts` erases the email.
FIRESIDE_SUBMISSION_CONTACT_RETENTION_DAYS = int(
    os.environ.get("FIRESIDE_SUBMISSION_CONTACT_RETENTION_DAYS", "90")
)
# Stories one IP address, and one email address, may send per hour.
FIRESIDE_SUBMISSIONS_PER_HOUR = int(os.environ.get("FIRESIDE_SUBMISSIONS_PER_HOUR", "3"))
# A story sent sooner than this after the form was shown is refused as a bot (the text is kept).
FIRESIDE_SUBMISSION_MIN_FILL_SECONDS = int(os.environ.get("FIRESIDE_SUBMISSION_MIN_FILL_SECONDS", "10"))
# Approving the last step of the reader-submissions workflow publishes the story (see fireside/editorial/finish.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "fireside.editorial.finish.publish_workflow_state"

# --- Comments (fireside.comments) -----------------------------------------------------------------------------
# Flood limits of the public comment form. The moderation rules themselves are a site setting in the admin
# (Settings → Comment settings); see docs/comments.md.
# One comment per this many seconds from one IP address, and from one email address.
FIRESIDE_COMMENT_INTERVAL_SECONDS = int(os.environ.get("FIRESIDE_COMMENT_INTERVAL_SECONDS", "15"))
# Comments accepted per hour from one IP address.
FIRESIDE_COMMENTS_PER_IP_HOUR = int(os.environ.get("FIRESIDE_COMMENTS_PER_IP_HOUR", "30"))
# A comment sent sooner than this after the form was shown is refused as a bot (the text is kept).
FIRESIDE_COMMENT_MIN_FILL_SECONDS = int(os.environ.get("FIRESIDE_COMMENT_MIN_FILL_SECONDS", "3"))

# --- Discovery: search, feeds, sitemap, content API (fireside.search, fireside.discovery, fireside.api) ---------
# Wagtail's database backend, with a ranked query on SQLite and on PostgreSQL that stays fast on large
# archives (see fireside/search/backends.py). To move to OpenSearch or
# Elasticsearch set FIRESIDE_SEARCH_BACKEND and FIRESIDE_SEARCH_URL (docs/search.md).
FIRESIDE_SEARCH_BACKEND = os.environ.get("FIRESIDE_SEARCH_BACKEND", "fireside.search.backends")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": FIRESIDE_SEARCH_BACKEND}}
if os.environ.get("FIRESIDE_SEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"].update(
        {
            "URLS": env_list("FIRESIDE_SEARCH_URL"),
            "INDEX": os.environ.get("FIRESIDE_SEARCH_INDEX", "fireside"),
        }
    )
# URLs per sitemap file (the sitemaps.org maximum is 50,000); past it /sitemap.xml becomes a sitemap index.
FIRESIDE_SITEMAP_LIMIT = int(os.environ.get("FIRESIDE_SITEMAP_LIMIT", "50000"))

# --- Content-warning suggestions (fireside.warning_suggestions) ---------------------------------------------------
# Accept/reject decisions one editor may record per hour (a runaway script, not a busy editor, hits this).
FIRESIDE_WARNING_DECISIONS_PER_HOUR = int(os.environ.get("FIRESIDE_WARNING_DECISIONS_PER_HOUR", "600"))
