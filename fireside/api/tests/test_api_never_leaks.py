"""Walk every endpoint in /api/v1/openapi.json with generated parameters: never a 500, never a private thing.

The magazine below holds things that must never come out of the API, each marked with a secret word: a draft,
a live story's unpublished revision, a view-restricted story, a story under a view-restricted section, a tag
used only by a draft, and editor-only fields (owner's email, trending override, SEO fields, tree internals).
Hypothesis generates parameters from the OpenAPI description itself (valid slugs and ids mixed with junk), so
an endpoint added later is walked too.

Comments and submissions do not exist yet; once they do, this test should also create a comment with an email
and IP, a pending comment, and a submission, and assert none of them appears (see docs/discovery.md).
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
FORBIDDEN_KEYS = {
    "owner", "email", "ip", "ip_address", "draft_title", "has_unpublished_changes", "latest_revision",
    "locked", "locked_by", "trending_override", "comments_open", "seo_title", "search_description", "path",
    "depth", "url_path", "content_type", "live", "go_live_at", "expire_at", "password", "submission",
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
    return public


def check_clean(response) -> None:
    assert response.status_code in ALLOWED_STATUS, (response.status_code, response.content[:300])
    body = response.content.decode()
    assert SECRET.lower() not in body.lower()
    assert OWNER_EMAIL not in body
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
        return st.sampled_from(["walk", "night", SECRET, '"public night"']) | junk
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
    from fireside.stories.models import SectionPage, StoryPage

    schema = client.get("/api/v1/openapi.json").json()
    known = {
        "ids": list(StoryPage.objects.values_list("pk", flat=True))
        + list(SectionPage.objects.values_list("pk", flat=True)),
        "slugs": list(StoryPage.objects.values_list("slug", flat=True))
        + ["hidden", "off-the-record", "walks", f"draft{SECRET}".lower()],
    }
    requests = st.one_of(
        *[
            build_request(path, item["get"].get("parameters", []), known)
            for path, item in schema["paths"].items()
        ]
    )

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(requests)
    def walk(request):
        url, query = request
        check_clean(client.get(url, query))

    walk()


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
