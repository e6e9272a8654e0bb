"""Posting and moderating through the services: every moderation rule, the learning spam filter, the audit log,
notifications, unsubscribing, erasure and the IP purge."""

from datetime import timedelta

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import ModelLogEntry

from fireside.comments import services
from fireside.comments.models import Comment, CommentStatus, SpamCorpus, SpamFeature
from fireside.comments.tests.helpers import approve_earlier_comment, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return get_user_model().objects.create_superuser("mod", "mod@fireside.test", "a-long-test-password")


def test_first_comment_is_held_until_one_is_approved(story, rules):
    first = post(story, rules)
    assert first.status == CommentStatus.PENDING and "first comment" in first.hold_reason
    approve_earlier_comment(story)
    second = post(story, rules, body="And a second thought, about the lighthouse keeper.")
    assert second.status == CommentStatus.APPROVED


def test_prior_approval_is_matched_by_email_ignoring_case(story, rules):
    approve_earlier_comment(story, email="Odile@Example.org")
    assert post(story, rules, author_email="odile@EXAMPLE.org").status == CommentStatus.APPROVED


def test_first_comment_rule_can_be_switched_off(story, rules):
    rules.hold_first_comments = False
    rules.save()
    assert post(story, rules).status == CommentStatus.APPROVED


def test_two_links_hold_a_comment_and_one_does_not(story, rules):
    approve_earlier_comment(story)
    one = post(
        story, rules, body="I wrote about my own flood at https://blog.example/flood for anyone curious."
    )
    two = post(
        story, rules, body="Two places that helped me: https://a.example/help and www.b.example/guide thanks."
    )
    assert one.status == CommentStatus.APPROVED
    assert two.status == CommentStatus.PENDING and "2 links" in two.hold_reason


def test_hold_list_matches_comment_name_email_url_and_ip(story, rules):
    approve_earlier_comment(story)
    rules.hold_words = "tangerine\n203.0.113.9"
    rules.save()
    assert post(story, rules, body="My tangerine tree survived the storm.").status == CommentStatus.PENDING
    assert (
        post(story, rules, body="Another thought.", author_name="Tangerine Fan").status
        == CommentStatus.PENDING
    )
    assert post(story, rules, body="Hello there friend.", author_url="https://tangerine.example").status == (
        CommentStatus.PENDING
    )
    held_by_ip = post(story, rules, body="Nothing unusual here at all.", ip_address="203.0.113.9")
    assert held_by_ip.status == CommentStatus.PENDING and "203.0.113.9" in held_by_ip.hold_reason
    assert post(story, rules, body="A clean one, nothing to hold.").status == CommentStatus.APPROVED


def test_reject_list_sends_to_trash(story, rules):
    approve_earlier_comment(story)
    rules.reject_words = "  Casino  \n"
    rules.save()
    rejected = post(story, rules, body="Visit the CASINO tonight.")
    assert rejected.status == CommentStatus.TRASH and "casino" in rejected.hold_reason
    assert post(story, rules, author_email="casino@example.org").status == CommentStatus.TRASH


def test_commenter_with_many_rejections_goes_back_to_being_held(story, rules):
    approve_earlier_comment(story)
    for n in range(2):
        Comment.objects.create(
            story=story, author_name="Odile", author_email="odile@example.org", body=f"Rejected {n}",
            status=CommentStatus.SPAM,
        )  # fmt: skip
    # 2 rejected of 3 in the window is 67% > 30%.
    held = post(story, rules, body="I promise this one is about the story.")
    assert held.status == CommentStatus.PENDING and "rejected" in held.hold_reason


def test_old_rejections_outside_the_window_do_not_count(story, rules):
    approve_earlier_comment(story)
    old = Comment.objects.create(
        story=story, author_name="Odile", author_email="odile@example.org", body="Old spam", status="spam"
    )
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert post(story, rules).status == CommentStatus.APPROVED


