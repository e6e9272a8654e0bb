"""Thin views: post a comment (no JavaScript needed), unsubscribe from reply emails, erase one's comments.

On any problem with a posted comment the story page itself comes back with the form filled in as it was sent
and the message next to the field, so nothing typed is lost; floods get the same page with HTTP 429.
"""

import json
from urllib.parse import quote, unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fireside.comments import services
from fireside.comments.forms import FORM_PURPOSE, CommentForm, EraseRequestForm
from fireside.comments.models import Comment, CommentSettings
from fireside.comments.selectors import comment_page_number
from fireside.core.formguard import HONEYPOT_FIELD, FormVerdict, check_form_token, issue_form_token
from fireside.core.ratelimit import client_ip, rate_limit_hit
from fireside.stories.models import StoryPage
from fireside.stories.selectors import reader_scope

PENDING_COOKIE = "fireside_pending_comments"
PENDING_SALT = "fireside.comments.pending"
COMMENTER_COOKIE = "fireside_commenter"
ERASE_PURPOSE = "comment-erase"

GUARD_MESSAGES = {
    FormVerdict.TOO_FAST: "That was quicker than we expect from a person. Check your comment and press Post again.",
    FormVerdict.EXPIRED: "This form was open for a long time, so we refreshed it. Press Post again to send.",
    FormVerdict.TAMPERED: "We could not read this form. Press Post again to send your comment.",
    FormVerdict.HONEYPOT: "We could not accept this comment. If you are a person, leave the last field empty.",
}


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _public_story(raw_id: str) -> StoryPage:
    if not raw_id.isdigit() or len(raw_id) > 18:
        raise Http404("No such story")
    story = reader_scope().stories().filter(pk=int(raw_id)).first()
    if story is None:
        raise Http404("No such story")
    return story


def story_page_with_form(
    request: HttpRequest, story: StoryPage, form: CommentForm, *, status: int, token: str | None = None
) -> TemplateResponse:
    """The story page again, with this (bound) form and its errors in the comment section."""
    context = story.get_context(request)
    context["comment_form"] = form
    context["comment_form_token"] = token
    response = TemplateResponse(request, story.get_template(request), context, status=status)
    # The form echoes what this one person typed, email included: no shared cache may keep a copy.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _pending_ids(request: HttpRequest) -> list[int]:
    raw = request.get_signed_cookie(PENDING_COOKIE, default="", salt=PENDING_SALT)
    return [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 19]


