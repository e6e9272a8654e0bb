"""The view buffer: where views, share clicks and comments wait between flushes, so a view never writes to the DB.

Two implementations with the same counting rules:

- ``LocalBuffer``: in the process (the embedded default). Exact within the process; lost if it crashes before a
  flush.
- ``RedisBuffer``: in Redis when ``FIRESIDE_ENGAGEMENT_REDIS_URL`` (default: ``REDIS_URL``) is set, so every app
  process adds to one count. Views go through one Lua script (one view, or a batch of queued views): each is
  applied atomically, so counts are exact across processes.

Pending totals are kept under fields ``"<day>|<story id>|<kind>"`` where kind is ``v`` (views), ``u`` (unique
readers), ``c`` (comments) or ``s:<network>`` (share clicks). A flush takes all pending totals at once
(``take_batch``) and only forgets them once the database has them.
"""

import atexit
import logging
import secrets
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings

from fireside.engagement.readers import seconds_left_today

logger = logging.getLogger(__name__)

# A reader's page loads of one story in one day counted as views: reloads count, a reload loop does not.
VIEWS_PER_READER = 5
# Redis keys for a day outlive it briefly so late beacons and the last flush of the day still find them.
GRACE_SECONDS = 600
MAX_QUEUED = 200_000  # views a process holds for Redis at most (write-behind)
_CAPPED = 1_000_000  # marks a reader refused by the range cap, so their later views are refused too


class ViewOutcome:
    QUEUED = -1  # sent to Redis a moment later; the rules are applied there
    NOT_COUNTED = 0
    VIEW = 1
    VIEW_AND_READER = 2


@dataclass
class Batch:
    """Pending totals taken for one flush."""

    counts: dict[str, int]


def pending_field(day: str, story_id: int, kind: str) -> str:
    return f"{day}|{story_id}|{kind}"


