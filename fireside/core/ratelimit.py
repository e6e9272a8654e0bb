"""Fixed-window rate limits kept in the cache (in-process by default, Redis when several processes share it).

Used by every form that strangers can post (comments, story submissions). Keys are hashed, so an email address
or IP never appears in a cache key in clear text.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the current window ends


def _cache_key(scope: str, identity: str, window: int, bucket: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{identity}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{window}:{bucket}:{digest}"


def rate_limit_hit(*, scope: str, identity: str, limit: int, window: int) -> RateLimitResult:
    """Count one attempt by ``identity`` (an IP, an email) in ``scope`` and say whether it is within ``limit``.

    The attempt is counted even when refused, so hammering a closed door keeps it closed.
    """
    now = int(time.time())
    bucket = now // window
    key = _cache_key(scope, identity, window, bucket)
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window + 1)
            count = 1
    return RateLimitResult(
        allowed=count <= limit, count=count, limit=limit, retry_after=(bucket + 1) * window - now
    )


def rate_limit_peek(*, scope: str, identity: str, limit: int, window: int) -> RateLimitResult:
    """Like ``rate_limit_hit`` without counting: for showing a form that would be refused anyway."""
    now = int(time.time())
    bucket = now // window
    count = cache.get(_cache_key(scope, identity, window, bucket), 0)
    return RateLimitResult(
        allowed=count < limit, count=count, limit=limit, retry_after=(bucket + 1) * window - now
    )


def client_ip(request) -> str:
    """The reader's IP. Behind a reverse proxy, the address it appended last to X-Forwarded-For.

    Only trusted when ``FIRESIDE_TRUSTED_PROXY_COUNT`` says how many proxies stand in front of the app; a client
    can write anything into the header itself.
    """
    proxies = getattr(settings, "FIRESIDE_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
