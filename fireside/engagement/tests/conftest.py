import os
import uuid

import pytest

from fireside.engagement.buffer import LocalBuffer, RedisBuffer, set_buffer


@pytest.fixture(autouse=True)
def fresh_engagement_state():
    """Each test starts with an empty in-process buffer and an empty cache (trending lists are cached)."""
    from django.core.cache import cache

    buffer = LocalBuffer()
    set_buffer(buffer)
    cache.clear()
    yield buffer
    set_buffer(None)
    cache.clear()


@pytest.fixture
def redis_url():
    url = os.environ.get("FIRESIDE_TEST_REDIS_URL")
    if not url:
        pytest.skip("FIRESIDE_TEST_REDIS_URL is not set")
    return url


@pytest.fixture
def redis_buffer(redis_url):
    """A Redis buffer under a prefix of its own, so parallel runs and other apps never share keys."""
    buffer = RedisBuffer(redis_url, prefix=f"fireside-test:engagement:{uuid.uuid4().hex}:")
    set_buffer(buffer)
    yield buffer
    buffer.clear()
    set_buffer(None)