def test_near_exact_repeat_of_anyones_recent_comment_is_spam(story, rules):
    approve_earlier_comment(story)
    post(
        story,
        rules,
        body="What a beautiful piece of writing, it moved me deeply.",
        author_email="x@example.org",
    )
    repeat = post(story, rules, body="what a beautiful piece of writing  it moved me deeply!!")
    assert repeat.status == CommentStatus.SPAM and "repeat" in repeat.hold_reason


def test_repeat_outside_the_window_is_not_spam(story, rules):
    approve_earlier_comment(story)
    earlier = post(story, rules, body="What a beautiful piece of writing, it moved me deeply.")
    Comment.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert (
        post(story, rules, body="What a beautiful piece of writing, it moved me deeply.").status == "approved"
    )


def test_closed_story_refuses_comments(story, rules):
    story.comments_open = False
    story.save()
    with pytest.raises(services.CommentsClosed):
        post(story, rules)


def test_comments_close_automatically_after_the_configured_days(story, rules):
    rules.close_after_days = 30
    rules.save()
    story.first_published_at = timezone.now() - timedelta(days=31)
    story.save()
    assert services.comments_closed(story=story, rules=rules)
    rules.close_after_days = 0  # the default: never close automatically
    assert not services.comments_closed(story=story, rules=rules)


def test_replies_thread_up_to_five_levels_then_attach_to_the_level_five_parent(story, rules):
    rules.hold_first_comments = False
    chain = [post(story, rules, body="Level one, the start of the thread.")]
    for level in range(2, 7):
        chain.append(post(story, rules, body=f"Reply at requested level {level}.", replied_to=chain[-1]))
    assert [comment.depth for comment in chain] == [1, 2, 3, 4, 5, 5]
    assert chain[5].parent == chain[3] and chain[5].replied_to == chain[4]
    assert all(comment.thread_id == chain[0].pk for comment in chain[1:])


def test_reply_to_a_comment_on_another_story_or_not_approved_becomes_top_level(story, rules, make_story):
    rules.hold_first_comments = False
    other = post(make_story(), rules, body="On another story entirely.")
    pending = Comment.objects.create(
        story=story, author_name="P", author_email="p@example.org", body="Waiting"
    )
    assert post(story, rules, replied_to=other).parent is None
    assert post(story, rules, body="Another reply attempt.", replied_to=pending).parent is None


def test_staff_who_can_moderate_are_approved_at_once(story, rules, moderator):
    assert post(story, rules, user=moderator).status == CommentStatus.APPROVED


def test_moderation_is_audit_logged_with_who_and_what(story, rules, moderator):
    comment = post(story, rules)
    services.comment_approve(comment=comment, user=moderator)
    services.comment_mark_spam(comment=comment, user=moderator)
    services.comment_trash(comment=comment, user=moderator)
    services.comment_unapprove(comment=comment, user=moderator)
    entries = ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("timestamp", "pk")
    assert [entry.action for entry in entries] == [
        "comments.approve", "comments.spam", "comments.trash", "comments.unapprove",
    ]  # fmt: skip
    assert all(entry.user_id == moderator.pk for entry in entries)
    assert entries[0].data == {"from": "pending", "to": "approved", "story": story.pk}
    assert entries[0].timestamp is not None


def test_spam_filter_learns_from_moderators_and_takes_back_changed_minds(story, rules, moderator):
    comment = post(story, rules, body="Cheap watches here https://watch.example")
    services.comment_mark_spam(comment=comment, user=moderator)
    corpus = SpamCorpus.objects.get()
    assert (corpus.spam_docs, corpus.ham_docs) == (1, 0)
    assert SpamFeature.objects.get(feature="w:watches").spam == 1
    services.comment_approve(comment=comment, user=moderator)  # "not spam" after all
    corpus.refresh_from_db()
    assert (corpus.spam_docs, corpus.ham_docs) == (0, 1)
    feature = SpamFeature.objects.get(feature="w:watches")
    assert (feature.spam, feature.ham) == (0, 1)
    services.comment_approve(comment=comment, user=moderator)  # no change, no double counting
    corpus.refresh_from_db()
    assert corpus.ham_docs == 1


