"""``manage.py flush_view_counts --loop``: a real loop that flushes every round and stops cleanly."""

import io
import os
import signal
import threading
import time

import pytest

from django.core.management import CommandError, call_command

from fireside.engagement.models import StoryDaily
from fireside.engagement.services import view_count
from fireside.engagement.tests.helpers import BROWSER_UA

pytestmark = pytest.mark.django_db


def totals(story):
    row = StoryDaily.objects.filter(story=story).first()
    return (row.views, row.unique_readers) if row else (0, 0)


def read(story, *readers: int) -> None:
    # The buffer only, as the beacon does: safe from a thread, no database.
    for n in readers:
        view_count(story_id=story.pk, ip=f"192.0.2.{n}", user_agent=BROWSER_UA)


def wait_until_flushed(buffer, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while buffer.pending_total():
        if time.monotonic() > deadline:
            raise AssertionError("the loop never flushed")
        time.sleep(0.01)


def test_the_loop_flushes_what_arrives_between_rounds_and_stops_after_its_iterations(
    make_story, fresh_engagement_state
):
    story = make_story()
    buffer = fresh_engagement_state
    read(story, 1, 2, 3)

    def readers_arriving() -> None:
        for batch in ((4, 5), (6, 7)):
            wait_until_flushed(buffer)  # the previous round has run: these views need a later one
            read(story, *batch)

    thread = threading.Thread(target=readers_arriving)
    thread.start()
    out = io.StringIO()
    call_command("flush_view_counts", "--loop", "--iterations", "4", "--interval", "0.5", stdout=out)
    thread.join()
    assert buffer.pending_total() == 0
    assert totals(story) == (7, 7)
    flushed = [line.split(" into")[0] for line in out.getvalue().splitlines() if line.startswith("Flushed")]
    assert flushed == ["Flushed 3 views", "Flushed 2 views", "Flushed 2 views"]  # round 4 had nothing


def test_sigterm_stops_the_loop_after_one_last_flush(make_story, fresh_engagement_state):
    story = make_story()
    buffer = fresh_engagement_state
    read(story, 1)
    before = signal.getsignal(signal.SIGTERM)

    def stop_after_first_round() -> None:
        wait_until_flushed(buffer)
        read(story, 2)  # counted after the last regular round: only the final flush can write it
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=stop_after_first_round)
    thread.start()
    out = io.StringIO()
    started = time.monotonic()
    # 60 s between rounds and no iteration limit: only the signal can end this call.
    call_command("flush_view_counts", "--loop", "--interval", "60", stdout=out)
    thread.join()
    assert time.monotonic() - started < 50
    assert out.getvalue().splitlines()[-1] == "Stopped."
    assert totals(story) == (2, 2)
    assert signal.getsignal(signal.SIGTERM) == before  # the test runner's own handler is back


def test_iterations_must_be_positive():
    with pytest.raises(CommandError):
        call_command("flush_view_counts", "--loop", "--iterations", "0")
