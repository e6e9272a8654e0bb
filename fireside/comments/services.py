"""Writes with side effects: posting a comment (the moderation rules), moderating it (spam filter training,
audit log, reply emails), unsubscribing, erasing a commenter's comments, purging old IP addresses.

Every moderator decision goes through ``comment_moderate`` so the filter learns from it and Wagtail's audit
log records who did what and when.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Site

from fireside.comments.models import (
    MAX_DEPTH,
    Comment,
    CommentSettings,
    CommentStatus,
    SpamCorpus,
    SpamFeature,
    ToneCorpus,
    ToneFeature,
)
from fireside.engagement.services import comment_record
from fireside.stories.models import StoryPage
from fireside.textanalysis.spam import (
    CommentSample,
    SpamScore,
    comment_features,
    count_links,
    repeat_fingerprint,
    score_features,
)
from fireside.textanalysis.tone import ToneAssessment, assess_tone, tone_features

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "fireside.comments.unsubscribe"
ERASE_SALT = "fireside.comments.erase"
ERASE_LINK_MAX_AGE = 3 * 24 * 3600

LOG_ACTIONS = {
    CommentStatus.APPROVED: "comments.approve",
    CommentStatus.SPAM: "comments.spam",
    CommentStatus.TRASH: "comments.trash",
    CommentStatus.PENDING: "comments.unapprove",
}
TONE_LABELS = ("harmful", "fine")


class CommentsClosed(Exception):
    """The story does not take comments (closed by an editor, or older than the site's limit)."""


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


# --- Rules --------------------------------------------------------------------------------------------------
def comment_settings(*, story: StoryPage | None = None, site: Site | None = None) -> CommentSettings:
    """The rules of the site a story belongs to (the default site when not known)."""
    if site is None and story is not None:
        site = story.get_site()
    if site is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return CommentSettings.for_site(site)


def comments_closed(*, story: StoryPage, rules: CommentSettings) -> bool:
    if not story.comments_open:
        return True
    if rules.close_after_days and story.first_published_at:
        return timezone.now() - story.first_published_at > timedelta(days=rules.close_after_days)
    return False


def _matches(words: list[str], haystacks: list[str]) -> str:
    folded = [haystack.casefold() for haystack in haystacks if haystack]
    for word in words:
        if any(word in haystack for haystack in folded):
            return word
    return ""


def _recent_rejected_share(email: str, days: int) -> float:
    since = timezone.now() - timedelta(days=days)
    totals = (
        Comment.objects.by_email(email)
        .filter(created_at__gte=since)
        .aggregate(
            total=Count("pk"),
            rejected=Count("pk", filter=Q(status__in=[CommentStatus.SPAM, CommentStatus.TRASH])),
        )
    )
    return totals["rejected"] / totals["total"] if totals["total"] else 0.0


def _decide(
    *,
    body: str,
    name: str,
    email: str,
    url: str,
    ip_address: str | None,
    repeat_key: str,
    score: SpamScore,
    rules: CommentSettings,
    trusted: bool,
    tone: ToneAssessment | None = None,
) -> Verdict:
    """Apply the moderation rules in order: the first that sends a comment to spam or trash wins; holds add up.

    A tone-flagged comment from a new commenter (no approved comment yet from that email) is held whatever the
    other rules say, even with "hold until a first comment is approved" switched off; from an established
    commenter it follows the other rules (moderators still see the flag in the queue).
    """
    if trusted:
        return Verdict(CommentStatus.APPROVED)
    if repeat_key:
        since = timezone.now() - timedelta(days=rules.repeat_window_days)
        if Comment.objects.filter(repeat_key=repeat_key, created_at__gte=since).exists():
            return Verdict(CommentStatus.SPAM, "repeat of a recent comment")
    fields = [body, name, email, url, ip_address or ""]
    rejected_word = _matches(rules.reject_list, fields)
    if rejected_word:
        return Verdict(CommentStatus.TRASH, f"reject list: {rejected_word}")
    if score.informative and score.probability * 100 >= rules.spam_threshold:
        return Verdict(CommentStatus.SPAM, f"spam filter {score.probability:.0%}")

    holds = []
    held_word = _matches(rules.hold_list, fields)
    if held_word:
        holds.append(f"hold list: {held_word}")
    links = count_links(body)
    if links >= rules.max_links:
        holds.append(f"{links} links")
    if score.informative and score.probability * 100 >= rules.hold_threshold:
        holds.append(f"spam filter {score.probability:.0%}")
    if _recent_rejected_share(email, rules.rejected_window_days) * 100 > rules.rejected_share:
        holds.append(f"over {rules.rejected_share}% rejected in {rules.rejected_window_days} days")
    established = Comment.objects.by_email(email).approved().exists()
    if rules.hold_first_comments and not established:
        holds.append("first comment")
    if tone is not None and tone.flagged and not established:
        holds.append(f"tone: {', '.join(reason.label for reason in tone.reasons)}")
    if holds:
        return Verdict(CommentStatus.PENDING, "; ".join(holds))
    return Verdict(CommentStatus.APPROVED)


# --- The spam filter's shared counts ------------------------------------------------------------------------
def _sample(comment: Comment) -> CommentSample:
    return CommentSample(
        body=comment.body, name=comment.author_name, email=comment.author_email, url=comment.author_url
    )


def spam_score(*, sample: CommentSample) -> SpamScore:
    """Score a comment against the counts every process shares: two queries, whatever the model's size."""
    features = comment_features(sample)
    corpus = SpamCorpus.objects.filter(pk=1).first()
    if corpus is None:
        return score_features(features, counts={}, spam_docs=0, ham_docs=0)
    counts = {row.feature: (row.spam, row.ham) for row in SpamFeature.objects.filter(feature__in=features)}
    return score_features(features, counts=counts, spam_docs=corpus.spam_docs, ham_docs=corpus.ham_docs)


def _add_to_counts(corpus, feature_model, features: frozenset[str], *, column: str, delta: int) -> None:
    """Add ``delta`` to one column of every feature row and of the corpus row (``<column>_docs``), atomically in
    SQL, so two moderators working at once lose no update. Spam and tone keep their counts the same way."""
    corpus.objects.get_or_create(pk=1)
    doc_column = f"{column}_docs"
    corpus.objects.filter(pk=1).update(**{doc_column: Greatest(F(doc_column) + delta, 0)})
    if delta > 0:
        feature_model.objects.bulk_create(
            [feature_model(feature=feature) for feature in features], ignore_conflicts=True
        )
    feature_model.objects.filter(feature__in=features).update(**{column: Greatest(F(column) + delta, 0)})


def _apply_counts(features: frozenset[str], *, column: str, delta: int) -> None:
    _add_to_counts(SpamCorpus, SpamFeature, features, column=column, delta=delta)


def spam_train(*, comment: Comment, label: str) -> None:
    """Teach the filter that ``comment`` is "spam" or "ham" (or "" to forget it), undoing any earlier lesson."""
    if label == comment.trained_as or comment.erased_at:
        return
    features = comment_features(_sample(comment))
    if comment.trained_as:
        _apply_counts(features, column=comment.trained_as, delta=-1)
    if label:
        _apply_counts(features, column=label, delta=1)
    comment.trained_as = label
    Comment.objects.filter(pk=comment.pk).update(trained_as=label)


# --- The tone model's shared counts -------------------------------------------------------------------------
def tone_assess(*, body: str) -> ToneAssessment:
    """Assess a comment's tone with the cues and the counts every process shares: two queries."""
    corpus = ToneCorpus.objects.filter(pk=1).first()
    if corpus is None or not (corpus.harmful_docs and corpus.fine_docs):
        return assess_tone(body)

    def counts_for(features: frozenset[str]) -> dict[str, tuple[int, int]]:
        rows = ToneFeature.objects.filter(feature__in=features).values_list("feature", "harmful", "fine")
        return {feature: (harmful, fine) for feature, harmful, fine in rows}

    return assess_tone(
        body, counts_for=counts_for, harmful_docs=corpus.harmful_docs, fine_docs=corpus.fine_docs
    )


def _apply_tone_counts(features: frozenset[str], *, column: str, delta: int) -> None:
    _add_to_counts(ToneCorpus, ToneFeature, features, column=column, delta=delta)


def tone_train(*, comment: Comment, label: str) -> None:
    """Teach the tone model that ``comment`` is "harmful" or "fine" (or "" to forget it), undoing any earlier
    lesson, so a moderator changing their mind moves the counts instead of adding to them twice."""
    if label and label not in TONE_LABELS:
        raise ValueError(f"unknown tone label {label!r}")
    if label == comment.tone_trained_as or comment.erased_at or not comment.body:
        return
    features = tone_features(comment.body)
    if comment.tone_trained_as:
        _apply_tone_counts(features, column=comment.tone_trained_as, delta=-1)
    if label:
        _apply_tone_counts(features, column=label, delta=1)
    comment.tone_trained_as = label
    Comment.objects.filter(pk=comment.pk).update(tone_trained_as=label)


# --- Posting ------------------------------------------------------------------------------------------------
def comment_create(
    *,
    story: StoryPage,
    body: str,
    author_name: str,
    author_email: str,
    author_url: str = "",
    replied_to: Comment | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    user=None,
    notify_replies: bool = False,
    rules: CommentSettings,
) -> Comment:
    """Post a comment: check the story is open, place it in its thread, judge it by the rules, notify.

    A reply to a comment at the deepest level joins that comment's parent, so threads never grow past
    ``MAX_DEPTH`` levels; ``replied_to`` keeps who was answered (for the reply email).
    """
    if comments_closed(story=story, rules=rules):
        raise CommentsClosed("Comments are closed on this story.")
    parent = replied_to
    if parent is not None:
        if parent.story_id != story.pk or parent.status != CommentStatus.APPROVED or parent.erased_at:
            parent = replied_to = None
        elif parent.depth >= MAX_DEPTH:
            parent = parent.parent
    trusted = bool(user and user.is_authenticated and user.has_perm("comments.moderate_comment"))
    repeat_key = repeat_fingerprint(body)
    sample = CommentSample(body=body, name=author_name, email=author_email, url=author_url)
    score = spam_score(sample=sample)
    tone = tone_assess(body=body)
    verdict = _decide(
        body=body,
        name=author_name,
        email=author_email,
        url=author_url,
        ip_address=ip_address,
        repeat_key=repeat_key,
        score=score,
        rules=rules,
        trusted=trusted,
        tone=tone,
    )
    comment = Comment(
        story=story,
        parent=parent,
        thread=(parent.thread or parent) if parent else None,
        replied_to=replied_to,
        depth=parent.depth + 1 if parent else 1,
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        author_url=author_url.strip(),
        body=body,
        user=user if user and user.is_authenticated else None,
        status=verdict.status,
        hold_reason=verdict.reason[:200],
        spam_score=score.probability if score.informative else None,
        tone_flagged=tone.flagged,
        tone_reasons=tone.summary[:300],
        tone_score=tone.probability,
        repeat_key=repeat_key,
        ip_address=ip_address,
        user_agent=user_agent[:300],
        notify_replies=notify_replies,
    )
    comment.full_clean()
    with transaction.atomic():
        comment.save()
        if comment.status == CommentStatus.APPROVED:
            _notify_reply_after_commit(comment)
            _count_for_trending_after_commit(comment)
        elif comment.status == CommentStatus.PENDING and rules.notify_editors:
            transaction.on_commit(lambda: _notify_editors(comment, rules))
    return comment


# --- Moderation ---------------------------------------------------------------------------------------------
def comment_moderate(*, comment: Comment, status: str, user) -> Comment:
    """Move a comment to ``status``, teach the spam filter, log it, and send a due reply email."""
    if status not in CommentStatus.values:
        raise ValueError(f"unknown comment status {status!r}")
    if comment.status == status:
        return comment
    previous = comment.status
    with transaction.atomic():
        comment.status = status
        comment.save(update_fields=["status"])
        if status == CommentStatus.SPAM:
            spam_train(comment=comment, label="spam")
        elif status == CommentStatus.APPROVED:
            spam_train(comment=comment, label="ham")
        elif comment.trained_as == "spam":
            # "Not spam" without approving: forget the spam lesson; trash says nothing about spamminess.
            spam_train(comment=comment, label="")
        # The tone model: trash teaches "harmful", approval "fine"; spam says nothing about tone, and sending a
        # trashed comment back to pending takes the "harmful" lesson back.
        if status == CommentStatus.TRASH:
            tone_train(comment=comment, label="harmful")
        elif status == CommentStatus.APPROVED:
            tone_train(comment=comment, label="fine")
        elif status == CommentStatus.SPAM or comment.tone_trained_as == "harmful":
            tone_train(comment=comment, label="")
        log(
            instance=comment,
            action=LOG_ACTIONS[status],
            user=user,
            data={"from": previous, "to": status, "story": comment.story_id},
        )
        if status == CommentStatus.APPROVED:
            _notify_reply_after_commit(comment)
            _count_for_trending_after_commit(comment)
    return comment


def comment_tone_clear(*, comment: Comment, user) -> Comment:
    """A moderator's "not harmful": clear the tone flag (its reasons stay for the record), teach the tone model
    "fine", log it. The status is left alone: approving is a separate decision."""
    if not comment.tone_flagged and comment.tone_trained_as == "fine":
        return comment
    with transaction.atomic():
        comment.tone_flagged = False
        Comment.objects.filter(pk=comment.pk).update(tone_flagged=False)
        tone_train(comment=comment, label="fine")
        log(
            instance=comment,
            action="comments.not_harmful",
            user=user,
            data={"reasons": comment.tone_reasons, "story": comment.story_id},
        )
    return comment


def _count_for_trending_after_commit(comment: Comment) -> None:
    """An approved comment is engagement: it joins the story's daily totals and its Now Trending score.

    Counted once, when it is approved; a later unapproval does not subtract (the day's total is history).
    """
    story_id = comment.story_id
    transaction.on_commit(lambda: comment_record(story_id=story_id))


def comment_approve(*, comment: Comment, user) -> Comment:
    return comment_moderate(comment=comment, status=CommentStatus.APPROVED, user=user)


def comment_mark_spam(*, comment: Comment, user) -> Comment:
    return comment_moderate(comment=comment, status=CommentStatus.SPAM, user=user)


def comment_trash(*, comment: Comment, user) -> Comment:
    return comment_moderate(comment=comment, status=CommentStatus.TRASH, user=user)


def comment_unapprove(*, comment: Comment, user) -> Comment:
    return comment_moderate(comment=comment, status=CommentStatus.PENDING, user=user)


# --- Emails -------------------------------------------------------------------------------------------------
def _absolute(story: StoryPage, path: str) -> str:
    site = story.get_site()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + path


def _notify_editors(comment: Comment, rules: CommentSettings) -> None:
    story = comment.story
    recipients = set(rules.moderator_email_list)
    if story.owner and story.owner.is_active and story.owner.email:
        recipients.add(story.owner.email)
    if not recipients:
        return
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailsnippets_comments_comment:inspect", args=[comment.pk]
    )
    body = render_to_string(
        "comments/email/awaiting_moderation.txt",
        {"comment": comment, "story": story, "admin_url": admin_url},
    )
    message = EmailMessage(
        subject=f"A comment on “{story.title}” is awaiting moderation",
        body=body,
        to=sorted(recipients),
    )
    _send(message)


