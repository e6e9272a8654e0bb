"""In a real Chromium: a reader posts a comment with hostile text, sees it pending, a moderator approves it in
Wagtail's admin, the reader sees it live and replies in place. Nothing the reader typed ever executes."""

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.contrib.auth import get_user_model

from fireside.comments.models import Comment, CommentStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOSTILE_COMMENT = (
    "I grew up by a river too. <script>window.__pwned = 1</script>\n"
    '"><img src=x onerror="window.__pwned = 2"> javascript:window.__pwned=3 '
    "' OR 1=1; -- \u200b\u202eright-to-left\u202c שלום 🔥"
)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]


def wait_past_minimum_fill_time() -> None:
    time.sleep(1.1)  # the form guard refuses posts faster than a person (one second in this test)


def test_post_pending_approve_in_admin_see_live_and_reply(live_site, browser, story, settings, artifacts_dir):
    settings.FIRESIDE_COMMENT_MIN_FILL_SECONDS = 1
    settings.FIRESIDE_COMMENT_INTERVAL_SECONDS = 1
    get_user_model().objects.create_superuser("moderator", "", "a-long-test-password")
    story_url = live_site.url + story.url

    reader = browser.new_context(viewport={"width": 390, "height": 900})
    page = reader.new_page()
    problems: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # 1. Post a comment full of hostile text; a new commenter's comment waits for moderation.
    page.goto(story_url)
    assert page.get_by_role("heading", name="Leave a Reply").is_visible()
    page.get_by_role("textbox", name="Comment", exact=True).fill(HOSTILE_COMMENT)
    page.get_by_role("textbox", name="Name", exact=True).fill('Wren "><b>Bold</b>')
    page.get_by_role("textbox", name="Email", exact=True).fill("wren@example.org")
    page.get_by_role("textbox", name="Website", exact=True).fill("https://wren.example")
    page.get_by_role("checkbox", name=re.compile("^Save my name")).check()
    wait_past_minimum_fill_time()
    with page.expect_navigation():
        page.get_by_role("button", name="Post Comment").click()
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert page.url.endswith(f"#comment-{comment.pk}")
    mine = page.locator(f"#comment-{comment.pk}")
    assert mine.get_by_text("Your comment is awaiting moderation.").is_visible()
    assert "<script>window.__pwned = 1</script>" in mine.locator(".comment__text").inner_text()
    assert mine.locator(".comment__author").inner_text() == 'Wren "><b>Bold</b>'
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#comments img, #comments script, #comments b").count() == 0
    assert serious_violations(page) == []
    page.screenshot(path=artifacts_dir / "comments-pending.png", full_page=True)

    # 2. A moderator approves it from the queue in Wagtail's admin.
    admin = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = admin.new_page()
    desk.goto(live_site.url + "/admin/login/")
    desk.fill("input[name=username]", "moderator")
    desk.fill("input[name=password]", "a-long-test-password")
    desk.click("button[type=submit]")
    desk.wait_for_url(live_site.url + "/admin/")
    with desk.expect_navigation():
        desk.get_by_role("link", name="Comments").first.click()
    assert "status=pending" in desk.url
    assert desk.get_by_text("first comment").is_visible()
    desk.locator(f'input[data-bulk-action-checkbox][data-object-id="{comment.pk}"]').check()
    with desk.expect_navigation():
        desk.locator(".bulk-actions-buttons").get_by_role("link", name="Approve").click()
    with desk.expect_navigation():
        desk.get_by_role("button", name="Approve").click()
    assert desk.get_by_text("1 comment approved.").is_visible()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    admin.close()

    # 3. The reader sees it live, for everyone, without the pending note.
    page.goto(story_url)
    assert page.get_by_role("heading", name="1 Response").is_visible()
    live = page.locator(f"#comment-{comment.pk}")
    assert live.get_by_text("Your comment is awaiting moderation.").count() == 0
    assert live.locator('a[rel="nofollow ugc noopener"][href="https://wren.example"]').count() == 1

    # 4. ...and replies in place: "Reply" moves the form under the comment (JavaScript).
    live.get_by_role("link", name=re.compile("^Reply")).click()
    assert page.get_by_role("heading", name=re.compile("^Reply to")).is_visible()
    assert page.locator(f"#comment-{comment.pk} #respond").count() == 1
    # the browser remembered the details (the box was ticked), filled in by comments.js, never by the server
    assert page.get_by_role("textbox", name="Email", exact=True).input_value() == "wren@example.org"
    assert page.get_by_role("textbox", name="Name", exact=True).input_value() == 'Wren "><b>Bold</b>'
    page.get_by_role("textbox", name="Comment", exact=True).fill(
        "Answering my own thought: the river is still there."
    )
    wait_past_minimum_fill_time()
    with page.expect_navigation():
        page.get_by_role("button", name="Post Comment").click()
    reply = Comment.objects.exclude(pk=comment.pk).get()
    assert reply.parent_id == comment.pk and reply.status == CommentStatus.APPROVED
    nested = page.locator(f"#comment-{comment.pk} .comment-children #comment-{reply.pk}")
    assert nested.get_by_text("the river is still there").is_visible()
    assert page.get_by_role("heading", name="2 Responses").is_visible()
    assert page.evaluate("window.__pwned") is None
    assert serious_violations(page) == []
    page.screenshot(path=artifacts_dir / "comments-thread.png", full_page=True)

    assert dialogs == [] and problems == []  # nothing executed, no CSP violations, no script errors
    reader.close()


def test_without_javascript_errors_keep_what_was_typed(live_site, browser, story, settings):
    settings.FIRESIDE_COMMENT_MIN_FILL_SECONDS = 1
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.goto(live_site.url + story.url)
    page.get_by_role("textbox", name="Comment", exact=True).fill(HOSTILE_COMMENT)
    page.get_by_role("textbox", name="Name", exact=True).fill("Wren")
    page.get_by_role("textbox", name="Email", exact=True).fill("wren@example.org")
    page.get_by_role("textbox", name="Website", exact=True).fill("ftp://not-the-web.example")
    wait_past_minimum_fill_time()
    with page.expect_navigation():
        page.get_by_role("button", name="Post Comment").click()
    assert page.get_by_text("Enter a web address that starts with http:// or https://.").is_visible()
    assert page.get_by_role("textbox", name="Comment", exact=True).input_value() == HOSTILE_COMMENT.replace(
        "\n", "\n"
    )
    assert page.get_by_role("textbox", name="Name", exact=True).input_value() == "Wren"
    assert page.get_by_role("textbox", name="Email", exact=True).input_value() == "wren@example.org"
    assert Comment.objects.count() == 0
    context.close()
