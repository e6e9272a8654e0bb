"""Walk every endpoint in /api/v1/openapi.json with generated parameters: never a 500, never a private thing.

The magazine below holds things that must never come out of the API, each marked with a secret word or value:
a draft, a live story's unpublished revision, a view-restricted story, a story under a view-restricted section,
a tag used only by a draft, editor-only fields (owner's email, trending override, SEO fields, tree internals),
comments in every status with the commenter's email, IP address, browser and moderation notes, and reader
submissions with their contact emails, writer keys, token hashes, decline reasons and message threads.
Hypothesis generates parameters from the OpenAPI description itself (valid slugs and ids mixed with junk) for
each endpoint in turn, so an endpoint added later is walked too, and each must answer 200 at least once (a walk
that only ever hit 404 and 422 would prove nothing).
"""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquux"  # appears only in things the API must never show
OWNER_EMAIL = "editor.private@example.org"
COMMENTER_EMAIL = "commenter.private@example.org"
WRITER_EMAIL = "writer.private@example.org"
COMMENT_IPS = ["203.0.113.77", "2001:db8::77"]
USER_AGENT = "Quokkabrowser/9.1"
WRITER_KEY = "a1" * 32
TOKEN_HASH = "b2" * 32
NEVER_SHOWN = [
    SECRET,
    OWNER_EMAIL,
    COMMENTER_EMAIL,
    WRITER_EMAIL,
    *COMMENT_IPS,
    USER_AGENT,
    WRITER_KEY,
    TOKEN_HASH,
]
EXAMPLES_PER_ENDPOINT = 100
FORBIDDEN_KEYS = {
    "owner", "email", "ip", "ip_address", "draft_title", "has_unpublished_changes", "latest_revision",
    "locked", "locked_by", "trending_override", "comments_open", "seo_title", "search_description", "path",
    "depth", "url_path", "content_type", "live", "go_live_at", "expire_at", "password", "submission",
    "comments", "author_email", "contact_email", "user_agent", "writer_key", "token_hash", "spam_score",
    "hold_reason", "tone_reasons", "decline_reason", "status",
}  # fmt: skip
ALLOWED_STATUS = {200, 304, 404, 409, 422}
HOSTILE = ["", " ", "\x00", "'", '"', "<script>", "../", "%00", "😀", "\u202e", "1 OR 1=1", "9" * 30, "-1"]


@pytest.fixture
def leaky_magazine(publish_story, make_story, make_section, restrict):
    editor = get_user_model().objects.create_user("editor", OWNER_EMAIL, "pw")
    public = publish_story(title="Public night walk", tags=["walks"], owner=editor, seo_title=f"SEO {SECRET}")
    public.trending_override = "pin"
    public.search_description = f"Search description {SECRET}"
    public.save_revision().publish()
    # A live story whose newest revision is an unpublished draft.
    public.title = f"Draft headline {SECRET}"
    public.standfirst = f"Draft standfirst {SECRET}"
    public.save_revision()
    make_story(title=f"Draft story {SECRET}", live=False, tags=[f"draft{SECRET}".lower()]).save_revision()
    restrict(publish_story(title=f"Private story {SECRET}", tags=["walks"]))
    hidden_section = make_section(title=f"Hidden {SECRET}", slug="hidden")
    restrict(hidden_section)
    publish_story(parent=hidden_section, title=f"Under hidden {SECRET}")
    add_comments_and_submissions(public)
    return public


def add_comments_and_submissions(public) -> None:
    """Comments in every status and submissions in several, all carrying private values."""
    from fireside.comments.models import Comment, CommentStatus
    from fireside.stories.models import StoryPage
    from fireside.submissions.models import Submission, SubmissionMessage, SubmissionStatus

    for number, status in enumerate(CommentStatus.values):
        Comment.objects.create(
            story=public,
            author_name=f"Commenter {SECRET} {number}",
            author_email=COMMENTER_EMAIL,
            author_url=f"https://{SECRET.lower()}.example.org/",
            body=f"A comment {status} {SECRET}",
            status=status,
            hold_reason=f"Held {SECRET}",
            tone_reasons=f"Tone {SECRET}",
            ip_address=COMMENT_IPS[number % 2],
            user_agent=USER_AGENT,
        )
    draft = StoryPage.objects.get(title=f"Draft story {SECRET}")
    for number, (status, story) in enumerate(
        [
            (SubmissionStatus.RECEIVED, None),
            (SubmissionStatus.IN_REVIEW, draft),
            (SubmissionStatus.DECLINED, None),
            (SubmissionStatus.PUBLISHED, public),  # the published story's own submission stays private too
        ]
    ):
        submission = Submission.objects.create(
            story=story,
            status=status,
            headline=f"Submitted {SECRET} {number}",
            summary=f"Summary {SECRET}",
            body=f"The submitted text {SECRET}.",
            pen_name=f"Pen{SECRET}{number}",
            contact_email=WRITER_EMAIL,
            writer_key=WRITER_KEY[:-2] + f"{number:02d}",
            token_hash=TOKEN_HASH[:-2] + f"{number:02d}",
            decline_reason=f"Declined {SECRET}",
        )
        SubmissionMessage.objects.create(submission=submission, sender="editor", body=f"Message {SECRET}")


def check_clean(response) -> None:
    assert response.status_code in ALLOWED_STATUS, (response.status_code, response.content[:300])
    body = response.content.decode().lower()
    for value in NEVER_SHOWN:
        assert value.lower() not in body, value
    if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
        check_keys(json.loads(body))


def check_keys(value) -> None:
    if isinstance(value, dict):
        assert not FORBIDDEN_KEYS & set(value), set(value) & FORBIDDEN_KEYS
        for child in value.values():
            check_keys(child)
    elif isinstance(value, list):
        for child in value:
            check_keys(child)


