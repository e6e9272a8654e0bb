"""Local development: DEBUG on, a throwaway secret key, emails printed to the console."""

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"  # noqa: S105
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Manifest storage needs collectstatic; runserver serves files straight from the finders instead.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

WHITENOISE_USE_FINDERS = True  # serve from the source folders; no collectstatic needed
