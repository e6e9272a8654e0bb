"""Tone flags on comments: held for new commenters, visible but not held for established ones, shown with the
reason in the moderation queue (with a filter), learning from moderators' decisions, never told to the
commenter, hostile input, and the queue's query count."""

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import ModelLogEntry

from fireside.comments import services
from fireside.comments.models import Comment, CommentStatus, ToneCorpus, ToneFeature
from fireside.comments.tests.helpers import approve_earlier_comment, post

pytestmark = pytest.mark.django_db
LIST_URL = "/admin/snippets/comments/comment/"
POST_URL = "/comments/post/"
BLAMING = "Honestly she deserved it after the way she treated him."


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser(
        "tone-mod", "tone-mod@fireside.test", "a-long-password-9"
    )


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_flagged_comment_from_a_new_commenter_is_held_even_with_first_comment_holds_off(story, rules):
    rules.hold_first_comments = False
    rules.save()
    assert post(story, rules, author_email="kind@example.org").status == CommentStatus.APPROVED
    comment = post(story, rules, body=BLAMING)
    assert comment.status == CommentStatus.PENDING
    assert comment.tone_flagged and "blames the storyteller" in comment.tone_reasons
    assert "she deserved it" in comment.tone_reasons
    assert comment.hold_reason == "tone: blames the storyteller"


def test_flagged_comment_from_an_established_commenter_follows_the_rules_but_keeps_its_flag(
    story, rules, moderator_client
):
    approve_earlier_comment(story)
    comment = post(story, rules, body=BLAMING)
    assert comment.status == CommentStatus.APPROVED and comment.tone_flagged
    assert "tone" not in comment.hold_reason
    html = moderator_client.get(LIST_URL, {"status": "approved"}).content.decode()
    assert "blames the storyteller" in html and "she deserved it" in html


def test_supportive_reply_quoting_a_cruel_phrase_is_not_flagged(story, rules):
    approve_earlier_comment(story)
    comment = post(story, rules, body='People saying "she deserved it" are wrong. Nobody deserves that.')
    assert comment.status == CommentStatus.APPROVED and not comment.tone_flagged
    assert comment.tone_reasons == ""


def test_the_commenter_is_only_told_their_comment_awaits_moderation(client, story, form_data):
    response = client.post(POST_URL, form_data(comment="Cry me a river. Millions have it worse than you."))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.tone_flagged and comment.status == CommentStatus.PENDING
    html = client.get(response["Location"]).content.decode()
    assert "Your comment is awaiting moderation." in html
    for hint in ("mocks the storyteller", "tone flag", "tone:", "harmful", "flagged"):
        assert hint not in html.lower()


def test_queue_shows_the_reason_and_filters_to_flagged_comments(moderator_client, story, rules):
    approve_earlier_comment(story)
    post(story, rules, body="I know where you live. Watch your back.")
    post(story, rules, body="Thank you for this, the ending stayed with me.")
    flagged = moderator_client.get(LIST_URL, {"tone_flagged": "1"}).content.decode()
    assert "threatens someone" in flagged and "I know where you live" in flagged
    assert "the ending stayed with me" not in flagged
    calm = moderator_client.get(LIST_URL, {"tone_flagged": "0"}).content.decode()
    assert "the ending stayed with me" in calm and "I know where you live" not in calm
    comment = Comment.objects.get(tone_flagged=True)
    inspect = moderator_client.get(f"{LIST_URL}inspect/{comment.pk}/").content.decode()
    assert "threatens someone" in inspect


def test_not_harmful_clears_the_flag_teaches_fine_and_is_logged(moderator_client, story, rules):
    comment = post(story, rules, body=BLAMING)
    url = f"/admin/bulk/comments/comment/not_harmful_comments/?id={comment.pk}&next={LIST_URL}"
    assert moderator_client.get(url).status_code == 200
    assert moderator_client.post(url).status_code == 302
    comment.refresh_from_db()
    assert not comment.tone_flagged and comment.status == CommentStatus.PENDING
    assert comment.tone_trained_as == "fine" and ToneCorpus.objects.get().fine_docs == 1
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="comments.not_harmful").exists()
    listing = moderator_client.get(LIST_URL).content.decode()
    assert "cleared: blames the storyteller" in listing