def strategy_for(parameter: dict, known: dict) -> st.SearchStrategy:
    schema = parameter.get("schema", {})
    options = schema.get("anyOf", [schema])
    kinds = {option.get("type") for option in options}
    junk = st.sampled_from(HOSTILE) | st.text(max_size=40)
    name = parameter["name"]
    if "integer" in kinds:
        return st.sampled_from(known["ids"]) | st.integers(min_value=-(2**70), max_value=2**70) | junk
    if "array" in kinds:
        return st.lists(st.sampled_from(known["slugs"]) | junk, max_size=4)
    if any(option.get("format") == "date-time" for option in options):
        return st.datetimes().map(lambda d: d.isoformat()) | junk
    if "enum" in schema:
        return st.sampled_from(schema["enum"]) | junk
    if name == "q":
        words = [
            "walk",
            "night",
            SECRET,
            '"public night"',
            "comment",
            "submitted",
            "commenter",
            "203.0.113.77",
        ]
        return st.lists(st.sampled_from(words), min_size=1, max_size=3).map(" ".join) | junk
    return st.sampled_from(known["slugs"]) | junk


def build_request(path: str, parameters: list[dict], known: dict) -> st.SearchStrategy:
    strategies = {}
    for parameter in parameters:
        strategy = strategy_for(parameter, known)
        if not parameter.get("required"):
            strategy = st.none() | strategy
        strategies[(parameter["in"], parameter["name"])] = strategy

    @st.composite
    def make(draw):
        url, query = path, {}
        for (where, name), strategy in strategies.items():
            value = draw(strategy)
            if value is None:
                continue
            if where == "path":
                text = str(value)
                url = url.replace("{" + name + "}", re.sub(r"[/?#]", "", text) or "x")
            else:
                query[name] = value
        return url, query

    return make()


def test_every_endpoint_with_generated_parameters(client, leaky_magazine):
    from taggit.models import Tag

    from fireside.stories.models import SectionPage, StoryPage

    schema = client.get("/api/v1/openapi.json").json()
    check_clean(client.get("/api/v1/openapi.json"))
    known = {
        "ids": list(StoryPage.objects.values_list("pk", flat=True))
        + list(SectionPage.objects.values_list("pk", flat=True))
        + list(Tag.objects.values_list("pk", flat=True)),
        "slugs": list(StoryPage.objects.values_list("slug", flat=True))
        + list(Tag.objects.values_list("slug", flat=True))
        + ["hidden", "off-the-record", "walks", f"draft{SECRET}".lower()],
    }
    assert len(schema["paths"]) >= 9
    for path, item in schema["paths"].items():
        assert set(item) == {"get"}, f"{path}: the API is read-only"
        statuses = walk_endpoint(client, build_request(path, item["get"].get("parameters", []), known))
        assert 200 in statuses, f"{path} never answered 200 in the walk: {statuses}"


def walk_endpoint(client, requests: st.SearchStrategy) -> set[int]:
    """Send ``EXAMPLES_PER_ENDPOINT`` generated requests, checking each; return the statuses seen."""
    statuses: set[int] = set()

    @settings(
        max_examples=EXAMPLES_PER_ENDPOINT,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(requests)
    def walk(request):
        url, query = request
        response = client.get(url, query)
        check_clean(response)
        statuses.add(response.status_code)

    walk()
    return statuses


def test_every_endpoint_plainly_with_known_ids_and_slugs(client, leaky_magazine):
    """The deterministic half: every stored id and slug on every endpoint, including the private ones."""
    from taggit.models import Tag

    from fireside.stories.models import SectionPage, StoryPage

    urls = ["/api/v1/stories/", "/api/v1/sections/", "/api/v1/tags/", "/api/v1/stories/?limit=100"]
    for page in list(StoryPage.objects.all()) + list(SectionPage.objects.all()):
        urls += [f"/api/v1/stories/{page.pk}/", f"/api/v1/sections/{page.pk}/"]
        urls += [f"/api/v1/stories/slug/{page.slug}/", f"/api/v1/sections/slug/{page.slug}/"]
    for tag in Tag.objects.all():
        urls += [
            f"/api/v1/tags/{tag.pk}/",
            f"/api/v1/tags/slug/{tag.slug}/",
            f"/api/v1/stories/?tag={tag.slug}",
        ]
    urls += [f"/api/v1/stories/?q={SECRET}", "/api/v1/stories/?q=draft", "/api/v1/stories/?section=hidden"]
    for url in urls:
        check_clean(client.get(url))
    data = client.get("/api/v1/stories/").json()
    assert [item["headline"] for item in data["results"]] == ["Public night walk"]
    assert client.get("/api/v1/tags/").json()["count"] == 1
    assert [s["slug"] for s in client.get("/api/v1/sections/").json()["results"]] == ["off-the-record"]


def test_the_schema_itself_names_no_private_field(client):
    schema = client.get("/api/v1/openapi.json").json()
    properties = set()
    for component in schema["components"]["schemas"].values():
        properties |= set(component.get("properties", {}))
    assert not properties & FORBIDDEN_KEYS


@pytest.mark.parametrize("value", NEVER_SHOWN)
def test_the_check_catches_each_private_value(value):
    """The walk's assertion itself: any private value anywhere in a body fails it (case-insensitively)."""
    from django.http import JsonResponse

    with pytest.raises(AssertionError):
        check_clean(JsonResponse({"results": [{"headline": f"x {value.upper()} y"}]}))
    with pytest.raises(AssertionError):
        check_clean(JsonResponse({"results": [{"author_email": "someone@example.org"}]}))