def train(story, moderator, texts, *, spam):
    for n, text in enumerate(texts):
        comment = Comment.objects.create(
            story=story, author_name=f"Trainer {n}", author_email=f"t{n}{spam}@example.org", body=text
        )
        services.comment_moderate(comment=comment, status="spam" if spam else "approved", user=moderator)


SPAMMY = [
    "Buy cheap replica watches now https://deals.example best price",
    "Cheap pills online best price https://pills.example buy now",
    "Casino bonus free spins https://casino.example buy now cheap",
    "Best price loans approved https://loans.example buy cheap now",
    "Cheap followers buy now best price https://followers.example",
    "Replica bags cheap best price buy now https://bags.example",
]
HAMMY = [
    "My grandfather told me a story just like this about the war.",
    "I cried at the part with the letter. Thank you for sharing it.",
    "We moved house eleven times when I was a child, so I understand.",
    "The way you describe your mother's kitchen is so vivid.",
    "I hope you found peace with your brother in the end.",
    "This is the most honest thing I have read in a long while.",
]


def test_trained_filter_sends_spam_to_spam_and_borderline_to_pending(story, rules, moderator):
    train(story, moderator, SPAMMY, spam=True)
    train(story, moderator, HAMMY, spam=False)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        approve_earlier_comment(story, email=email)  # known commenters: only the filter can hold them
    spam = post(
        story, rules, body="Buy cheap watches now, best price https://x.example", author_email="a@example.org"
    )
    assert spam.status == CommentStatus.SPAM and "spam filter" in spam.hold_reason
    assert spam.spam_score > 0.95
    ham = post(
        story, rules, body="Thank you for sharing the story about your mother.", author_email="b@example.org"
    )
    assert ham.status == CommentStatus.APPROVED and ham.spam_score < 0.5
    rules.spam_threshold = 100
    rules.hold_threshold = 50
    held = post(
        story,
        rules,
        body="Cheap replica bags best price buy now https://y.example",
        author_email="c@example.org",
    )
    assert held.status == CommentStatus.PENDING and "spam filter" in held.hold_reason


def test_untrained_filter_has_no_say(story, rules):
    comment = post(story, rules)
    assert comment.spam_score is None and "spam filter" not in comment.hold_reason


def test_editors_are_emailed_about_held_comments(story, rules, django_capture_on_commit_callbacks):
    owner = get_user_model().objects.create_user("owner", "owner@fireside.test", "pw-long-enough-1")
    story.owner = owner
    story.save()
    rules.moderator_emails = "desk@fireside.test\nnot-an-address"
    with django_capture_on_commit_callbacks(execute=True):
        post(story, rules)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["desk@fireside.test", "owner@fireside.test"]
    assert "awaiting moderation" in message.subject and "first comment" in message.body
    assert "odile@example.org" not in message.body


def test_editor_emails_can_be_switched_off(story, rules, django_capture_on_commit_callbacks):
    rules.notify_editors = False
    rules.moderator_emails = "desk@fireside.test"
    with django_capture_on_commit_callbacks(execute=True):
        post(story, rules)
    assert mail.outbox == []