def test_trash_teaches_harmful_approve_teaches_fine_and_a_changed_mind_moves_the_counts(
    story, rules, moderator
):
    comment = post(story, rules, body=BLAMING)
    services.comment_trash(comment=comment, user=moderator)
    corpus = ToneCorpus.objects.get()
    assert (corpus.harmful_docs, corpus.fine_docs) == (1, 0)
    assert ToneFeature.objects.get(feature="cue:deserved").harmful == 1
    services.comment_approve(comment=comment, user=moderator)
    corpus.refresh_from_db()
    assert (corpus.harmful_docs, corpus.fine_docs) == (0, 1)
    assert ToneFeature.objects.get(feature="cue:deserved").fine == 1
    services.comment_mark_spam(comment=comment, user=moderator)
    corpus.refresh_from_db()
    assert (corpus.harmful_docs, corpus.fine_docs) == (0, 0)


def test_moderators_decisions_change_later_assessments(story, rules, moderator):
    approve_earlier_comment(story)
    unknown = "What a walrus of a woman, flapping about on the page."
    assert not post(story, rules, body=unknown).tone_flagged
    for n in range(8):
        bad = post(story, rules, body=f"You absolute walrus, flapping about again, part {n}.")
        services.comment_trash(comment=bad, user=moderator)
        good = post(story, rules, body=f"A lovely story about the harbour and the boats, part {n}.")
        services.comment_approve(comment=good, user=moderator)
    later = post(story, rules, body=unknown + " Again.", author_email="new.reader@example.org")
    assert later.tone_flagged and later.status == CommentStatus.PENDING
    assert "worded like comments moderators removed" in later.tone_reasons


def test_not_harmful_decisions_silence_a_misfiring_cue_for_later_comments(story, rules, moderator):
    approve_earlier_comment(story)
    assert post(story, rules, body="Karen, your recipe for lemon cake saved my Sunday.").tone_flagged
    for n in range(12):
        fine = post(story, rules, body=f"Karen, thank you for piece number {n}, it was lovely.")
        if fine.tone_flagged:
            services.comment_tone_clear(comment=fine, user=moderator)
        else:
            services.comment_approve(comment=fine, user=moderator)
    for n in range(6):
        bad = post(story, rules, body=f"Cry me a river over story {n}.")
        services.comment_trash(comment=bad, user=moderator)
    assert not post(story, rules, body="Karen, your lemon cake recipe is now my favourite.").tone_flagged


@pytest.mark.parametrize(
    "body",
    [
        "y\u200bo\u200bu d\u200beserved it",
        "\u202bلقد استحقت ذلك\u202c she deserved it",
        "😂🤣🙄🎻 boo hoo 🎻" * 50,
        "she deserved it " * 312,
        "<script>alert(1)</script> \"><img src=x onerror=alert(1)> ' OR 1=1 -- javascript:alert(1) had it coming",
    ],
)
def test_hostile_comments_are_assessed_without_crashing(story, rules, moderator_client, body):
    comment = post(story, rules, body=body[:5000])
    assert comment.tone_flagged
    assert comment.status == CommentStatus.PENDING and len(comment.tone_reasons) <= 300
    html = moderator_client.get(LIST_URL, {"tone_flagged": "1"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


def _queue_queries(client, params) -> int:
    client.get(LIST_URL, params)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_queue_query_count_does_not_grow_with_flagged_comments(
    moderator_client, story, make_comment, make_story, django_assert_max_num_queries
):
    other = make_story(title="Another story")
    for n in range(3):
        make_comment(story=other, body=f"Small {n}", tone_flagged=True, tone_reasons="mocks the storyteller")
    small = _queue_queries(moderator_client, {"story": other.pk, "tone_flagged": "1"})
    for n in range(45):
        make_comment(body=f"Large {n}", tone_flagged=True, tone_reasons="mocks the storyteller")
    large = _queue_queries(moderator_client, {"story": story.pk, "tone_flagged": "1"})
    assert large == small
    with django_assert_max_num_queries(small):
        html = moderator_client.get(LIST_URL, {"tone_flagged": "1"}).content.decode()
    assert html.count("mocks the storyteller") >= 48


def test_erasing_a_commenters_comments_also_erases_the_quoted_tone_evidence(story, rules):
    from django.core import signing

    comment = post(story, rules, body=BLAMING)
    assert "she deserved it" in comment.tone_reasons
    token = signing.dumps(comment.pk, salt=services.ERASE_SALT)
    assert services.comments_erase(token=token) == 1
    comment.refresh_from_db()
    assert comment.body == "" and comment.tone_reasons == ""
