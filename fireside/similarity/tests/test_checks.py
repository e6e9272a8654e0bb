"""Every way a story's text arrives or changes is checked against the archive, and the result is stored."""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text

from fireside.similarity.models import CheckSource, IndexedDocument, SimilarityCheck, Verdict
from fireside.similarity.services import similarity_index, story_check
from fireside.similarity.tests.conftest import paragraphs_html
from fireside.textanalysis.tests.spinner import make_variants

pytestmark = pytest.mark.django_db


def _variant(story: dict, kind: str, seed: str = "checks") -> str:
    return next(v.text for v in make_variants(story["text"], story["names"], seed=seed) if v.kind == kind)


@pytest.fixture
def archive(make_text_story, corpus):
    """Three published originals, indexed as the rebuild would."""
    stories = {
        key: make_text_story(corpus[key]["text"], title=corpus[key]["title"]) for key in ("o01", "o07", "o19")
    }
    index = similarity_index()
    for key, story in stories.items():
        index.add(story.pk, corpus[key]["text"])
    return stories


def test_spun_submission_is_flagged_as_a_copy_of_the_original(
    archive, corpus, make_submission, django_capture_on_commit_callbacks
):
    copy = _variant(corpus["o07"], "spin+rename+reorder")
    with django_capture_on_commit_callbacks(execute=True):
        receipt = make_submission(body=copy, headline="A story I definitely wrote")
    check = SimilarityCheck.objects.get(story=receipt.submission.story)
    assert check.verdict == Verdict.COPY
    assert check.matched_story_id == archive["o07"].pk
    assert check.source == CheckSource.SUBMISSION
    assert 25 <= check.share_percent <= 100
    # ... and the submission joined the archive, so the next copy of it is caught too.
    assert IndexedDocument.objects.filter(doc_id=receipt.submission.story_id).exists()


def test_same_theme_different_story_is_not_flagged_end_to_end(
    archive, corpus, make_submission, django_capture_on_commit_callbacks
):
    same_theme = next(s for s in corpus.values() if s.get("premise_of") == "o07")
    with django_capture_on_commit_callbacks(execute=True):
        receipt = make_submission(body=same_theme["text"], headline=same_theme["title"])
    check = SimilarityCheck.objects.get(story=receipt.submission.story)
    assert (check.verdict, check.matched_story_id) == (Verdict.CLEAR, None)


def test_check_excludes_the_story_itself(archive, corpus):
    check = story_check(story=archive["o01"])
    assert check.verdict == Verdict.CLEAR  # it is in the index, but never its own copy
    assert IndexedDocument.objects.count() == 3


def test_editor_saving_a_draft_in_wagtail_checks_the_new_text(
    archive, corpus, make_text_story, client, reviewer, django_capture_on_commit_callbacks
):
    story = make_text_story("A few lines about a garden, the rain and a gate that never quite closed.")
    client.force_login(reviewer)
    copied = _variant(corpus["o19"], "truncate")
    data = nested_form_data(
        {
            "title": "The gate",
            "slug": story.slug,
            "standfirst": "A short piece.",
            "pen_name": "",
            "body": rich_text(paragraphs_html(copied)),
            "tags": "",
            "hero_image_alt": "",
            "comments_open": "on",
            "trending_override": "",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    check = SimilarityCheck.objects.get(story=story)
    assert (check.verdict, check.matched_story_id, check.source) == (
        Verdict.COPY,
        archive["o19"].pk,
        CheckSource.EDIT,
    )
    # The editor changes it back to their own words: the stored verdict follows the latest save.
    story.refresh_from_db()
    draft = story.get_latest_revision_as_object()
    draft.body = paragraphs_html("Something entirely new about a bicycle, a hill and my brother's laugh.")
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=reviewer)
    check.refresh_from_db()
    assert check.verdict == Verdict.CLEAR


def test_publishing_checks_and_deleting_forgets(
    archive, corpus, make_text_story, django_capture_on_commit_callbacks
):
    story = make_text_story("placeholder words for a story not yet written down by anyone at all")
    story.body = paragraphs_html(_variant(corpus["o01"], "excerpt"))
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert SimilarityCheck.objects.get(story=story).matched_story_id == archive["o01"].pk
    story_id = story.pk
    story.delete()
    assert not IndexedDocument.objects.filter(doc_id=story_id).exists()
    assert not SimilarityCheck.objects.filter(story_id=story_id).exists()


def test_deleting_the_matched_story_keeps_the_check_readable(archive, corpus, make_text_story):
    copy_page = make_text_story(_variant(corpus["o01"], "spin"))
    check = story_check(story=copy_page)
    assert check.verdict == Verdict.COPY
    archive["o01"].delete()
    check.refresh_from_db()
    assert check.matched_story_id is None and check.verdict == Verdict.COPY
    # A fresh check no longer names the deleted story.
    assert story_check(story=copy_page).verdict == Verdict.CLEAR


def test_a_failing_check_never_breaks_saving_a_story(
    make_text_story, monkeypatch, django_capture_on_commit_callbacks
):
    from fireside.similarity import services

    def broken(**kwargs):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(services, "story_check", broken)
    story = make_text_story("A short story about nothing much at all, told twice over.")
    with django_capture_on_commit_callbacks(execute=True):
        revision = story.save_revision()
    assert story.latest_revision_id == revision.pk  # the save itself went through
    assert not SimilarityCheck.objects.filter(story=story).exists()


def test_overwritten_revision_is_checked_and_an_unchanged_body_is_not_rechecked(
    archive, corpus, make_text_story, reviewer, django_capture_on_commit_callbacks
):
    # Wagtail's autosave and "Save draft" overwrite the editor's latest revision instead of adding one.
    story = make_text_story("A few lines about a kettle that sang before it boiled, every single morning.")
    with django_capture_on_commit_callbacks(execute=True):
        revision = story.save_revision(user=reviewer)
    first = SimilarityCheck.objects.get(story=story)
    assert first.verdict == Verdict.CLEAR
    draft = story.get_latest_revision_as_object()
    draft.body = paragraphs_html(corpus["o19"]["text"])
    with django_capture_on_commit_callbacks(execute=True):
        assert draft.save_revision(user=reviewer, overwrite_revision=revision).pk == revision.pk
    check = SimilarityCheck.objects.get(story=story)
    assert (check.verdict, check.matched_story_id) == (Verdict.COPY, archive["o19"].pk)
    # Only the title changes: the stored verdict stands, the archive is not searched again.
    draft.title = "A new title"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=reviewer, overwrite_revision=revision)
    assert SimilarityCheck.objects.get(story=story).checked_at == check.checked_at
