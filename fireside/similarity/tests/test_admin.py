"""What editors see: the notice in the story editor and on the submission page, and the side-by-side view."""

import pytest

from django.urls import reverse

from fireside.similarity.models import Verdict
from fireside.similarity.services import similarity_index, story_check
from fireside.textanalysis.tests.spinner import make_variants

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.fixture
def copied_pair(corpus, make_text_story):
    """A published original with a hostile title, and a spun copy of it that has been checked."""
    original = make_text_story(corpus["o07"]["text"], title=HOSTILE_TITLE)
    similarity_index().add(original.pk, corpus["o07"]["text"])
    spun = next(
        v.text
        for v in make_variants(corpus["o07"]["text"], corpus["o07"]["names"], seed="admin")
        if v.kind == "spin"
    )
    copy = make_text_story(spun + "\n<b>bold?</b> & <script>alert('body')</script>", title="The borrowed one")
    check = story_check(story=copy)
    assert check.verdict == Verdict.COPY
    return original, copy, check


def test_story_editor_panel_says_possible_copy_with_a_link(client, reviewer, copied_pair):
    original, copy, check = copied_pair
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[copy.pk])).content.decode()
    assert "Possible copy of" in html
    assert f"{check.share_percent}% of its passages match" in html
    assert reverse("wagtailadmin_pages:edit", args=[original.pk]) in html
    assert reverse("similarity:compare", args=[copy.pk, original.pk]) in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "coverage" not in html.lower() and "0." + str(int(check.coverage * 100)) not in html


def test_panel_says_no_similar_stories_for_an_original(client, reviewer, corpus, make_text_story):
    story = make_text_story(corpus["o12"]["text"])
    story_check(story=story)
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "No similar stories in the archive" in html and "Possible copy" not in html


def test_panel_reads_the_stored_result_in_a_fixed_number_of_queries(
    client, reviewer, corpus, make_text_story, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = make_text_story(corpus["o12"]["text"])
    story_check(story=story)
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    client.get(url)  # warm-up: Wagtail caches site roots and permissions
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    ours = [q["sql"] for q in queries.captured_queries if "similarity_" in q["sql"]]
    assert len(ours) == 1  # one read of the stored check; the index is never queried on page load
    assert "similarity_fingerprint" not in " ".join(ours)
    # However big the archive, the panel costs the same.
    for key in ("o01", "o04", "o19", "o25", "o30"):
        story_check(story=make_text_story(corpus[key]["text"]))
    with django_assert_max_num_queries(len(queries.captured_queries)):
        client.get(url)


def test_review_band_is_worded_quietly(client, reviewer, copied_pair):
    from fireside.similarity.models import SimilarityCheck

    _original, copy, _check = copied_pair
    SimilarityCheck.objects.filter(story=copy).update(verdict=Verdict.REVIEW, coverage=0.12)
    client.force_login(reviewer)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[copy.pk])).content.decode()
    assert "Worth a look: shares some passages with" in html and "Possible copy" not in html


def test_submission_page_shows_the_notice(
    client, reviewer, corpus, copied_pair, make_submission, django_capture_on_commit_callbacks
):
    spun = next(
        v.text
        for v in make_variants(corpus["o07"]["text"], corpus["o07"]["names"], seed="sub")
        if v.kind == "reorder"
    )
    with django_capture_on_commit_callbacks(execute=True):
        receipt = make_submission(body=spun)
    client.force_login(reviewer)
    html = client.get(reverse("editorial:submission_detail", args=[receipt.submission.pk])).content.decode()
    assert "Possible copy of" in html and "% of its passages match" in html


def test_side_by_side_marks_shared_passages_and_escapes_everything(client, reviewer, copied_pair):
    original, copy, _check = copied_pair
    client.force_login(reviewer)
    response = client.get(reverse("similarity:compare", args=[copy.pk, original.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<mark>") >= 2  # passages on both sides
    assert "<script>alert(" not in html and "&lt;script&gt;alert(&#x27;body&#x27;)" in html
    assert "&lt;b&gt;bold?&lt;/b&gt; &amp;" in html


def test_side_by_side_is_for_reviewers_only(client, plain_editor, copied_pair):
    original, copy, _check = copied_pair
    url = reverse("similarity:compare", args=[copy.pk, original.pk])
    assert client.get(url).status_code in (302, 403)  # anonymous: to the login page
    client.force_login(plain_editor)
    response = client.get(url)
    # Wagtail answers PermissionDenied inside its admin with a redirect to the dashboard and a message.
    assert response.status_code in (302, 403) and "similarity" not in response.get("Location", "")
    assert "<mark>" not in client.get(url, follow=True).content.decode()


def test_side_by_side_of_missing_story_is_404(client, reviewer, copied_pair):
    _original, copy, _check = copied_pair
    client.force_login(reviewer)
    assert client.get(reverse("similarity:compare", args=[copy.pk, 999_999])).status_code == 404
