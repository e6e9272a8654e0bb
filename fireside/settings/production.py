"""Production: several app processes behind a reverse proxy, PostgreSQL and Redis, HTTPS at the proxy.

Refuses to start without a real SECRET_KEY, so a forgotten variable can never ship a guessable key.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False

_INSECURE_KEYS = {"", "dev-only-insecure-key-not-for-production", "test-only-secret-key", "change-me"}
if SECRET_KEY in _INSECURE_KEYS or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production (see .env.example); refusing to start."
    )

# The reverse proxy terminates TLS and says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = env_bool("HTTPS", True)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
