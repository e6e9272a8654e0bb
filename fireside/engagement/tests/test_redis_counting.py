"""The Redis buffer: the same rules as in-process, and exact counts when several processes count at once."""

import multiprocessing

import pytest

from fireside.engagement.buffer import VIEWS_PER_READER, RedisBuffer
from fireside.engagement.models import StoryDaily, StoryShareDaily
from fireside.engagement.services import views_flush
from fireside.engagement.tests.helpers import read_story

pytestmark = pytest.mark.django_db
DAY = "2026-05-04"


def _count_in_child(
    url: str, prefix: str, worker: int, shared_story: int, own_story: int, readers: int
) -> None:
    """Runs in a separate process with its own Redis connection, as an app worker would."""
    # Write-behind, as the app runs: views queue in the process and a thread pipelines them to Redis.
    buffer = RedisBuffer(url, prefix=prefix, write_behind=0.01)
    for n in range(readers):
        # Every worker sees the same readers on the shared story (repeat visits across workers)...
        buffer.record_view(
            day=DAY, story_id=shared_story, reader=f"reader-{n}", network=f"net-{n}", range_cap=50
        )
        # ...and readers of its own on the other story.
        buffer.record_view(
            day=DAY, story_id=own_story, reader=f"w{worker}-reader-{n}", network=f"net-{n}", range_cap=50
        )
        buffer.record_share(day=DAY, story_id=own_story, reader=f"reader-{n}", network="bluesky")
    buffer.drain()  # what a clean exit does (atexit)


def test_counts_are_exact_across_several_processes(redis_buffer, redis_url, make_story):
    shared, own = make_story(), make_story()
    workers, readers = 6, 400
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(
            target=_count_in_child,
            args=(redis_url, redis_buffer.prefix, worker, shared.pk, own.pk, readers),
        )
        for worker in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    result = views_flush()
    assert result.rows == 2
    shared_row = StoryDaily.objects.get(story=shared)
    own_row = StoryDaily.objects.get(story=own)
    # Each reader of the shared story is counted once, and at most VIEWS_PER_READER views.
    assert (shared_row.unique_readers, shared_row.views) == (
        readers,
        readers * min(workers, VIEWS_PER_READER),
    )
    assert (own_row.unique_readers, own_row.views) == (workers * readers, workers * readers)
    # The same reader ids share on the own story from every worker: each counts once.
    assert own_row.share_clicks == readers
    assert StoryShareDaily.objects.get(story=own, network="bluesky").clicks == readers
    assert redis_buffer.pending_total() == 0


def test_beacon_through_redis_follows_the_same_rules(client, redis_buffer, make_story, settings):
    settings.FIRESIDE_ENGAGEMENT_RANGE_CAP = 2
    story = make_story()
    for _ in range(8):
        read_story(client, story, ip="198.51.100.1")
    read_story(client, story, ip="198.51.100.2")
    read_story(client, story, ip="198.51.100.3")  # third new reader in the /24: capped
    read_story(client, story, ip="192.0.2.50")
    views_flush()
    row = StoryDaily.objects.get(story=story)
    assert (row.unique_readers, row.views) == (3, VIEWS_PER_READER + 2)


def test_a_batch_left_by_a_crashed_flush_is_picked_up_next_time(redis_buffer, make_story):
    story = make_story()
    redis_buffer.record_comment(day=DAY, story_id=story.pk)
    with pytest.raises(RuntimeError), redis_buffer.take_batch() as batch:
        assert batch.counts
        raise RuntimeError("the database went away mid-flush")
    redis_buffer.record_comment(day=DAY, story_id=story.pk)  # arrives after the failed flush
    views_flush()
    assert StoryDaily.objects.get(story=story).comments == 2
    assert views_flush().rows == 0


def test_only_one_flusher_at_a_time(redis_buffer):
    with redis_buffer.take_batch() as first:
        assert first is not None
        with redis_buffer.take_batch() as second:
            assert second is None


def test_day_salt_is_shared_by_processes_and_expires(redis_buffer, redis_url):
    other = RedisBuffer(redis_url, prefix=redis_buffer.prefix)
    assert other.salt(DAY) == redis_buffer.salt(DAY)
    ttl = redis_buffer.client.ttl(f"{redis_buffer.prefix}salt:{DAY}")
    assert 0 < ttl <= 24 * 3600 + 600


def test_write_behind_beacons_reach_the_flush_of_the_same_process(client, redis_url, make_story):
    from fireside.engagement.buffer import set_buffer

    buffer = RedisBuffer(redis_url, prefix=f"fireside-test:engagement:wb{make_story().pk}:", write_behind=30)
    set_buffer(buffer)
    try:
        story = make_story()
        for n in range(7):
            read_story(client, story, ip=f"192.0.2.{n}")
        assert buffer.pending_total() == 0  # still queued in the process
        views_flush()  # drains the queue first
        assert StoryDaily.objects.get(story=story).unique_readers == 7
    finally:
        buffer.clear()
        set_buffer(None)


def test_a_batched_write_behind_queue_applies_the_rules_as_single_calls_do(redis_url, make_story):
    from fireside.engagement.buffer import VIEWS_PER_CALL

    story = make_story()
    # Repeat readers, a crowded range and a reload loop, spread over several script calls of one pipeline.
    views = [(f"reader-{n % 300}", f"net-{n % 7}") for n in range(VIEWS_PER_CALL * 2 + 137)]
    views += [("reloader", "net-quiet")] * (VIEWS_PER_READER + 4)
    single = RedisBuffer(redis_url, prefix=f"fireside-test:engagement:single{story.pk}:")
    batched = RedisBuffer(redis_url, prefix=f"fireside-test:engagement:batched{story.pk}:", write_behind=30)
    try:
        outcomes = [
            single.record_view(day=DAY, story_id=story.pk, reader=reader, network=network, range_cap=40)
            for reader, network in views
        ]
        for reader, network in views:
            batched.record_view(day=DAY, story_id=story.pk, reader=reader, network=network, range_cap=40)
        assert batched.client.hgetall(batched.pending_key) == {}  # nothing sent yet: all queued
        assert batched.drain() == len(views)
        expected = single.client.hgetall(single.pending_key)
        assert batched.client.hgetall(batched.pending_key) == expected
        # The range cap held in every range: 40 readers from each of the 7, plus the reloader.
        assert int(expected[f"{DAY}|{story.pk}|u".encode()]) == 7 * 40 + 1
        assert outcomes.count(0) > 0 and outcomes.count(1) > 0 and outcomes.count(2) == 7 * 40 + 1
    finally:
        single.clear()
        batched.clear()
