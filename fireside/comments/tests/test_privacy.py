"""The promise on the form: a commenter's email address never appears in public responses or cache keys, neither
in clear nor as the MD5 (Gravatar) or SHA-256 hash that would let anyone recover it."""

import hashlib

import pytest

from django.core.cache import cache
from django.test import Client

from fireside.comments.models import Comment, CommentStatus

pytestmark = pytest.mark.django_db

EMAIL = "Secret.Commenter@Example.org"


def forms_of(email: str) -> list[str]:
    normalised = email.strip().lower()
    forms = {
        email,
        normalised,
        email.replace("@", "%40"),
        normalised.replace("@", "%40"),
        normalised.replace("@", "&#64;"),
    }
    for value in (email, normalised):
        forms.add(hashlib.md5(value.encode()).hexdigest())  # noqa: S324 - what Gravatar uses
        forms.add(hashlib.sha256(value.encode()).hexdigest())
    return sorted(forms)


def assert_never_exposed(text: str, where: str) -> None:
    lowered = text.lower()
    for form in forms_of(EMAIL):
        assert form.lower() not in lowered, f"{form} appears in {where}"


def test_commenter_email_never_appears_in_any_public_page(client, story, make_comment, form_data, home_page):
    story.tags.add("floods")
    story.save_revision().publish()
    approved = make_comment(author_email=EMAIL, author_name="Sable", author_url="https://sable.example")
    make_comment(parent=approved, author_email=EMAIL, body="A reply from the same person.")
    make_comment(author_email=EMAIL, status=CommentStatus.PENDING, body="Still waiting.")
    make_comment(author_email=EMAIL, status=CommentStatus.SPAM, body="Marked as spam.")

    # The commenter's own browser, after posting (pending note) and with their details remembered.
    own = Client()
    own.post("/comments/post/", form_data(email=EMAIL, save_info="on", comment="My new pending words."))
    assert Comment.objects.filter(body="My new pending words.").exists()

    section = story.get_parent()
    responses = {
        "home": client.get(home_page.url),
        "section": client.get(section.url),
        "story": client.get(story.url),
        "story, reply form": client.get(f"{story.url}?replytocom={approved.pk}"),
        "story, page 2 of comments": client.get(f"{story.url}?cpage=2"),
        "tag page": client.get("/tags/floods/"),
        "404": client.get("/no-such-page/"),
        "story seen by the commenter": own.get(story.url),
        "erase request": client.get("/comments/erase/"),
    }
    assert responses["story"].status_code == 200 and "Sable" in responses["story"].content.decode()
    assert responses["tag page"].status_code == 200
    assert responses["404"].status_code == 404
    assert "My new pending words." in responses["story seen by the commenter"].content.decode()
    for where, response in responses.items():
        assert_never_exposed(response.content.decode(), where)
        headers = "\n".join(f"{key}: {value}" for key, value in response.items())
        assert_never_exposed(headers, f"{where} headers")

    # Feeds, the sitemap, search and the JSON API belong to other apps; whatever they answer, the address and its
    # hashes must not be in it (their own tests cover their status codes).
    tolerant = Client(raise_request_exception=False)
    for path in [
        "/feed/", "/feed/atom/", f"/section/{section.slug}/feed/", "/tags/floods/feed/", "/sitemap.xml",
        "/search/?q=Sable", "/search/?q=river", "/api/v1/stories/",
        f"/api/v1/stories/{story.pk}/",
    ]:  # fmt: skip
        response = tolerant.get(path)
        assert_never_exposed(response.content.decode(errors="replace"), path)


def test_a_refused_form_gives_the_email_back_only_to_its_writer_and_no_cache_keeps_it(story, form_data):
    """Keeping what was typed means echoing the email into its own field, once, in a response nobody caches."""
    own = Client()
    own.post("/comments/post/", form_data(email=EMAIL))
    echoes = {
        "form with an error": own.post("/comments/post/", form_data(email=EMAIL, author="")),
        "rate limited": own.post("/comments/post/", form_data(email=EMAIL, comment="Too soon again.")),
    }
    assert echoes["form with an error"].status_code == 400 and echoes["rate limited"].status_code == 429
    for where, response in echoes.items():
        html = response.content.decode()
        assert html.count(EMAIL) == 1 and f'name="email" value="{EMAIL}"' in html, where
        assert_never_exposed(html.replace(f'name="email" value="{EMAIL}"', ""), where)
        cache_control = response["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


def test_commenter_email_never_appears_in_cache_keys(client, story, form_data):
    client.post("/comments/post/", form_data(email=EMAIL))
    client.post("/comments/post/", form_data(email=EMAIL, comment="Again, too soon."))
    keys = list(cache._cache.keys())  # the in-process cache the test settings use
    assert any("ratelimit:comment-email" in key for key in keys)
    assert_never_exposed("\n".join(keys), "cache keys")


def test_the_avatar_is_made_from_the_name_not_the_email(make_comment):
    first = make_comment(author_name="Ada Quill", author_email="one@example.org")
    second = make_comment(author_name="Ada Quill", author_email="two@example.org")
    assert first.initials == second.initials == "AQ"
    assert first.avatar_hue == second.avatar_hue
    assert make_comment(author_name="  \u200b ").initials == "?"
