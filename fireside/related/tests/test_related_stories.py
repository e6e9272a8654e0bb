"""Stored "More stories like this": computed on publish, kept out of reach of private and unpublished stories."""

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from fireside.related.models import RelatedStory, StoryProfile
from fireside.related.services import related_refresh
from fireside.related.tests.conftest import KIDNEY_A, KIDNEY_B, KIDNEY_C, SWIMMING, WEDDING

pytestmark = pytest.mark.django_db


def listed(story):
    return list(
        RelatedStory.objects.filter(story=story).order_by("rank").values_list("related__title", flat=True)
    )


def related_section(html):
    if 'id="related-heading"' not in html:
        return ""
    start = html.index('id="related-heading"')
    return html[start : html.index("</section>", start)]


def test_publishing_ranks_the_story_and_joins_earlier_stories_lists(publish):
    kidney_a = publish(*KIDNEY_A, tags=["health"])
    swimming = publish(*SWIMMING, tags=["courage"])
    wedding = publish(*WEDDING, tags=["weddings"])
    assert listed(kidney_a) == []  # nothing alike yet: an empty list, not filler

    kidney_b = publish(*KIDNEY_B, tags=["health"])
    assert listed(kidney_b)[0] == KIDNEY_A[0]
    assert listed(kidney_a) == [KIDNEY_B[0]]  # the earlier story picked up the new one
    assert KIDNEY_A[0] not in listed(swimming) and KIDNEY_A[0] not in listed(wedding)

    row = RelatedStory.objects.get(story=kidney_a, related=kidney_b)
    assert row.rank == 1 and 0 < row.score <= 1
    assert any(reason.startswith("premise: ") and "kidney" in reason for reason in row.reasons)
    assert "tags: health" in row.reasons
    assert StoryProfile.objects.count() == 4


def test_republishing_with_new_content_moves_the_story_between_lists(publish):
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    swimming = publish(*SWIMMING)
    assert listed(kidney_a) == [KIDNEY_B[0]]

    kidney_b.title, kidney_b.standfirst = "Learning to swim in the sea at seventy", "Lessons in a cold pool."
    kidney_b.body = "<p>My granddaughter taught me to swim, and I learned not to fear the water.</p>"
    kidney_b.save_revision().publish()
    assert listed(kidney_a) == []
    assert listed(swimming) == ["Learning to swim in the sea at seventy"]


def test_a_story_and_its_copies_are_never_related_to_it(publish):
    original = publish(*KIDNEY_A)
    copy = publish(*KIDNEY_A)  # the same story published twice by mistake
    other = publish(*KIDNEY_B)
    assert listed(original) == [KIDNEY_B[0]]
    assert listed(copy) == [KIDNEY_B[0]]
    assert not RelatedStory.objects.filter(story=other, related=other).exists()


def test_unpublishing_removes_the_story_from_every_list(publish):
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    kidney_c = publish(*KIDNEY_C)
    assert set(listed(kidney_a)) == {KIDNEY_B[0], KIDNEY_C[0]}

    kidney_b.unpublish()
    assert listed(kidney_a) == [KIDNEY_C[0]]
    assert listed(kidney_c) == [KIDNEY_A[0]]
    assert listed(kidney_b) == []
    assert not StoryProfile.objects.filter(story_id=kidney_b.pk).exists()


def test_deleting_a_story_removes_it_and_tops_up_other_lists(publish):
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    publish(*KIDNEY_C)
    kidney_b.delete()
    assert listed(kidney_a) == [KIDNEY_C[0]]
    assert not RelatedStory.objects.filter(related_id=kidney_b.pk).exists()


def test_private_stories_are_never_listed_or_shown(client, publish, restrict):
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    kidney_c = publish(*KIDNEY_C)
    restrict(kidney_b)  # signal path: taken out of the stored lists at once
    assert KIDNEY_B[0] not in listed(kidney_a)
    assert listed(kidney_b)  # a private story may still list public ones for readers who have its password
    section = related_section(client.get(kidney_a.url).content.decode())
    assert KIDNEY_C[0] in section and KIDNEY_B[0] not in section

    # Lifting the restriction brings the story back into the lists.
    PageViewRestriction.objects.get(page=kidney_b).delete()
    assert KIDNEY_B[0] in listed(kidney_a)
    restrict(kidney_b)

    # Read path: a restriction added without signals (a bulk import) still hides the story at once.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=kidney_c, restriction_type="password", password="x")]  # noqa: S106
    )
    assert KIDNEY_C[0] in listed(kidney_a)
    assert related_section(client.get(kidney_a.url).content.decode()) == ""

    # A story published later is never ranked next to a private one.
    publish(*KIDNEY_A[:2], "A different opening about a kidney transplant from a stranger.")
    assert not RelatedStory.objects.filter(related_id__in=[kidney_b.pk]).exists()


def test_unpublished_story_is_hidden_even_if_a_stored_row_remains(client, publish):
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    type(kidney_b).objects.filter(pk=kidney_b.pk).update(live=False)  # no signal
    assert related_section(client.get(kidney_a.url).content.decode()) == ""


