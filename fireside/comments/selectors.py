"""Reads for the comment section of a story page, in a fixed number of queries however many comments there are.

A page of threads is three queries: the counts, the page's top-level comments, and every reply in those threads
(each comment knows its thread's top-level comment, so no recursive queries); a story without comments needs
only the counts. Public reads never load the
commenter's email, IP or user agent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from fireside.comments.models import Comment, CommentStatus
from fireside.stories.models import StoryPage

THREADS_PER_PAGE = 50


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)
    awaiting_moderation: bool = False


@dataclass
class CommentSection:
    threads: list[CommentNode]
    total: int  # approved comments on the story ("12 Responses")
    page: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _page_number(raw: str | int | None, pages: int) -> int:
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), pages)


def story_comment_section(
    *, story: StoryPage, page: str | int | None = None, own_pending_ids: Iterable[int] = ()
) -> CommentSection:
    """One page of threads (oldest first) with the reader's own comments awaiting moderation woven in."""
    approved = Comment.objects.public_fields().filter(story=story, status=CommentStatus.APPROVED)
    counts = Comment.objects.filter(story=story, status=CommentStatus.APPROVED).aggregate(
        total=Count("pk"), top=Count("pk", filter=Q(parent__isnull=True))
    )
    pages = max(1, math.ceil(counts["top"] / THREADS_PER_PAGE))
    number = _page_number(page, pages)
    start = (number - 1) * THREADS_PER_PAGE
    top_level = []
    if counts["top"]:
        top_level = list(
            approved.filter(parent__isnull=True).order_by("created_at", "pk")[
                start : start + THREADS_PER_PAGE
            ]
        )
    thread_ids = [comment.pk for comment in top_level]
    replies = (
        list(approved.filter(thread_id__in=thread_ids).order_by("created_at", "pk")) if thread_ids else []
    )

    own_ids = [pk for pk in own_pending_ids if isinstance(pk, int)][:20]
    own: list[Comment] = []
    if own_ids:
        own = list(
            Comment.objects.public_fields()
            .filter(story=story, pk__in=own_ids, status=CommentStatus.PENDING, erased_at__isnull=True)
            .order_by("created_at", "pk")
        )
    return CommentSection(
        threads=_build_threads(top_level, replies, own, last_page=number == pages),
        total=counts["total"],
        page=number,
        pages=pages,
    )


def _build_threads(
    top_level: list[Comment], replies: list[Comment], own: list[Comment], *, last_page: bool
) -> list[CommentNode]:
    """Nest replies under their parents. Replies whose parent is not shown (trashed since) are left out.
    The reader's own pending top-level comments are newest, so they belong at the end of the last page."""
    nodes: dict[int, CommentNode] = {}
    threads = []
    for comment in top_level:
        nodes[comment.pk] = CommentNode(comment)
        threads.append(nodes[comment.pk])
    for comment, pending in [(reply, False) for reply in replies] + [(mine, True) for mine in own]:
        node = CommentNode(comment, awaiting_moderation=pending)
        if comment.parent_id is None:
            if pending and last_page:
                threads.append(node)
                nodes[comment.pk] = node
            continue
        parent = nodes.get(comment.parent_id)
        if parent is not None:
            parent.replies.append(node)
            nodes[comment.pk] = node
    return threads


def comment_page_number(comment: Comment) -> int:
    """Which page of threads shows ``comment`` (for the redirect after posting)."""
    root_id = comment.thread_id or comment.pk
    root = Comment.objects.filter(pk=root_id).only("created_at", "pk").first() or comment
    before = Comment.objects.filter(
        Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk),
        story_id=comment.story_id,
        status=CommentStatus.APPROVED,
        parent__isnull=True,
    ).count()
    return before // THREADS_PER_PAGE + 1


def reply_target(*, story: StoryPage, raw_id: str | None) -> Comment | None:
    """The approved comment a no-JavaScript reader chose to answer (``?replytocom=``), if it exists."""
    if not raw_id or not str(raw_id).isdigit() or len(str(raw_id)) > 18:
        return None
    return (
        Comment.objects.public_fields()
        .filter(story=story, pk=int(raw_id), status=CommentStatus.APPROVED, erased_at__isnull=True)
        .first()
    )
