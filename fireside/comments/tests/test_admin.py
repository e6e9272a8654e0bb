"""The moderation queue in Wagtail's admin: listing, filters, search, what staff may see, bulk actions with the
audit log, editing, and the comment settings."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from wagtail.models import ModelLogEntry

from fireside.comments.models import Comment, CommentStatus, SpamCorpus

pytestmark = pytest.mark.django_db
LIST_URL = "/admin/snippets/comments/comment/"


@pytest.fixture
def moderator_client(client):
    user = get_user_model().objects.create_superuser(
        "moderator", "moderator@fireside.test", "a-long-password-1"
    )
    client.force_login(user)
    client.user = user
    return client


def test_queue_lists_comments_and_the_menu_opens_on_pending(moderator_client, make_comment):
    make_comment(body="An approved thought.")
    make_comment(body="A waiting thought.", status=CommentStatus.PENDING, hold_reason="first comment")
    dashboard = moderator_client.get("/admin/").content.decode()
    assert f"{LIST_URL}?status=pending" in dashboard
    html = moderator_client.get(LIST_URL).content.decode()
    assert "An approved thought." in html and "A waiting thought." in html and "first comment" in html


def test_queue_filters_by_status_and_story_and_searches(moderator_client, make_comment, make_story):
    other_story = make_story(title="A different story")
    make_comment(body="Approved on the main story.")
    make_comment(body="Spam on the main story.", status=CommentStatus.SPAM)
    make_comment(body="Pending elsewhere.", status=CommentStatus.PENDING, story=other_story)

    spam = moderator_client.get(LIST_URL, {"status": "spam"}).content.decode()
    assert "Spam on the main story." in spam and "Approved on the main story." not in spam
    by_story = moderator_client.get(LIST_URL, {"story": other_story.pk}).content.decode()
    assert "Pending elsewhere." in by_story and "Approved on the main story." not in by_story
    found = moderator_client.get(LIST_URL, {"q": "elsewhere"}).content.decode()
    assert "Pending elsewhere." in found and "Spam on the main story." not in found


def test_staff_see_email_ip_and_user_agent_on_the_inspect_view(moderator_client, make_comment):
    comment = make_comment(
        author_email="seen.by.staff@example.org", ip_address="198.51.100.23", user_agent="TestBrowser/9.1"
    )
    html = moderator_client.get(f"{LIST_URL}inspect/{comment.pk}/").content.decode()
    assert "seen.by.staff@example.org" in html and "198.51.100.23" in html and "TestBrowser/9.1" in html


def test_bulk_approve_spam_and_trash_go_through_the_service_and_are_logged(moderator_client, make_comment):
    waiting = [make_comment(status=CommentStatus.PENDING, body=f"Waiting {n}") for n in range(3)]
    query = "&".join(f"id={comment.pk}" for comment in waiting[:2])
    url = f"/admin/bulk/comments/comment/approve_comments/?{query}&next={LIST_URL}"
    confirm = moderator_client.get(url)
    assert confirm.status_code == 200 and "Waiting 0" in confirm.content.decode()
    response = moderator_client.post(url)
    assert response.status_code == 302
    assert [Comment.objects.get(pk=c.pk).status for c in waiting] == ["approved", "approved", "pending"]
    entries = ModelLogEntry.objects.filter(action="comments.approve")
    assert entries.count() == 2 and {entry.user_id for entry in entries} == {moderator_client.user.pk}

    spam_url = f"/admin/bulk/comments/comment/spam_comments/?id={waiting[2].pk}&next={LIST_URL}"
    moderator_client.post(spam_url)
    assert Comment.objects.get(pk=waiting[2].pk).status == "spam"
    assert SpamCorpus.objects.get().spam_docs == 1  # the filter learned from it
    trash_url = f"/admin/bulk/comments/comment/trash_comments/?id={waiting[0].pk}&next={LIST_URL}"
    moderator_client.post(trash_url)
    assert Comment.objects.get(pk=waiting[0].pk).status == "trash"
    history = moderator_client.get(f"{LIST_URL}history/{waiting[0].pk}/").content.decode()
    assert "Approved the comment" in history and "Moved the comment to the trash" in history


def test_editing_a_comment_is_logged_and_keeps_the_status(moderator_client, make_comment):
    comment = make_comment(body="Typo in teh comment.")
    response = moderator_client.post(
        f"{LIST_URL}edit/{comment.pk}/",
        {"body": "Typo in the comment.", "author_name": comment.author_name,
         "author_email": comment.author_email, "author_url": ""},
    )  # fmt: skip
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo in the comment." and comment.status == CommentStatus.APPROVED
    assert ModelLogEntry.objects.filter(object_id=str(comment.pk), action="wagtail.edit").exists()


def test_a_moderator_group_member_can_moderate_but_readers_of_the_admin_cannot(client, make_comment):
    comment = make_comment(status=CommentStatus.PENDING)
    user = get_user_model().objects.create_user("helper", "helper@fireside.test", "a-long-password-2")
    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_comment", content_type__app_label="comments"),
    )
    user.groups.add(group)
    client.force_login(user)
    url = f"/admin/bulk/comments/comment/approve_comments/?id={comment.pk}&next={LIST_URL}"
    client.post(url)
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING
    group.permissions.add(
        Permission.objects.get(codename="moderate_comment", content_type__app_label="comments")
    )
    user = get_user_model().objects.get(pk=user.pk)  # permission caches are per instance
    client.force_login(user)
    client.post(url)
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED


def test_comment_settings_page_shows_the_rules_with_their_defaults(moderator_client, home_page):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    html = moderator_client.get(f"/admin/settings/comments/commentsettings/{site.pk}/").content.decode()
    for name, default in [("max_links", "2"), ("rejected_share", "30"), ("rejected_window_days", "7"),
                          ("close_after_days", "0"), ("ip_retention_days", "90")]:  # fmt: skip
        assert f'name="{name}"' in html and f'value="{default}"' in html