class LocalBuffer:
    """Counts in this process, guarded by one lock (views are a few dict updates; the lock is never held long)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._salts: dict[str, bytes] = {}
        self._readers: dict[tuple[str, int], dict[str, int]] = {}
        self._ranges: dict[tuple[str, int], Counter] = {}
        self._pending: Counter = Counter()

    def salt(self, day: str) -> bytes:
        with self._lock:
            if day not in self._salts:
                # Older days' salts are dropped: nothing can link their hashes to anyone any more.
                self._salts = {day: secrets.token_bytes(32)}
            return self._salts[day]

    def record_view(self, *, day: str, story_id: int, reader: str, network: str, range_cap: int) -> int:
        with self._lock:
            readers = self._readers.setdefault((day, story_id), {})
            seen = readers.get(reader, 0) + 1
            readers[reader] = seen
            if seen == 1:
                ranges = self._ranges.setdefault((day, story_id), Counter())
                ranges[network] += 1
                if ranges[network] > range_cap:
                    readers[reader] = _CAPPED
                    return ViewOutcome.NOT_COUNTED
                self._pending[pending_field(day, story_id, "u")] += 1
                self._pending[pending_field(day, story_id, "v")] += 1
                return ViewOutcome.VIEW_AND_READER
            if seen <= VIEWS_PER_READER:
                self._pending[pending_field(day, story_id, "v")] += 1
                return ViewOutcome.VIEW
            return ViewOutcome.NOT_COUNTED

    def record_share(self, *, day: str, story_id: int, reader: str, network: str) -> bool:
        key = f"s|{network}|{reader}"
        with self._lock:
            readers = self._readers.setdefault((day, story_id), {})
            if key in readers:
                return False
            readers[key] = 1
            self._pending[pending_field(day, story_id, f"s:{network}")] += 1
            return True

    def record_comment(self, *, day: str, story_id: int) -> None:
        with self._lock:
            self._pending[pending_field(day, story_id, "c")] += 1

    def drain(self) -> int:
        """Nothing queued: views are counted as they come."""
        return 0

    def forget_before(self, day: str) -> None:
        """Drop readers and ranges of finished days (ISO dates compare as strings)."""
        with self._lock:
            for store in (self._readers, self._ranges):
                for key in [key for key in store if key[0] < day]:
                    del store[key]

    @contextmanager
    def take_batch(self) -> Iterator[Batch | None]:
        if not self._flush_lock.acquire(blocking=False):
            yield None  # another thread is flushing
            return
        try:
            with self._lock:
                taken, self._pending = self._pending, Counter()
            try:
                yield Batch(counts=dict(taken))
            except BaseException:
                with self._lock:
                    self._pending.update(taken)  # the database did not get them: keep them for the next flush
                raise
        finally:
            self._flush_lock.release()

    def pending_total(self) -> int:
        with self._lock:
            return sum(self._pending.values())

    def clear(self) -> None:
        with self._lock:
            self._salts.clear()
            self._readers.clear()
            self._ranges.clear()
            self._pending.clear()


# Any number of views in one call (a write-behind batch, or a single view): each view is applied atomically by
# the same rules, and the whole call is atomic too. KEYS: pending hash, then per view its readers hash and ranges
# hash. ARGV, 8 per view: reader, range, range cap, views per reader, ttl, unique field, views field, capped
# marker. Returns each view's outcome (a ViewOutcome).
_VIEW_SCRIPT = """
local outcomes = {}
for i = 0, #ARGV / 8 - 1 do
  local readers, ranges, a = KEYS[2 + 2 * i], KEYS[3 + 2 * i], 8 * i
  local outcome = 0
  local seen = redis.call('HINCRBY', readers, ARGV[a + 1], 1)
  if seen == 1 then
    redis.call('EXPIRE', readers, ARGV[a + 5])
    local from_range = redis.call('HINCRBY', ranges, ARGV[a + 2], 1)
    if from_range == 1 then redis.call('EXPIRE', ranges, ARGV[a + 5]) end
    if from_range > tonumber(ARGV[a + 3]) then
      redis.call('HSET', readers, ARGV[a + 1], ARGV[a + 8])
    else
      redis.call('HINCRBY', KEYS[1], ARGV[a + 6], 1)
      redis.call('HINCRBY', KEYS[1], ARGV[a + 7], 1)
      outcome = 2
    end
  elseif seen <= tonumber(ARGV[a + 4]) then
    redis.call('HINCRBY', KEYS[1], ARGV[a + 7], 1)
    outcome = 1
  end
  outcomes[i + 1] = outcome
