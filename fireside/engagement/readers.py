"""Who is reading, without cookies or stored IPs: signed story tokens, daily reader hashes, bots, network ranges.

A reader is ``blake2b(salt_of_the_day, ip + user agent)``. The salt is random, shared by all app processes
through the view buffer, and expires at the end of the day, after which nobody (us included) can link a hash
back to an address or link two days' readers together.
"""

import datetime as dt
import hashlib
import ipaddress
import re
from functools import lru_cache

from crawlerdetect import CrawlerDetect

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from fireside.core.ratelimit import client_ip

_TOKEN_SALT = "fireside.engagement.view"  # noqa: S105 - a signing namespace, not a secret
# A token stays valid this long: long enough for a page kept open (or served from a page cache), short enough
# that a harvested token soon stops working.
TOKEN_MAX_AGE = 6 * 3600
MAX_TOKEN_LENGTH = 100
MAX_USER_AGENT_LENGTH = 512

_crawlers = CrawlerDetect()
_IPV4 = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})", re.ASCII)


def today() -> dt.date:
    """Days are UTC days everywhere in counting, so every process agrees when a day ends."""
    return dt.datetime.now(dt.UTC).date()


def seconds_left_today(now: dt.datetime | None = None) -> int:
    now = now or dt.datetime.now(dt.UTC)
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return max(1, int((tomorrow - now).total_seconds()))


@lru_cache(maxsize=4)
def _signer(secret_key: str) -> signing.TimestampSigner:
    # One signer per key: building it derives the HMAC key, which every beacon would otherwise repeat.
    return signing.TimestampSigner(key=secret_key, salt=_TOKEN_SALT)


def story_token_issue(story_id: int) -> str:
    """The token a story page hands its beacon: proof that we rendered this story recently."""
    return _signer(settings.SECRET_KEY).sign(str(int(story_id)))


def story_token_check(token: str, *, max_age: int = TOKEN_MAX_AGE) -> int | None:
    """The story id in a valid, unexpired token; None for anything forged, stale or malformed."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        value = _signer(settings.SECRET_KEY).unsign(token, max_age=max_age)
    except (signing.BadSignature, ValueError):
        return None
    return int(value) if value.isdigit() else None


@lru_cache(maxsize=4096)
def _is_crawler(user_agent: str) -> bool:
    return bool(_crawlers.isCrawler(user_agent))


def is_bot(user_agent: str) -> bool:
    """Crawlers, link-preview fetchers and scripts, by the maintained `crawlerdetect` list; empty or absurd UAs too."""
    if not user_agent.strip() or len(user_agent) > MAX_USER_AGENT_LENGTH:
        return True
    return _is_crawler(user_agent)


def is_prefetch(request: HttpRequest) -> bool:
    """Browsers announce speculative loads; they are not readers (yet)."""
    meta = request.META  # not request.headers: building that mapping costs more than the rest of this check
    purpose = (meta.get("HTTP_SEC_PURPOSE", "") + meta.get("HTTP_PURPOSE", "")).lower()
    return "prefetch" in purpose or "prerender" in purpose


def network_range(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) an address belongs to: one household, office or small provider block."""
    match = _IPV4.fullmatch(ip)
    if match and all(int(part) <= 255 for part in match.groups()):  # the common case, without ipaddress
        return "{}.{}.{}.0/24".format(*(int(part) for part in match.groups()[:3]))
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "unknown"
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def reader_hash(*, salt: bytes, ip: str, user_agent: str) -> str:
    return hashlib.blake2b(f"{ip}\0{user_agent}".encode(), key=salt[:64], digest_size=12).hexdigest()


def range_hash(*, salt: bytes, ip: str) -> str:
    return hashlib.blake2b(network_range(ip).encode(), key=salt[:64], digest_size=8).hexdigest()


def request_identity(request: HttpRequest) -> tuple[str, str]:
    """(ip, user agent) of a request, the UA cut to a sane length."""
    return client_ip(request), request.META.get("HTTP_USER_AGENT", "")[: MAX_USER_AGENT_LENGTH + 1]