@require_POST
def post_comment(request: HttpRequest) -> HttpResponse:
    story = _public_story(request.POST.get("story", ""))
    rules = CommentSettings.for_request(request)
    form = CommentForm(request.POST)
    posted_token = request.POST.get("form_token", "")

    if services.comments_closed(story=story, rules=rules):
        form.is_valid()
        form.add_error(None, "Comments are closed on this story.")
        return story_page_with_form(request, story, form, status=403)
    if not form.is_valid():
        return story_page_with_form(request, story, form, status=400, token=posted_token)

    check = check_form_token(
        posted_token,
        purpose=FORM_PURPOSE,
        honeypot=request.POST.get(HONEYPOT_FIELD, ""),
        min_seconds=_setting("FIRESIDE_COMMENT_MIN_FILL_SECONDS", 3),
    )
    if not check.ok:
        form.add_error(None, GUARD_MESSAGES[check.verdict])
        keep = posted_token if check.verdict is FormVerdict.TOO_FAST else None
        return story_page_with_form(request, story, form, status=400, token=keep)

    data = form.cleaned_data
    ip = client_ip(request)
    interval = _setting("FIRESIDE_COMMENT_INTERVAL_SECONDS", 15)
    for result in (
        rate_limit_hit(scope="comment-ip", identity=ip, limit=1, window=interval),
        rate_limit_hit(scope="comment-email", identity=data["email"].casefold(), limit=1, window=interval),
        rate_limit_hit(
            scope="comment-ip-hour",
            identity=ip,
            limit=_setting("FIRESIDE_COMMENTS_PER_IP_HOUR", 30),
            window=3600,
        ),
    ):
        if not result.allowed:
            form.add_error(
                None,
                f"You are commenting faster than we allow. Wait {result.retry_after} seconds, then press Post "
                "again: your comment is still here.",
            )
            response = story_page_with_form(request, story, form, status=429, token=posted_token)
            response["Retry-After"] = str(result.retry_after)
            return response

    replied_to = None
    if data.get("comment_parent"):
        replied_to = Comment.objects.filter(pk=data["comment_parent"], story=story).first()
    try:
        comment = services.comment_create(
            story=story,
            body=data["comment"],
            author_name=data["author"],
            author_email=data["email"],
            author_url=data["url"],
            replied_to=replied_to,
            ip_address=ip if ip != "unknown" else None,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            user=request.user,
            notify_replies=data["notify_replies"],
            rules=rules,
        )
    except services.CommentsClosed:
        form.add_error(None, "Comments are closed on this story.")
        return story_page_with_form(request, story, form, status=403)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            target = {
                "body": "comment",
                "author_name": "author",
                "author_email": "email",
                "author_url": "url",
            }
            form.add_error(target.get(field), messages)
        return story_page_with_form(request, story, form, status=400, token=posted_token)

    page = comment_page_number(comment)
    location = story.url + (f"?cpage={page}" if page > 1 else "") + f"#{comment.anchor}"
    response = HttpResponseRedirect(location)
    if comment.status != "approved":
        # Only this browser learns its comment is waiting (spam and trash look the same to the poster).
        ids = [comment.pk, *_pending_ids(request)][:20]
        response.set_signed_cookie(
            PENDING_COOKIE,
            ",".join(map(str, ids)),
            salt=PENDING_SALT,
            max_age=7 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    if data["save_info"]:
        saved = json.dumps({"author": data["author"], "email": data["email"], "url": data["url"]})
        response.set_cookie(
            COMMENTER_COOKIE,
            quote(saved, safe=""),  # only cookie-safe characters, so no quoting by SimpleCookie
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=False,  # read by comments.js to fill the form in; never rendered by the server
        )
    elif COMMENTER_COOKIE in request.COOKIES:
        response.delete_cookie(COMMENTER_COOKIE, samesite="Lax")
    return response


def saved_commenter(request: HttpRequest) -> dict:
    """What the reader asked this browser to remember (used only to tick the box, never to print the email)."""
    try:
        value = json.loads(unquote(request.COOKIES.get(COMMENTER_COOKIE, "")))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) POSTs without a CSRF token; the signed token suffices
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button (link scanners must not unsubscribe anyone); POST, from it or a mail client, acts."""
    if not services.unsubscribe_token_valid(token):
        raise Http404("This link is not valid.")
    if request.method == "POST":
        services.comments_unsubscribe(token=token)
        return render(request, "comments/unsubscribed.html", {"done": True})
    return render(request, "comments/unsubscribed.html", {"done": False, "token": token})


def erase_request(request: HttpRequest) -> HttpResponse:
    """Ask for a link that erases one's comments. The answer is the same whether or not the address commented."""
    if request.method == "POST":
        form = EraseRequestForm(request.POST)
        if form.is_valid():
            check = check_form_token(
                request.POST.get("form_token", ""),
                purpose=ERASE_PURPOSE,
                honeypot=request.POST.get(HONEYPOT_FIELD, ""),
                min_seconds=_setting("FIRESIDE_COMMENT_MIN_FILL_SECONDS", 3),
            )
            if not check.ok:
                form.add_error(None, GUARD_MESSAGES[check.verdict].replace("comment", "request"))
            else:
                ip = client_ip(request)
                limits = [
                    rate_limit_hit(scope="comment-erase-ip", identity=ip, limit=5, window=3600),
                    rate_limit_hit(
                        scope="comment-erase-email", identity=form.cleaned_data["email"].casefold(), limit=2,
                        window=3600,
                    ),
                ]  # fmt: skip
                refused = next((result for result in limits if not result.allowed), None)
                if refused is not None:
                    form.add_error(
                        None, f"Too many requests. Try again in {refused.retry_after // 60 + 1} minutes."
                    )
                    response = render(
                        request,
                        "comments/erase_request.html",
                        {"form": form, "token": issue_form_token(purpose=ERASE_PURPOSE)},
                        status=429,
                    )
                    response["Retry-After"] = str(refused.retry_after)
                    return response
                services.erase_link_send(
                    email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
                )
                return render(request, "comments/erase_sent.html")
        status = 400
    else:
        form = EraseRequestForm()
        status = 200
    return render(
        request,
        "comments/erase_request.html",
        {"form": form, "token": issue_form_token(purpose=ERASE_PURPOSE)},
        status=status,
    )


def erase_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if services.erase_token_comment(token) is None:
        return render(request, "comments/erase_invalid.html", status=404)
    if request.method == "POST":
        erased = services.comments_erase(token=token)
        return render(request, "comments/erase_done.html", {"erased": erased})
    return render(request, "comments/erase_confirm.html", {"token": token})