end
return outcomes
"""
# Views per script call when a write-behind queue is sent: short enough never to hold Redis up for long.
VIEWS_PER_CALL = 500

# The same rules for a write-behind batch, with the views packed into one string: ARGV[1] holds, per view, its
# readers key, ranges key and the 8 arguments above, each field ended by \31 and each view by \30. Passing
# thousands of separate arguments made redis-py's command packing the costliest part of a view (about 18 us a
# view, in bursts that held the GIL while requests waited); one string costs about a microsecond. The per-view
# keys travel inside ARGV, which is fine on one Redis server (not on Redis Cluster). KEYS[1]: the pending hash.
_VIEW_BATCH_SCRIPT = r"""
local counted = 0
for view in string.gmatch(ARGV[1], '(.-)\30') do
  local f = {}
  for field in string.gmatch(view, '(.-)\31') do f[#f + 1] = field end
  local readers, ranges = f[1], f[2]
  local seen = redis.call('HINCRBY', readers, f[3], 1)
  if seen == 1 then
    redis.call('EXPIRE', readers, f[7])
    local from_range = redis.call('HINCRBY', ranges, f[4], 1)
    if from_range == 1 then redis.call('EXPIRE', ranges, f[7]) end
    if from_range > tonumber(f[5]) then
      redis.call('HSET', readers, f[3], f[10])
    else
      redis.call('HINCRBY', KEYS[1], f[8], 1)
      redis.call('HINCRBY', KEYS[1], f[9], 1)
      counted = counted + 1
    end
  elseif seen <= tonumber(f[6]) then
    redis.call('HINCRBY', KEYS[1], f[9], 1)
    counted = counted + 1
  end
end
return counted
"""


def _pack_views(views: list[tuple[list, list]]) -> str:
    """One string for ``_VIEW_BATCH_SCRIPT``: keys and arguments of each view, \31 after each field."""
    return "".join("".join(f"{field}\x1f" for field in (*keys, *args)) + "\x1e" for keys, args in views)


# KEYS: readers hash, pending hash. ARGV: share marker, ttl, pending field.
_SHARE_SCRIPT = """
if redis.call('HSETNX', KEYS[1], ARGV[1], 1) == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
  return 1
end
return 0
"""

_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisBuffer:
    """Counts in Redis, shared by every app process. All keys start with ``prefix``."""

    def __init__(self, url: str, *, prefix: str = "fireside:engagement:", write_behind: float = 0.0) -> None:
        """``write_behind`` > 0: requests only queue their view, and a thread of this process sends the queue to
        Redis every that many seconds in one pipeline (views batched into a few script calls, each view still
        applied atomically, so counts stay exact across processes). The request never waits for Redis; a crash
        loses at most that short queue."""
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self._salts: dict[str, bytes] = {}
        self._view = self.client.register_script(_VIEW_SCRIPT)
        self._view_batch = self.client.register_script(_VIEW_BATCH_SCRIPT)
        self._share = self.client.register_script(_SHARE_SCRIPT)
        self._release = self.client.register_script(_RELEASE_SCRIPT)
        self.write_behind = write_behind
        # Bounded: if Redis stays unreachable, the oldest queued views are dropped rather than memory exhausted.
        self._queue: deque[tuple[Callable, list, list]] = deque(maxlen=MAX_QUEUED)
        self._pusher: threading.Thread | None = None
        self._drain_lock = threading.Lock()

    def _send(self, script: Callable, keys: list, args: list) -> int | None:
        if self.write_behind <= 0:
            if script is self._view:
                return int(script(keys=[self.pending_key, *keys], args=args)[0])
            return int(script(keys=keys, args=args))
        self._queue.append((script, keys, args))
        if self._pusher is None:
            self._start_pusher()
        return None

    def _start_pusher(self) -> None:
        with self._drain_lock:
            if self._pusher is None:
                self._pusher = threading.Thread(
                    target=self._push_forever, name="fireside-view-push", daemon=True
                )
                self._pusher.start()
                atexit.register(self.drain)

    def _push_forever(self) -> None:
        while True:
            time.sleep(self.write_behind)
            try:
                self.drain()
            except Exception:
                logger.exception("Sending queued views to Redis failed; will retry")

    def drain(self) -> int:
        """Send every queued view to Redis now (one pipeline). Returns how many were sent."""
        with self._drain_lock:
            taken = []
            while self._queue:
                taken.append(self._queue.popleft())
            if not taken:
                return 0
            try:
                pipe = self.client.pipeline(transaction=False)
                # Views go as a few batched script calls: packing one command per view cost as much CPU as
                # the rest of the beacon. Shares are rare and keep their own calls.
                views = [(keys, args) for script, keys, args in taken if script is self._view]
                for start in range(0, len(views), VIEWS_PER_CALL):
                    packed = _pack_views(views[start : start + VIEWS_PER_CALL])
                    self._view_batch(keys=[self.pending_key], args=[packed], client=pipe)
                for script, keys, args in taken:
                    if script is not self._view:
                        script(keys=keys, args=args, client=pipe)
                pipe.execute()
            except Exception:
                self._queue.extendleft(reversed(taken))  # keep them for the next try
                raise
            return len(taken)

    @property
    def pending_key(self) -> str:
        return f"{self.prefix}pending"

    def salt(self, day: str) -> bytes:
        salt = self._salts.get(day)
        if salt is None:
            key = f"{self.prefix}salt:{day}"
            # The first process to ask makes the day's salt; it expires shortly after the day ends.
            self.client.set(key, secrets.token_bytes(32), nx=True, ex=seconds_left_today() + GRACE_SECONDS)
            salt = self.client.get(key) or secrets.token_bytes(32)
            self._salts = {day: salt}
        return salt

    def record_view(self, *, day: str, story_id: int, reader: str, network: str, range_cap: int) -> int:
        base = f"{self.prefix}{day}:{story_id}:"
        outcome = self._send(
            self._view,
            [base + "readers", base + "ranges"],
            [
                reader,
                network,
                range_cap,
                VIEWS_PER_READER,
                seconds_left_today() + GRACE_SECONDS,
                pending_field(day, story_id, "u"),
                pending_field(day, story_id, "v"),
                _CAPPED,
            ],
        )
        return ViewOutcome.QUEUED if outcome is None else outcome

    def record_share(self, *, day: str, story_id: int, reader: str, network: str) -> bool:
        outcome = self._send(
            self._share,
            [f"{self.prefix}{day}:{story_id}:readers", self.pending_key],
            [
                f"s|{network}|{reader}",
                seconds_left_today() + GRACE_SECONDS,
                pending_field(day, story_id, f"s:{network}"),
            ],
        )
        return outcome is None or bool(outcome)

    def record_comment(self, *, day: str, story_id: int) -> None:
        self.client.hincrby(self.pending_key, pending_field(day, story_id, "c"), 1)

    def forget_before(self, day: str) -> None:
        """Nothing to do: every per-day key carries an expiry."""

    @contextmanager
    def take_batch(self) -> Iterator[Batch | None]:
        """Take every pending total, including batches a crashed flusher left behind.

        One flusher at a time (a lock with an expiry); the pending hash is renamed atomically, so views arriving
        meanwhile start a new one. Taken batches are deleted only after the database committed them.
        """
        lock_key, lock_token = f"{self.prefix}flush-lock", uuid.uuid4().hex
        if not self.client.set(lock_key, lock_token, nx=True, ex=600):
            yield None
            return
        try:
            taking = f"{self.prefix}flushing:{lock_token}"
            try:
                self.client.rename(self.pending_key, taking)
            except Exception as error:  # redis raises ResponseError("no such key") when nothing is pending
                if "no such key" not in str(error).lower():
                    raise
            keys = list(self.client.scan_iter(match=f"{self.prefix}flushing:*", count=1000))
            counts: Counter = Counter()
            for key in keys:
                for field, value in self.client.hgetall(key).items():
                    counts[field.decode()] += int(value)
            yield Batch(counts=dict(counts))
            if keys:
                self.client.delete(*keys)
        finally:
            self._release(keys=[lock_key], args=[lock_token])

    def pending_total(self) -> int:
        return sum(int(value) for value in self.client.hvals(self.pending_key))

    def clear(self) -> None:
        """Delete this buffer's own keys (tests and benchmarks; never another app's)."""
        keys = list(self.client.scan_iter(match=f"{self.prefix}*", count=1000))
        for start in range(0, len(keys), 1000):
            self.client.delete(*keys[start : start + 1000])
        self._salts.clear()


ViewBuffer = LocalBuffer | RedisBuffer
_buffer: ViewBuffer | None = None
_buffer_lock = threading.Lock()


def get_buffer() -> ViewBuffer:
    """The process's buffer, made on first use from settings."""
    global _buffer
    if _buffer is None:
        with _buffer_lock:
            if _buffer is None:
                url = getattr(settings, "FIRESIDE_ENGAGEMENT_REDIS_URL", "")
                prefix = getattr(settings, "FIRESIDE_ENGAGEMENT_REDIS_PREFIX", "fireside:engagement:")
                write_behind = getattr(settings, "FIRESIDE_ENGAGEMENT_WRITE_BEHIND_MS", 0) / 1000
                _buffer = RedisBuffer(url, prefix=prefix, write_behind=write_behind) if url else LocalBuffer()
    return _buffer


def set_buffer(buffer: ViewBuffer | None) -> None:
    """Swap the process's buffer (tests; None makes the next use read settings again)."""
    global _buffer
    _buffer = buffer
