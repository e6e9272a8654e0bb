"""Test settings: fast password hashing, in-memory email, and the database named by the environment.

``FIRESIDE_TEST_DATABASE_URL`` picks the database for a test run (``make test`` runs the suite twice: SQLite,
then PostgreSQL), independent of any ``DATABASE_URL`` a developer has exported for their own site.
"""

import os

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = VAR_DIR / "test-media"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fireside-test"}
}

_test_db_url = os.environ.get("FIRESIDE_TEST_DATABASE_URL", "sqlite:///" + str(VAR_DIR / "test.sqlite3"))
DATABASES = {"default": dj_database_url.parse(_test_db_url)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "fireside.core.sqlite"  # as in production (base.py)
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE"}

WHITENOISE_USE_FINDERS = True  # serve from the source folders; no collectstatic needed
