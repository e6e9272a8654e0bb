"""Posting through the public form without JavaScript: redirects, pending notes, errors that keep what was
typed, hostile input, the form guard, flood limits, closed stories, threads, pagination and cookies."""

import json
import re
from urllib.parse import unquote

import pytest

from django.core import mail
from django.utils import timezone

from fireside.comments.models import Comment, CommentStatus
from fireside.comments.selectors import THREADS_PER_PAGE

pytestmark = pytest.mark.django_db

POST_URL = "/comments/post/"


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_story_page_shows_the_leave_a_reply_form_and_count(client, story, make_comment):
    make_comment()
    make_comment()
    html = page_html(client, story.url)
    assert "Leave a Reply" in html
    assert "Your email address will not be published. Required fields are marked" in html
    assert "2 Responses" in html
    for name in ("comment", "author", "email", "url"):
        assert f'name="{name}"' in html
    save_box = re.search(r'<input type="checkbox" name="save_info"[^>]*>', html).group(0)
    assert "checked" not in save_box


def test_story_without_comments_says_so(client, story):
    assert "No responses yet" in page_html(client, story.url)


def test_new_commenter_sees_own_comment_awaiting_moderation_and_nobody_else_does(client, story, form_data):
    response = client.post(POST_URL, form_data())
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{story.url}#comment-{comment.pk}"
    html = page_html(client, response["Location"])
    assert "Your comment is awaiting moderation." in html
    assert "This reminded me of my grandmother" in html
    assert "No responses yet" in html  # the count is of approved comments

    from django.test import Client

    other = page_html(Client(), story.url)
    assert "grandmother" not in other and "awaiting moderation" not in other


def test_approved_commenter_appears_at_once(client, story, form_data, make_comment):
    make_comment(author_email="hester.vale@example.net")
    response = client.post(POST_URL, form_data())
    comment = Comment.objects.latest("pk")
    assert comment.status == CommentStatus.APPROVED
    html = page_html(client, response["Location"])
    assert f'id="comment-{comment.pk}"' in html and "awaiting moderation" not in html


def test_plain_text_is_escaped_line_breaks_kept_and_links_made_nofollow(
    client, story, form_data, make_comment
):
    make_comment(author_email="hester.vale@example.net")
    body = "First line <b>bold?</b>\nsecond line & more\n\nNew paragraph: see https://example.org/a?b=1&c=2."
    client.post(POST_URL, form_data(comment=body))
    html = page_html(client, story.url)
    assert "<p>First line &lt;b&gt;bold?&lt;/b&gt;<br>second line &amp; more</p>" in html
    assert (
        '<p>New paragraph: see <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a>.</p>"
    ) in html


