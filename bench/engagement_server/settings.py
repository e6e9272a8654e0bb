"""Production settings plus what the beacon benchmark needs: a trivial 204 endpoint and a count of every SQL
statement the app workers run (kept in Redis so all workers add to one count)."""

import os

from django.db.backends.signals import connection_created

from fireside.settings.production import *  # noqa: F403

ROOT_URLCONF = "engagement_server.urls"
_COUNTER_URL = os.environ["FIRESIDE_BENCH_COUNTER_URL"]
_COUNTER_PREFIX = os.environ["FIRESIDE_ENGAGEMENT_REDIS_PREFIX"]
FIRESIDE_ENGAGEMENT_REDIS_PREFIX = _COUNTER_PREFIX
LOGGING["root"]["level"] = "WARNING"  # noqa: F405


def _count_statements(execute, sql, params, many, context):
    import redis

    client = redis.Redis.from_url(_COUNTER_URL)
    client.incr(f"{_COUNTER_PREFIX}bench:sql")
    if not sql.lstrip().upper().startswith(("SELECT", "SHOW", "SET")):
        client.incr(f"{_COUNTER_PREFIX}bench:writes")
    return execute(sql, params, many, context)


def _install_counter(sender, connection, **kwargs):
    if _count_statements not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count_statements)


connection_created.connect(_install_counter, dispatch_uid="bench-sql-counter")