def test_story_page_shows_related_cards_with_section_and_link(client, publish, make_section):
    elsewhere = make_section(title="Family", slug="family")
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B, parent=elsewhere)
    publish(*SWIMMING)
    section = related_section(client.get(kidney_a.url).content.decode())
    assert "More stories like this" in section
    assert f'href="{kidney_b.url}"' in section
    assert "Family" in section  # the card's section label
    assert "running out of time on the transplant waiting list" in section
    assert SWIMMING[0] not in section
    assert KIDNEY_A[0] not in section


def test_nothing_is_shown_when_nothing_is_related(client, publish):
    swimming = publish(*SWIMMING)
    publish(*WEDDING)
    html = client.get(swimming.url).content.decode()
    assert "More stories like this" not in html


def count_queries(client, url):
    client.get(url)  # warm-up: Wagtail caches the site's root paths
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_related_block_runs_a_fixed_number_of_queries(
    client, publish, make_section, django_assert_max_num_queries
):
    first = publish(*KIDNEY_A)
    publish(*KIDNEY_B)
    small = count_queries(client, first.url)

    sections = [make_section(title=f"Section {n}", slug=f"section-x{n}") for n in range(3)]
    for n in range(12):
        publish(
            f"{KIDNEY_C[0]} ({n})",
            KIDNEY_C[1],
            KIDNEY_C[2] + f"\n\nThe hospital was in town number {n}.",
            tags=["health", f"tag-{n}"],
            parent=sections[n % 3],
        )
    assert len(listed(first)) >= 5
    client.get(first.url)
    with django_assert_max_num_queries(small):
        html = client.get(first.url).content.decode()
    assert related_section(html).count('class="card"') == 5


def test_rebuild_command_recomputes_every_list(publish):
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    swimming = publish(*SWIMMING)
    expected = {s.pk: listed(s) for s in (kidney_a, kidney_b, swimming)}
    RelatedStory.objects.all().delete()
    StoryProfile.objects.all().delete()
    # A stale row for an unpublished story must go too.
    kidney_b.unpublish()
    RelatedStory.objects.create(story=kidney_a, related=kidney_b, rank=1, score=0.5)

    from io import StringIO

    out = StringIO()
    call_command("rebuild_related_stories", stdout=out)
    assert "Rebuilt related stories for 2 stories" in out.getvalue()
    assert "related stories: 4/4 steps" in out.getvalue()
    assert listed(kidney_a) == [] and listed(swimming) == []
    assert StoryProfile.objects.count() == 2

    kidney_b.save_revision().publish()
    RelatedStory.objects.all().delete()
    call_command("rebuild_related_stories", stdout=StringIO())
    assert {s.pk: listed(s) for s in (kidney_a, kidney_b, swimming)} == expected


def test_a_failure_while_ranking_never_stops_publishing(publish, monkeypatch):
    import logging

    import fireside.related.services as services

    def broken(**kwargs):
        raise RuntimeError("boom")

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("fireside.related.signals")
    logger.addHandler(handler)
    monkeypatch.setattr(services, "related_refresh", broken)
    try:
        story = publish(*KIDNEY_A)
    finally:
        logger.removeHandler(handler)
    assert story.live
    assert any("rebuild_related_stories" in record.getMessage() for record in records)


def test_refresh_of_a_draft_only_story_removes_it(publish):
    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    type(kidney_b).objects.filter(pk=kidney_b.pk).update(live=False)
    kidney_b.refresh_from_db()
    assert related_refresh(story=kidney_b) == []
    assert listed(kidney_a) == []


def test_demo_content_gets_sensible_related_stories(db):
    from fireside.stories.demo import load_demo_content
    from fireside.stories.models import StoryPage

    load_demo_content()
    stories = {s.slug: s for s in StoryPage.objects.live()}
    assert len(stories) == 15
    counts = [RelatedStory.objects.filter(story=s).count() for s in stories.values()]
    # A small magazine on many themes: a weakly related story still gets two, most get four or five.
    assert min(counts) >= 2 and sorted(counts)[len(counts) // 2] >= 4, counts
    for a, b in [
        ("the-text-that-ended-my-engagement", "i-called-off-my-wedding-nine-days-before"),
        ("my-father-turned-up-at-my-graduation", "a-birthday-dna-kit-gave-me-a-brother"),
    ]:
        top = list(
            RelatedStory.objects.filter(story=stories[a], rank__lte=5).values_list("related__slug", flat=True)
        )
        assert b in top, (a, top)


def test_the_persisted_vocabulary_follows_publishes_and_matches_a_recount(publish):
    from fireside.related.models import ArchiveVocabulary
    from fireside.related.services import _vocabulary_recount

    kidney_a = publish(*KIDNEY_A)
    kidney_b = publish(*KIDNEY_B)
    swimming = publish(*SWIMMING)
    kidney_b.title = "A kidney, a stranger and a second chance"
    kidney_b.save_revision().publish()
    swimming.unpublish()
    kept = ArchiveVocabulary.objects.get()
    assert kept.n_docs == 2
    assert kept.df["kidney"] == 2 and "swim" not in kept.df and "chance" in kept.df
    recounted = _vocabulary_recount()
    assert (recounted.n_docs, recounted.df) == (kept.n_docs, kept.df)
    kidney_a.delete()
    assert ArchiveVocabulary.objects.get().n_docs == 1
