"""``{% comment_section page %}`` renders a story's threads and the "Leave a Reply" form; ``|comment_text``
turns a comment's plain text into safe HTML (escaped, paragraphs and line breaks kept, links made)."""

from django import template
from django.utils.safestring import SafeString

from fireside.comments.forms import FORM_PURPOSE, CommentForm
from fireside.comments.models import CommentSettings
from fireside.comments.rendering import comment_text, render_threads
from fireside.comments.selectors import reply_target, story_comment_section
from fireside.comments.services import comments_closed
from fireside.core.formguard import HONEYPOT_FIELD, issue_form_token

register = template.Library()


@register.filter(name="comment_text")
def comment_text_filter(text: str) -> SafeString:
    """Plain comment text as safe HTML (see ``fireside.comments.rendering.comment_text``)."""
    return comment_text(text)


@register.filter
def responses_label(count: int) -> str:
    if not count:
        return "No responses yet"
    return f"{count:,} Response" + ("" if count == 1 else "s")


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, story):
    """Threads, count and form for ``story``: a fixed number of queries (settings, counts, threads, replies)."""
    from fireside.comments.views import _pending_ids, saved_commenter

    request = context["request"]
    rules = CommentSettings.for_request(request)
    form = context.get("comment_form")
    if form is None:
        remembered = saved_commenter(request)
        form = CommentForm(initial={"save_info": bool(remembered)})
    section = story_comment_section(
        story=story, page=request.GET.get("cpage"), own_pending_ids=_pending_ids(request)
    )
    parent_id = form["comment_parent"].value() if form.is_bound else request.GET.get("replytocom")
    replying_to = reply_target(story=story, raw_id=str(parent_id) if parent_id else None)
    closed = comments_closed(story=story, rules=rules)
    page_query = f"cpage={section.page}&" if section.page > 1 else ""
    return {
        "request": request,
        "story": story,
        "section": section,
        "form": form,
        "form_token": context.get("comment_form_token") or issue_form_token(purpose=FORM_PURPOSE),
        "honeypot": form[HONEYPOT_FIELD],
        "replying_to": replying_to,
        "closed": closed,
        "page_query": page_query,
        "threads_html": render_threads(section.threads, closed=closed, page_query=page_query),
    }
