"""A story page with 200 comments renders in the same number of queries as one with a handful."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def steady_state_queries(client, url) -> int:
    client.get(url)  # warm-up: Wagtail caches the site's root paths, settings load once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def make_threads(make_comment, count: int) -> None:
    """``count`` comments: a third top-level, the rest nested in replies down to the deepest level."""
    made = 0
    while made < count:
        parent = make_comment()
        made += 1
        for _ in range(4):
            if made >= count:
                break
            parent = make_comment(parent=parent)
            made += 1


def test_story_page_with_200_comments_uses_a_fixed_number_of_queries(client, make_story, make_comment, story):
    small_story = make_story(title="A quiet story")
    from fireside.comments.models import Comment

    make_threads(make_comment, 200)
    first = make_comment(story=small_story)
    make_comment(story=small_story, parent=first)
    assert Comment.objects.filter(story=story).count() == 200

    small = steady_state_queries(client, small_story.url)
    large = steady_state_queries(client, story.url)
    assert large == small
    html = client.get(story.url).content.decode()
    assert "200 Responses" in html and html.count('class="comment comment--depth-') == 200


def test_query_count_guard_for_the_story_page(client, story, make_comment, django_assert_max_num_queries):
    make_threads(make_comment, 200)
    client.get(story.url)
    with django_assert_max_num_queries(20):
        client.get(story.url)