def test_commenter_website_links_with_nofollow_and_no_gravatar(client, story, make_comment):
    make_comment(author_name="Kit Marlow", author_url="https://kit.example/")
    html = page_html(client, story.url)
    assert '<a class="comment__author-link" href="https://kit.example/" rel="nofollow ugc noopener">' in html
    assert '<span class="avatar avatar--' in html and ">KM</span>" in html
    assert "gravatar" not in html.lower()


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "'; DROP TABLE comments_comment; --",
    "Zero\u200bwidth and \u202eright-to-left\u202c and \u05e9\u05dc\u05d5\u05dd",
    "Emoji 🔥🙂‍↕️ and NUL\x00 bytes",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_every_field_is_stored_and_shown_inert(
    client, story, form_data, make_comment, hostile
):
    make_comment(author_email="hester.vale@example.net")
    response = client.post(
        POST_URL, form_data(comment=f"Before {hostile} after", author=f"Name {hostile}"[:100])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    comment = Comment.objects.latest("pk")
    assert "\x00" not in comment.body + comment.author_name
    html = page_html(client, story.url)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html
    visible = hostile.replace("\x00", "")
    escaped = visible.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    escaped = escaped.replace("'", "&#x27;")
    assert escaped in html


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("comment", "x" * 50_000, "Keep your comment under 5,000 characters (it has 50,000)"),
        ("comment", " \u200b\n ", "Write your comment before posting."),
        ("author", "", "Enter the name to show with your comment."),
        ("author", "n" * 101, "Keep your name under 100 characters"),
        ("email", "not-an-email", "Enter an email address like name@example.com."),
        ("email", "", "Enter your email address. It is never published."),
        ("url", "javascript:alert(1)", "Enter a web address that starts with http:// or https://."),
        ("url", "ftp://files.example/x", "Enter a web address that starts with http:// or https://."),
        ("url", "https://example.org/" + "p" * 300, "Keep the web address under 200 characters"),
        (
            "url",
            '"><img src=x onerror=alert(1)>',
            "Enter a web address that starts with http:// or https://.",
        ),
    ],
)
def test_bad_input_comes_back_with_a_message_next_to_the_field_and_text_kept(
    client, story, form_data, field, value, message
):
    data = form_data(**{field: value})
    response = client.post(POST_URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    error = re.search(rf'<span class="field__error" id="{field}-error">(.*?)</span>', html, re.S)
    assert error and message in error.group(1)
    assert f'aria-describedby="{field}-error"' in html
    for other in ("comment", "author", "email"):
        if other != field:
            kept = data[other].replace("'", "&#x27;")
            assert kept in html
    if field != "comment" or value.strip("\u200b \n"):
        assert (
            value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            in html
        )
    assert "<img src=x" not in html


def test_the_story_still_renders_around_a_form_with_errors(client, story, form_data):
    html = client.post(POST_URL, form_data(email="nope")).content.decode()
    assert story.title in html and "Leave a Reply" in html


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"website_confirm": "http://bot.example"}, "leave the last field empty"),
        ({"form_token": "forged"}, "We could not read this form"),
        ({"form_token": None}, "quicker than we expect"),
        ({"form_token": "expired"}, "open for a long time"),
    ],
)
def test_form_guard_refuses_bots_and_stale_forms_but_keeps_the_text(
    client, story, form_data, overrides, message
):
    import time

    from fireside.core.formguard import issue_form_token

    if overrides.get("form_token") is None and "form_token" in overrides:
        overrides["form_token"] = issue_form_token(purpose="comment")  # issued just now: too fast
    elif overrides.get("form_token") == "expired":
        overrides["form_token"] = issue_form_token(purpose="comment", now=time.time() - 2 * 3600 - 5)
    response = client.post(POST_URL, form_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert "This reminded me of my grandmother" in html
    assert Comment.objects.count() == 0


def test_one_comment_per_fifteen_seconds_per_ip_gives_a_friendly_429(client, story, form_data):
    assert client.post(POST_URL, form_data()).status_code == 302
    response = client.post(
        POST_URL, form_data(email="someone.else@example.net", comment="A second, quick one.")
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 15
    html = response.content.decode()
    assert "faster than we allow" in html and "A second, quick one." in html
    assert Comment.objects.count() == 1


def test_one_comment_per_fifteen_seconds_per_email_across_ips(client, story, form_data):
    assert client.post(POST_URL, form_data(), REMOTE_ADDR="192.0.2.10").status_code == 302
    response = client.post(POST_URL, form_data(comment="From another address."), REMOTE_ADDR="192.0.2.11")
    assert response.status_code == 429


def test_hourly_cap_per_ip(client, story, form_data, settings):
    from fireside.core.ratelimit import rate_limit_hit

    settings.FIRESIDE_COMMENTS_PER_IP_HOUR = 3
    for _ in range(2):  # two comments from this address earlier in the hour
        rate_limit_hit(scope="comment-ip-hour", identity="127.0.0.1", limit=3, window=3600)
    assert client.post(POST_URL, form_data()).status_code == 302  # the third is allowed
    other_ip_client_data = form_data(email="p4@example.net", comment="A fourth this hour.")
    from django.core.cache import cache

    cache.clear()
    for _ in range(3):
        rate_limit_hit(scope="comment-ip-hour", identity="127.0.0.1", limit=3, window=3600)
    response = client.post(POST_URL, other_ip_client_data)
    assert response.status_code == 429 and "A fourth this hour." in response.content.decode()


def test_validation_errors_do_not_use_up_the_rate_limit(client, story, form_data):
    assert client.post(POST_URL, form_data(email="bad")).status_code == 400
    assert client.post(POST_URL, form_data()).status_code == 302


def test_closed_story_shows_no_form_and_refuses_posts_keeping_the_text(client, story, form_data):
    story.comments_open = False
    story.save_revision().publish()
    html = page_html(client, story.url)
    assert "Comments are closed on this story." in html and 'id="commentform"' not in html
    response = client.post(POST_URL, form_data())
    assert response.status_code == 403 and Comment.objects.count() == 0


def test_auto_close_after_n_days(client, story, form_data, rules):
    from datetime import timedelta

    rules.close_after_days = 10
    rules.save()
    story.first_published_at = timezone.now() - timedelta(days=11)
    story.save()
    assert "Comments are closed" in page_html(client, story.url)
    assert client.post(POST_URL, form_data()).status_code == 403


def test_posting_to_a_draft_or_unknown_story_is_404(client, story, form_data, make_story):
    draft = make_story(live=False)
    assert client.post(POST_URL, form_data(story=str(draft.pk))).status_code == 404
    assert client.post(POST_URL, form_data(story="999999")).status_code == 404
    assert client.post(POST_URL, form_data(story="1 OR 1=1")).status_code == 404
    assert client.get(POST_URL).status_code == 405


def test_csrf_is_enforced(story, form_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(POST_URL, form_data()).status_code == 403


def test_reply_without_javascript_via_replytocom(client, story, form_data, make_comment):
    parent = make_comment(author_name="Greta")
    make_comment(author_email="hester.vale@example.net")
    html = page_html(client, f"{story.url}?replytocom={parent.pk}")
    assert "Reply to <bdi>Greta</bdi>" in html
    assert f'name="comment_parent" id="id_comment_parent" value="{parent.pk}"' in html
    response = client.post(POST_URL, form_data(comment_parent=str(parent.pk), comment="Replying to Greta."))
    reply = Comment.objects.get(body="Replying to Greta.")
    assert reply.parent == parent and reply.status == CommentStatus.APPROVED
    html = page_html(client, response["Location"])
    thread = html[html.index(f'id="comment-{parent.pk}"') :]
    assert thread.index('class="comment-children"') < thread.index("Replying to Greta.")


def test_a_mangled_reply_target_posts_a_top_level_comment(client, story, form_data, make_comment):
    make_comment(author_email="hester.vale@example.net")
    for n, value in enumerate(["abc", "-1", "9" * 40, "1 OR 1=1", "999999"]):
        from django.core.cache import cache

        cache.clear()
        response = client.post(POST_URL, form_data(comment_parent=value, comment=f"Top-level after all {n}."))
        assert response.status_code == 302
        assert Comment.objects.get(body=f"Top-level after all {n}.").parent_id is None


def test_garbage_replytocom_is_ignored(client, story):
    for value in ("abc", "-1", "9" * 40, "<script>"):
        assert "Leave a Reply" in page_html(client, f"{story.url}?replytocom={value}")


def test_threads_paginate_fifty_a_page_oldest_first(client, story, make_comment):
    for _ in range(THREADS_PER_PAGE + 3):
        make_comment()
    first = page_html(client, story.url)
    assert "53 Responses" in first and "Comments page 1 of 2" in first
    assert ">A thought about the story, number 1.<" in first and "number 51." not in first
    second = page_html(client, f"{story.url}?cpage=2")
    assert "number 51." in second and "number 1.<" not in second
    assert "Comments page 2 of 2" in page_html(client, f"{story.url}?cpage=99")
    assert "Comments page 1 of 2" in page_html(client, f"{story.url}?cpage=';--")


def test_redirect_after_posting_goes_to_the_page_holding_the_comment(client, story, form_data, make_comment):
    for _ in range(THREADS_PER_PAGE):
        make_comment()
    make_comment(author_email="hester.vale@example.net")
    response = client.post(POST_URL, form_data())
    comment = Comment.objects.latest("pk")
    assert response["Location"] == f"{story.url}?cpage=2#comment-{comment.pk}"


def test_save_my_details_sets_a_cookie_only_when_ticked(client, story, form_data):
    response = client.post(POST_URL, form_data())
    assert "fireside_commenter" not in response.cookies
    from django.core.cache import cache

    cache.clear()
    response = client.post(POST_URL, form_data(save_info="on", comment="Second time, with the box ticked."))
    saved = json.loads(unquote(response.cookies["fireside_commenter"].value))
    assert saved == {"author": "Hester Vale", "email": "hester.vale@example.net", "url": ""}
    html = page_html(client, story.url)
    assert "hester.vale@example.net" not in html  # filled in by the browser's script, never by the server
    assert re.search(r'<input type="checkbox" name="save_info"[^>]*checked', html)
    cache.clear()
    response = client.post(POST_URL, form_data(comment="Third time, box unticked."))
    assert response.cookies["fireside_commenter"].value == ""  # forgotten


def test_erase_request_page_answers_the_same_for_known_and_unknown_addresses(client, make_comment, form_data):
    import time

    from fireside.core.formguard import issue_form_token

    make_comment(author_email="known@example.org")
    bodies = []
    for email in ("known@example.org", "unknown@example.org"):
        token = issue_form_token(purpose="comment-erase", now=time.time() - 10)
        response = client.post(
            "/comments/erase/", {"email": email, "form_token": token, "website_confirm": ""}
        )
        assert response.status_code == 200
        bodies.append(response.content.decode())
    assert bodies[0] == bodies[1]
    assert len(mail.outbox) == 1
    bad = client.post("/comments/erase/", {"email": "<script>", "form_token": "x"})
    assert bad.status_code == 400 and "&lt;script&gt;" in bad.content.decode()


def test_invalid_erase_link_is_a_friendly_404(client):
    response = client.get("/comments/erase/not-a-real-token/")
    assert response.status_code == 404 and "not valid" in response.content.decode()
