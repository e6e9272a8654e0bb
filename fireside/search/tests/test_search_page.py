"""The /search/ page against the real search backend (SQLite FTS5 or PostgreSQL full-text)."""

import pytest

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    " ",
    "x" * 1000,
    "long " * 400,
    '"',
    '""',
    '"""',
    "'",
    "''",
    "AND",
    "OR NOT",
    "-",
    "*",
    "NEAR(a b)",
    "a:b",
    "^start",
    "!",
    "&|",
    "()",
    "harbour*",
    '"unclosed phrase',
    "日本語 ünïcödé 🔥",
    "\u200b\u200f\u202e",
    "bread\x00soup",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE wagtailcore_page; --",
    "1 OR 1=1",
]


@pytest.fixture
def stories(publish_story, make_section, warnings_by_slug):
    other = make_section(title="Kitchens", slug="kitchens", description="Food and families.")
    # Ranking needs a corpus: a word found in most documents carries almost no weight in BM25 or ts_rank.
    for number, subject in enumerate(["a bicycle", "my first job", "an old radio", "the attic", "a wedding"]):
        publish_story(title=f"On {subject}", standfirst=f"Notes {number}.", body=f"<p>About {subject}.</p>")
    return {
        "title": publish_story(
            title="The harbour at night",
            standfirst="A small boat and a long wait.",
            body="<p>We waited on the harbour wall until the harbour lights came.</p>",
            pen_name="Tern",
            tags=["sea"],
        ),
        "body": publish_story(
            title="Rope and tar",
            standfirst="My grandfather's workshop.",
            body="<p>He kept a picture of the harbour above the bench, and never said why.</p>",
            warnings=[warnings_by_slug["death-and-grief"]],
        ),
        "kitchen": publish_story(
            parent=other,
            title="Soup for the street",
            standfirst="Every winter we fed whoever knocked.",
            body="<p>The harbour workers came first, then the students.</p>",
            pen_name="Ladle",
            tags=["winter", "food"],
        ),
        "other_section": other,
    }


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def titles_in_order(html, *titles):
    positions = [html.find(title) for title in titles]
    assert all(p >= 0 for p in positions), positions
    return positions == sorted(positions)


def test_results_are_ranked_by_relevance(client, stories):
    html = search(client, q="harbour")
    assert "3 stories found" in html
    assert titles_in_order(html, "The <mark>harbour</mark> at night", "Rope and tar")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grandfather", "Rope and tar"),
        ("Tern", "at night"),
        ("winter", "Soup for the street"),
        ("food", "Soup"),
    ],
)
def test_standfirst_pen_name_and_tags_are_searched(client, stories, query, expected):
    html = search(client, q=query)
    assert "1 story found" in html
    assert expected in html


def test_snippets_highlight_the_words_and_escape_everything_else(client, publish_story):
    publish_story(
        title="<b>Bold</b> claims about lanterns",
        standfirst='A lantern, then "><img src=x onerror=alert(1)>',
        body="<p>The lantern <script>alert(1)</script> swung.</p>",
    )
    html = search(client, q="lantern")
    assert "&lt;b&gt;Bold&lt;/b&gt; claims about <mark>lanterns</mark>" in html
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "<mark>lantern</mark>" in html


def test_query_is_kept_in_the_box_escaped(client, stories):
    html = search(client, q='harbour "><b>')
    assert 'value="harbour &quot;&gt;&lt;b&gt;"' in html


def test_a_phrase_needs_the_words_together(client, stories):
    assert "1 story found" in search(client, q='"harbour workers"')
    assert "No stories found" in search(client, q='"workers harbour"')


def test_section_filter(client, stories):
    html = search(client, q="harbour", section="kitchens")
    assert "1 story found" in html and "Soup for the street" in html


def test_hide_stories_with_a_content_warning(client, stories):
    html = search(client, q="harbour", hide=["death-and-grief"])
    assert "2 stories found" in html
    assert "Rope and tar" not in html


def test_unknown_filters_show_an_error_not_a_crash(client, stories):
    html = search(client, q="harbour", section="nowhere", hide=["not-a-warning"])
    assert "Select a valid choice" in html
    assert 'value="harbour"' in html


def test_no_results_page_suggests_what_to_do(client, stories):
    html = search(client, q="zeppelin", section="kitchens")
    assert "No stories found for “zeppelin”" in html
    assert "Search again without filters" in html
    assert 'href="/kitchens/"' in html


def test_drafts_and_private_stories_are_never_found(client, stories, make_story, publish_story, restrict):
    make_story(title="Draft about the harbour", live=False)
    private = publish_story(title="Private harbour letters")
    restrict(private)
    html = search(client, q="harbour")
    assert "3 stories found" in html
    assert "Draft about" not in html and "Private harbour" not in html


def test_search_results_are_not_indexed_and_canonical_drops_tracking(client, stories):
    html = search(client, q="harbour", utm_source="news", fbclid="abc", gclid="x")
    assert '<meta name="robots" content="noindex, follow">' in html
    assert '<link rel="canonical" href="http://localhost/search/?q=harbour">' in html


def test_pagination_keeps_the_query_and_filters(client, publish_story):
    for number in range(12):
        publish_story(title=f"Lantern night {number}")
    first = search(client, q="lantern")
    assert "12 stories found" in first and "Page 1 of 2" in first
    assert 'href="?q=lantern&amp;page=2"' in first
    second = search(client, q="lantern", page="2")
    assert "Page 2 of 2" in second
    assert second.count('class="search-result"') == 2
    assert "Page 2 of 2" in search(client, q="lantern", page="999")
    assert "Page 1 of 2" in search(client, q="lantern", page="nonsense")


def test_hostile_and_odd_queries_never_fail(client, stories):
    for query in HOSTILE_QUERIES:
        for extra in ({}, {"page": "-1", "section": "kitchens", "hide": ["death-and-grief"]}):
            response = client.get("/search/", {"q": query, **extra})
            assert response.status_code == 200, query
            html = response.content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html, query


def test_an_over_long_query_is_refused_with_the_text_kept(client, stories):
    response = client.get("/search/", {"q": "y" * 5000})
    assert response.status_code == 200
    assert "Ensure this value has at most" in response.content.decode()


def test_search_is_rate_limited(client, stories, settings):
    from fireside.search import views

    for _ in range(views.SEARCHES_PER_MINUTE):
        assert client.get("/search/", {"q": "harbour"}).status_code == 200
    response = client.get("/search/", {"q": "harbour"})
    assert response.status_code == 429
    assert "Retry-After" in response


def test_post_is_refused(client):
    assert client.post("/search/", {"q": "x"}).status_code == 405


def test_query_count_does_not_grow_with_results(
    client, publish_story, warnings_by_slug, django_assert_max_num_queries
):
    grief = warnings_by_slug["death-and-grief"]
    publish_story(title="Lantern one", tags=["a"], warnings=[grief])
    client.get("/search/", {"q": "lantern"})  # warm-up: Wagtail caches the site's root paths
    with django_assert_max_num_queries(30) as small:
        client.get("/search/", {"q": "lantern"})
    small_count = len(small.captured_queries)  # read now: the next request clears the connection's log
    for number in range(9):
        publish_story(title=f"Lantern {number}", tags=["b", "c"], warnings=[grief])
    client.get("/search/", {"q": "lantern"})
    with django_assert_max_num_queries(small_count):
        html = client.get("/search/", {"q": "lantern"}).content.decode()
    assert "10 stories found" in html
