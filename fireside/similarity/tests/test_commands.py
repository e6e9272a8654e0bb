"""``rebuild_similarity_index`` and ``import_stories``, including hostile import files."""

import json
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from fireside.similarity.models import IndexedDocument, SimilarityCheck, Verdict
from fireside.similarity.services import MAX_IMPORT_BODY_CHARACTERS, similarity_index
from fireside.similarity.tests.conftest import paragraphs_html
from fireside.stories.models import StoryPage
from fireside.textanalysis.tests.spinner import make_variants

pytestmark = pytest.mark.django_db


def _run(*args, **kwargs) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_rebuild_indexes_published_draft_and_declined_stories(
    corpus, make_text_story, make_submission, editor, django_capture_on_commit_callbacks
):
    from fireside.submissions.services import submission_decline

    published = make_text_story(corpus["o01"]["text"])
    draft = make_text_story(corpus["o04"]["text"], live=False)
    # A draft edited after publishing: the index takes the newer text from the latest revision.
    edited = make_text_story(corpus["o12"]["text"])
    newer = edited.get_latest_revision_as_object()
    newer.body = paragraphs_html(corpus["o19"]["text"])
    newer.save_revision()
    receipt = make_submission(body=corpus["o25"]["text"])
    submission_decline(submission=receipt.submission, editor=editor, reason="Not for us, thank you.")
    declined = StoryPage.objects.get(pk=receipt.submission.story_id)
    IndexedDocument.objects.all().delete()

    out, err = _run("rebuild_similarity_index", "--batch-size", "2")
    assert "Indexed 4 stories" in out
    assert "[" in err and "4/4 stories" in err  # the progress bar
    index = similarity_index()
    for story, key in ((published, "o01"), (draft, "o04"), (edited, "o19"), (declined, "o25")):
        assert [m.doc_id for m in index.query(corpus[key]["text"]) if m.verdict == "copy"] == [story.pk], key
    assert index.query(corpus["o12"]["text"]) == []

    # Rebuilding again gives the same index, not a doubled one.
    _run("rebuild_similarity_index", "--no-progress")
    assert IndexedDocument.objects.count() == len(similarity_index()) == 4


def _write(tmp_path, payload, name="stories.json") -> str:
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return str(path)


def test_import_creates_drafts_strips_furniture_and_checks_each(tmp_path, corpus, make_text_story, section):
    original = make_text_story(corpus["o07"]["text"])
    similarity_index().add(original.pk, corpus["o07"]["text"])
    spun = next(
        v.text
        for v in make_variants(corpus["o07"]["text"], corpus["o07"]["names"], seed="import")
        if v.kind == "spin"
    )
    same_theme = next(s for s in corpus.values() if s.get("premise_of") == "o07")
    furniture = (
        "\n\nShare this story\nFacebook Twitter WhatsApp\n\nLeave a Reply\n"
        "Your email address will not be published. Required fields are marked *"
    )
    items = [
        {"headline": "Borrowed", "standfirst": "A story.", "body": spun + furniture, "pen_name": "K. L."},
        {"headline": same_theme["title"], "standfirst": "", "body": same_theme["text"], "pen_name": ""},
    ]
    out, err = _run("import_stories", _write(tmp_path, items), "--section", section.slug)
    assert "Imported 2 of 2" in out and err == ""
    borrowed = StoryPage.objects.get(title="Borrowed")
    assert not borrowed.live and borrowed.get_parent().pk == section.pk
    assert "Leave a Reply" not in borrowed.body and "Required fields" not in borrowed.body
    check = SimilarityCheck.objects.get(story=borrowed)
    assert (check.verdict, check.matched_story_id, check.source) == (Verdict.COPY, original.pk, "import")
    assert "POSSIBLE COPY" in out
    other = StoryPage.objects.get(title=same_theme["title"])
    assert SimilarityCheck.objects.get(story=other).verdict == Verdict.CLEAR
    assert other.standfirst == same_theme["title"]  # a missing standfirst falls back to the headline
    # Imported stories joined the archive.
    assert IndexedDocument.objects.filter(doc_id__in=[borrowed.pk, other.pk]).count() == 2


@pytest.mark.parametrize(
    "payload, message",
    [
        ("{not json", "not valid UTF-8 JSON"),
        ('{"headline": "one object, not a list"}', "JSON list"),
        ("", "not valid UTF-8 JSON"),
    ],
)
def test_import_refuses_broken_files(tmp_path, section, payload, message):
    with pytest.raises(CommandError, match=message):
        _run("import_stories", _write(tmp_path, payload), "--section", section.slug)
    assert not StoryPage.objects.exists()


def test_import_refuses_unknown_section_and_missing_file(tmp_path, section):
    with pytest.raises(CommandError, match="No section"):
        _run("import_stories", _write(tmp_path, []), "--section", "nope")
    with pytest.raises(CommandError, match="does not exist"):
        _run("import_stories", str(tmp_path / "missing.json"), "--section", section.slug)


def test_import_skips_hostile_items_and_keeps_the_good_ones(tmp_path, section):
    good_body = "My grandfather kept bees behind the allotment sheds.\nThe year they swarmed, he cried."
    items = [
        "just a string",
        {"standfirst": "no headline", "body": good_body},
        {"headline": "No body"},
        {"headline": "Body is a number", "body": 42},
        {"headline": "Huge", "body": "word " * (MAX_IMPORT_BODY_CHARACTERS // 5 + 10)},
        {"headline": "x" * 300, "body": good_body},
        {"headline": "Only furniture", "body": "Share this\nFacebook Twitter\nLeave a Reply\nPost Comment"},
        {
            "headline": '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
            "standfirst": "javascript:alert(1) '; DROP TABLE wagtailcore_page; --",
            "body": "<script>alert('x')</script>\n\u202eevil\u200b text with NUL\x00 and emoji 🔥\n"
            + good_body,
            "pen_name": "\u200f<b>Bold</b>",
        },
    ]
    out, err = _run("import_stories", _write(tmp_path, items), "--section", section.slug)
    assert "Imported 1 of 8" in out
    for position in range(1, 8):
        assert f"#{position}: skipped" in err
    story = StoryPage.objects.get()
    assert "<script>" not in story.body and "&lt;script&gt;" in story.body
    assert "\x00" not in story.body
    assert story.title.startswith("<script>")  # kept as text: the admin and site escape it
    assert StoryPage.objects.filter(title="Huge").count() == 0
