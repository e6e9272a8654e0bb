"""The content API: filters, detail lookups, cache headers, query counts, and what it must never show."""

from datetime import timedelta

import pytest

from django.utils import timezone
from django.utils.http import http_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def magazine(publish_story, make_section, warnings_by_slug):
    work = make_section(title="Work", slug="work", description="Jobs.")
    old = timezone.now() - timedelta(days=30)
    stories = {
        "owl": publish_story(
            title="The night shift", pen_name="Owl", tags=["nights"], first_published_at=old
        ),
        "boss": publish_story(
            parent=work,
            title="My first boss",
            tags=["nights", "jobs"],
            warnings=[warnings_by_slug["addiction"]],
        ),
        "plain": publish_story(title="Bread on Sundays", standfirst="The smell of the oven."),
    }
    stories["work"] = work
    return stories


def get_json(client, url, params=None, status=200, **headers):
    response = client.get(url, params or {}, **headers)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def headlines(data):
    return [item["headline"] for item in data["results"]]


def test_list_is_newest_first_with_sections_tags_and_warnings(client, magazine):
    data = get_json(client, "/api/v1/stories/")
    assert data["count"] == 3
    assert headlines(data) == ["Bread on Sundays", "My first boss", "The night shift"]
    boss = data["results"][1]
    assert boss["section"] == {"id": magazine["work"].pk, "slug": "work", "title": "Work"}
    assert boss["tags"] == [{"slug": "jobs", "name": "jobs"}, {"slug": "nights", "name": "nights"}]
    assert boss["content_warnings"][0]["slug"] == "addiction"
    assert boss["url"] == f"http://localhost/work/{magazine['boss'].slug}/"
    assert "body_html" not in boss


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"section": "work"}, ["My first boss"]),
        ({"section": "nowhere"}, []),
        ({"tag": "nights"}, ["My first boss", "The night shift"]),
        ({"pen_name": "owl"}, ["The night shift"]),
        ({"hide_warning": ["addiction"]}, ["Bread on Sundays", "The night shift"]),
        ({"q": "oven"}, ["Bread on Sundays"]),
        ({"q": '"""'}, ["Bread on Sundays", "My first boss", "The night shift"]),
        ({"order": "oldest", "limit": 1}, ["The night shift"]),
    ],
)
def test_filters(client, magazine, params, expected):
    assert headlines(get_json(client, "/api/v1/stories/", params)) == expected


def test_date_filters_accept_naive_and_aware_datetimes(client, magazine):
    cutoff = (timezone.now() - timedelta(days=7)).replace(tzinfo=None).isoformat()
    assert len(get_json(client, "/api/v1/stories/", {"published_after": cutoff})["results"]) == 2
    assert headlines(get_json(client, "/api/v1/stories/", {"published_before": cutoff + "+00:00"})) == [
        "The night shift"
    ]


def test_pagination_links(client, magazine):
    first = get_json(client, "/api/v1/stories/", {"limit": 2})
    assert len(first["results"]) == 2 and first["previous"] is None
    second = get_json(client, first["next"].removeprefix("http://localhost"))
    assert headlines(second) == ["The night shift"] and second["next"] is None
    assert second["previous"].endswith("limit=2&offset=0")


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"order": "random"}])
def test_bad_parameters_are_422(client, magazine, params):
    get_json(client, "/api/v1/stories/", params, status=422)


def test_detail_by_id_and_slug(client, magazine):
    story = magazine["owl"]
    by_id = get_json(client, f"/api/v1/stories/{story.pk}/")
    assert by_id["headline"] == "The night shift" and by_id["body_html"].startswith("<p>")
    assert get_json(client, f"/api/v1/stories/slug/{story.slug}/") == by_id
    assert get_json(client, f"/api/v1/stories/slug/{story.slug}/", {"section": "off-the-record"}) == by_id
    get_json(client, f"/api/v1/stories/slug/{story.slug}/", {"section": "work"}, status=404)


def test_a_slug_shared_by_two_sections_asks_for_the_section(client, magazine, make_story):
    make_story(parent=magazine["work"], slug=magazine["owl"].slug, title="Same slug")
    get_json(client, f"/api/v1/stories/slug/{magazine['owl'].slug}/", status=409)
    data = get_json(client, f"/api/v1/stories/slug/{magazine['owl'].slug}/", {"section": "work"})
    assert data["headline"] == "Same slug"


def test_sections_and_tags(client, magazine):
    sections = get_json(client, "/api/v1/sections/")["results"]
    assert [(s["slug"], s["story_count"]) for s in sections] == [("off-the-record", 2), ("work", 1)]
    assert get_json(client, f"/api/v1/sections/{magazine['work'].pk}/")["title"] == "Work"
    assert get_json(client, "/api/v1/sections/slug/work/")["url"] == "http://localhost/work/"
    tags = get_json(client, "/api/v1/tags/")["results"]
    assert [(t["slug"], t["story_count"]) for t in tags] == [("jobs", 1), ("nights", 2)]
    assert get_json(client, "/api/v1/tags/slug/nights/")["url"] == "http://localhost/tags/nights/"
    get_json(client, "/api/v1/tags/slug/unknown/", status=404)
    get_json(client, "/api/v1/sections/999999/", status=404)


def test_cache_headers_and_conditional_requests(client, magazine):
    response = client.get("/api/v1/stories/")
    assert response["Cache-Control"] == "public, max-age=60"
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")
    assert client.get("/api/v1/stories/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/stories/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date((timezone.now() - timedelta(days=400)).timestamp())
    assert client.get("/api/v1/stories/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    story = magazine["owl"]
    detail = client.get(f"/api/v1/stories/{story.pk}/")
    story.title = "The night shift, revised"
    story.save_revision().publish()
    assert client.get(f"/api/v1/stories/{story.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 200


def test_openapi_describes_every_endpoint(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/stories/",
        "/api/v1/stories/{id}/",
        "/api/v1/stories/slug/{slug}/",
        "/api/v1/sections/",
        "/api/v1/sections/{id}/",
        "/api/v1/sections/slug/{slug}/",
        "/api/v1/tags/",
        "/api/v1/tags/{id}/",
        "/api/v1/tags/slug/{slug}/",
    }
    assert all(set(item) == {"get"} for item in schema["paths"].values())  # read-only


def test_interactive_docs_are_not_served(client):
    assert client.get("/api/v1/docs", follow=True).status_code == 404


def test_writes_are_refused(client, magazine):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/api/v1/stories/").status_code == 405


@pytest.mark.parametrize("url", ["/api/v1/stories/", "/api/v1/sections/", "/api/v1/tags/"])
def test_list_queries_do_not_grow(client, publish_story, make_section, url, django_assert_max_num_queries):
    publish_story(title="One", tags=["a"])
    client.get(url)
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    small_count = len(small.captured_queries)
    for number in range(8):
        section = make_section()
        publish_story(parent=section, title=f"More {number}", tags=[f"t{number}", "shared"])
    client.get(url)
    with django_assert_max_num_queries(small_count):
        data = client.get(url).json()
    assert data["count"] > 1
