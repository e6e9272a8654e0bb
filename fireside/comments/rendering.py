"""HTML for comment threads, built in Python rather than with a template include per comment.

A story can carry hundreds of comments; rendering each through ``{% include %}`` spent most of the page's time
resolving template variables (measured by bench/comments.py). Every value here goes through ``escape`` or
``format_html``; the markup matches what a template would give.
"""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from fireside.comments.selectors import CommentNode
from fireside.textanalysis.spam import LINK_RE

LINK_TEXT_MAX = 60
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_TRAILING = ".,;:!?)]}'\""


def _link(url: str) -> str:
    href = url if url.lower().startswith(("http://", "https://")) else "http://" + url
    label = url if len(url) <= LINK_TEXT_MAX else url[: LINK_TEXT_MAX - 1] + "…"
    return format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', href, label)


def _linkify_line(line: str) -> str:
    parts = []
    position = 0
    for match in LINK_RE.finditer(line):
        trimmed = match.group(0).rstrip(_TRAILING)
        if len(trimmed) <= len("www."):
            continue
        parts.append(escape(line[position : match.start()]))
        parts.append(_link(trimmed))
        position = match.start() + len(trimmed)
    parts.append(escape(line[position:]))
    return "".join(parts)


def comment_text(text: str) -> SafeString:
    """Plain text to HTML: every character escaped, blank lines make paragraphs, single newlines ``<br>``,
    web addresses become ``rel="nofollow ugc noopener"`` links."""
    html = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        paragraph = paragraph.strip("\n")
        if paragraph.strip():
            html.append("<p>" + "<br>".join(_linkify_line(line) for line in paragraph.split("\n")) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece went through escape() or format_html()


def _when(comment) -> str:
    local = timezone.localtime(comment.created_at)
    shown = f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), shown)


def _author(comment) -> str:
    if comment.erased_at:
        return "Removed"
    if comment.author_url:
        return format_html(
            '<a class="comment__author-link" href="{}" rel="nofollow ugc noopener"><bdi>{}</bdi></a>',
            comment.author_url,
            comment.author_name,
        )
    return format_html("<bdi>{}</bdi>", comment.author_name)


def _node(node: CommentNode, *, closed: bool, page_query: str, out: list[str]) -> None:
    comment = node.comment
    pk = comment.pk
    out.append(
        format_html(
            '<li class="comment comment--depth-{}{}" id="comment-{}">\n<article class="comment__card">\n'
            '<header class="comment__meta"><span class="avatar avatar--{}" aria-hidden="true">{}</span>'
            '<span class="comment__author">{}</span>'
            '<a class="comment__permalink" href="#comment-{}">{}</a></header>\n',
            comment.depth,
            " comment--pending" if node.awaiting_moderation else "",
            pk,
            comment.avatar_hue,
            comment.initials,
            mark_safe(_author(comment)),  # noqa: S308 - built with format_html
            pk,
            mark_safe(_when(comment)),  # noqa: S308 - built with format_html
        )
    )
    if node.awaiting_moderation:
        out.append('<p class="comment__pending">Your comment is awaiting moderation.</p>\n')
    if comment.erased_at:
        text = mark_safe('<p class="comment__removed">This comment was removed by its writer.</p>')
    else:
        text = comment_text(comment.body)
    out.append(format_html('<div class="comment__text" dir="auto">{}</div>\n', text))
    if not closed and not node.awaiting_moderation and not comment.erased_at:
        out.append(
            format_html(
                '<p class="comment__actions"><a class="comment__reply" href="?{}replytocom={}#respond" '
                'data-reply-to="{}" data-reply-name="{}">Reply<span class="visually-hidden"> to {}</span></a></p>\n',
                page_query,
                pk,
                pk,
                comment.author_name,
                comment.author_name,
            )
        )
    out.append("</article>\n")
    if node.replies:
        out.append('<ol class="comment-children">\n')
        for reply in node.replies:
            _node(reply, closed=closed, page_query=page_query, out=out)
        out.append("</ol>\n")
    out.append("</li>\n")


def render_threads(threads: Iterable[CommentNode], *, closed: bool, page_query: str) -> SafeString:
    out: list[str] = []
    for node in threads:
        _node(node, closed=closed, page_query=page_query, out=out)
    return mark_safe("".join(out))  # noqa: S308 - every piece went through escape() or format_html()