def test_reply_email_goes_once_to_an_opted_in_commenter_with_unsubscribe(
    client, story, rules, moderator, django_capture_on_commit_callbacks
):
    rules.notify_editors = False
    rules.hold_first_comments = False
    original = post(story, rules, notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post(story, rules, body="I felt the same about the ferry!", author_name="Pim",
                     author_email="pim@example.org", replied_to=original)  # fmt: skip
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["odile@example.org"]
    assert "Pim replied" in message.subject and "pim@example.org" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_unapprove(comment=reply, user=moderator)
        services.comment_approve(comment=reply, user=moderator)
    assert len(mail.outbox) == 1  # never twice for the same reply

    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = unsubscribe_url.split("localhost", 1)[-1]
    assert client.get(path).status_code == 200
    assert Comment.objects.get(pk=original.pk).notify_replies  # a GET (a link scanner) changes nothing
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Comment.objects.get(pk=original.pk).notify_replies


def test_no_reply_email_without_opt_in_or_to_oneself(story, rules, django_capture_on_commit_callbacks):
    rules.hold_first_comments = False
    rules.notify_editors = False
    quiet = post(story, rules)
    loud = post(story, rules, body="Me again, notify me.", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        post(story, rules, body="Reply from someone else.", author_email="z@example.org", replied_to=quiet)
        post(story, rules, body="Replying to myself.", replied_to=loud)
    assert mail.outbox == []


def test_reply_held_for_moderation_emails_only_when_approved(
    story, rules, moderator, django_capture_on_commit_callbacks
):
    rules.notify_editors = False
    approve_earlier_comment(story)
    original = post(story, rules, notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post(
            story, rules, body="A newcomer's reply.", author_email="new@example.org", replied_to=original
        )
    assert reply.status == CommentStatus.PENDING and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=reply, user=moderator)
    assert len(mail.outbox) == 1


def test_tampered_unsubscribe_link_is_refused(client):
    assert client.get("/comments/unsubscribe/not-a-token/").status_code == 404
    assert client.post("/comments/unsubscribe/not-a-token/").status_code == 404


def test_erasure_by_signed_link_removes_personal_data_and_keeps_thread(client, story, rules, make_comment):
    mine = make_comment(author_email="Odile@example.org", author_name="Odile", ip_address="198.51.100.7")
    also_mine = make_comment(author_email="odile@example.org", author_name="Odile")
    reply = make_comment(parent=mine, author_email="other@example.org")
    assert services.erase_link_send(email="ODILE@example.org", base_url="http://testserver/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["odile@example.org"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/comments/erase/" in line)
    path = link.replace("http://testserver", "")
    assert client.get(path).status_code == 200
    assert Comment.objects.get(pk=mine.pk).erased_at is None  # opening the link asks first
    response = client.post(path)
    assert response.status_code == 200 and b"2 comments erased" in response.content
    for pk in (mine.pk, also_mine.pk):
        erased = Comment.objects.get(pk=pk)
        assert (erased.body, erased.author_name, erased.author_email, erased.ip_address) == ("", "", "", None)
        assert ModelLogEntry.objects.filter(object_id=str(pk), action="comments.erase").exists()
    assert Comment.objects.get(pk=reply.pk).parent_id == mine.pk
    assert client.post(path).status_code == 404  # used once


def test_erase_request_for_unknown_address_sends_nothing(story):
    assert not services.erase_link_send(email="nobody@example.org", base_url="http://testserver/")
    assert mail.outbox == []


def test_purge_comment_ips_erases_only_old_addresses_and_is_safe_to_rerun(make_comment):
    old = make_comment(ip_address="192.0.2.1", user_agent="OldBrowser/1")
    new = make_comment(ip_address="192.0.2.2", user_agent="NewBrowser/2")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    call_command("purge_comment_ips")
    call_command("purge_comment_ips")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (new.ip_address, new.user_agent) == ("192.0.2.2", "NewBrowser/2")
    call_command("purge_comment_ips", "--days", "1")
    new.refresh_from_db()
    assert new.ip_address == "192.0.2.2"  # a day old at most: still within even a one-day retention


def test_approved_comments_count_towards_the_story_daily_totals(
    story, rules, make_comment, django_capture_on_commit_callbacks
):
    from fireside.engagement.models import StoryDaily
    from fireside.engagement.services import views_flush

    moderator = get_user_model().objects.create_superuser("mod", "mod@example.org", "a-long-password")
    pending = make_comment(status=CommentStatus.PENDING)
    spam = make_comment(status=CommentStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=pending, user=moderator)
        services.comment_mark_spam(comment=spam, user=moderator)
    views_flush()
    assert StoryDaily.objects.get(story_id=story.pk).comments == 1