def _notify_reply_after_commit(comment: Comment) -> None:
    target = comment.replied_to
    if (
        target is None
        or comment.reply_notified_at
        or not target.notify_replies
        or target.erased_at
        or not target.author_email
        or target.author_email.casefold() == comment.author_email.casefold()
    ):
        return
    now = timezone.now()
    Comment.objects.filter(pk=comment.pk).update(reply_notified_at=now)
    comment.reply_notified_at = now
    transaction.on_commit(lambda: _send_reply_email(comment, target))


def unsubscribe_token(comment: Comment) -> str:
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def _send_reply_email(comment: Comment, target: Comment) -> None:
    story = comment.story
    unsubscribe_url = _absolute(story, reverse("comments:unsubscribe", args=[unsubscribe_token(target)]))
    comment_url = _absolute(story, story.url + f"#{comment.anchor}") if story.url else ""
    body = render_to_string(
        "comments/email/reply.txt",
        {"comment": comment, "target": target, "story": story, "comment_url": comment_url,
         "unsubscribe_url": unsubscribe_url},
    )  # fmt: skip
    message = EmailMessage(
        subject=f"{comment.author_name} replied to your comment on “{story.title}”",
        body=body,
        to=[target.author_email],
        headers={
            # RFC 8058: mail clients can unsubscribe in one click with a POST to this address.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    _send(message)


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # a mail server outage must not break posting or moderating
        logger.exception("could not send comment email %r", message.subject)


def unsubscribe_token_valid(token: str) -> bool:
    try:
        signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False
    return True


def comments_unsubscribe(*, token: str) -> int:
    """Stop reply emails for every comment by the address that received ``token``. Returns how many changed."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return -1
    comment = Comment.objects.filter(pk=pk).only("author_email").first()
    if comment is None or not comment.author_email:
        return 0
    return Comment.objects.by_email(comment.author_email).update(notify_replies=False)


# --- Erasure ------------------------------------------------------------------------------------------------
def erase_link_send(*, email: str, base_url: str) -> bool:
    """Email a signed link that erases every comment posted with ``email``. Sends nothing if there are none,
    and callers must say the same thing either way, so the form cannot be used to learn who commented."""
    latest = Comment.objects.by_email(email).filter(erased_at__isnull=True).order_by("-created_at").first()
    if latest is None:
        return False
    token = signing.dumps(latest.pk, salt=ERASE_SALT)
    link = base_url.rstrip("/") + reverse("comments:erase_confirm", args=[token])
    body = render_to_string("comments/email/erase.txt", {"link": link, "days": ERASE_LINK_MAX_AGE // 86400})
    _send(EmailMessage(subject="Erase your comments", body=body, to=[latest.author_email]))
    return True


def erase_token_comment(token: str) -> Comment | None:
    try:
        pk = signing.loads(token, salt=ERASE_SALT, max_age=ERASE_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=pk, erased_at__isnull=True).first()


def comments_erase(*, token: str) -> int:
    """Erase every comment by the address the link was sent to: text, name, email, website, IP all removed.

    The comments stay as "removed" placeholders so other readers' replies keep their place in the thread.
    """
    comment = erase_token_comment(token)
    if comment is None or not comment.author_email:
        return 0
    with transaction.atomic():
        comments = list(Comment.objects.by_email(comment.author_email).filter(erased_at__isnull=True))
        for each in comments:
            log(instance=each, action="comments.erase", user=None, data={"story": each.story_id})
        erased = Comment.objects.filter(pk__in=[each.pk for each in comments]).update(
            body="",
            author_name="",
            author_email="",
            author_url="",
            ip_address=None,
            user_agent="",
            notify_replies=False,
            repeat_key="",
            tone_reasons="",  # quotes phrases of the erased text
            erased_at=timezone.now(),
        )
    return erased


def comment_ips_purge(*, older_than_days: int) -> int:
    """Erase IP addresses and user agents older than the retention period. Safe to run again at any time."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
        .update(ip_address=None, user_agent="")
    )
