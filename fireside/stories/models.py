"""Page types of the reading site: HomePage -> SectionPage -> StoryPage, and the content-warning snippet."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from fireside.stories.reading import count_words, html_to_text, reading_minutes
from fireside.warning_suggestions.panels import WarningSuggestionsPanel

STORIES_PER_PAGE = 20

# What the story body may contain: paragraphs are always allowed; nothing that could carry layout or script.
BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "blockquote"]


class ContentWarning(models.Model):
    """A content warning a story can carry. Seeded from ``fireside.core.content_warnings``; editors add more."""

    slug = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("label"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class HomePage(Page):
    introduction = models.CharField(
        max_length=250, blank=True, help_text="One line under the site name, e.g. what the magazine is for."
    )
    lead_story = models.ForeignKey(
        "stories.StoryPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown first on the home page. Leave empty to lead with the newest story.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), PageChooserPanel("lead_story")]

    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["stories.SectionPage"]
    max_count = 1

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from fireside.stories.selectors import home_page_listing, reader_scope

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_listing(home=self, scope=reader_scope(request)))
        return context


class SectionPage(Page):
    description = models.TextField(
        max_length=600, help_text="A sentence or two that says what this section holds."
    )

    content_panels = Page.content_panels + [FieldPanel("description")]
    search_fields = Page.search_fields + [index.SearchField("description")]

    template = "pages/section_page.html"
    parent_page_types = ["stories.HomePage"]
    subpage_types = ["stories.StoryPage"]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from fireside.stories.selectors import reader_scope, section_stories

        context = super().get_context(request, *args, **kwargs)
        context["stories"] = paginate(section_stories(self, scope=reader_scope(request)), request)
        return context


def paginate(queryset: models.QuerySet, request: HttpRequest) -> PaginatorPage:
    """One page of ``queryset``; a missing, malformed or out-of-range ``?page=`` gives the first or last page."""
    return Paginator(queryset, STORIES_PER_PAGE).get_page(request.GET.get("page"))


class StoryTag(TaggedItemBase):
    content_object = ParentalKey("stories.StoryPage", related_name="tagged_items", on_delete=models.CASCADE)


class StoryPageQuerySet(PageQuerySet):
    def newest_first(self) -> "StoryPageQuerySet":
        return self.order_by("-first_published_at", "-pk")

    def in_section(self, section: Page) -> "StoryPageQuerySet":
        return self.child_of(section)

    def for_listing(self) -> "StoryPageQuerySet":
        """What a story card needs, in a fixed number of queries however many cards there are."""
        return self.select_related("hero_image").prefetch_related("content_warnings").defer("body")


StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


class StoryPage(Page):
    standfirst = models.TextField(
        max_length=600, help_text="The one-paragraph summary shown under the headline and on story cards."
    )
    body = RichTextField(features=BODY_FEATURES)
    pen_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="The name the story is published under. Leave blank for Anonymous.",
    )
    content_warnings = ParentalManyToManyField(ContentWarning, blank=True, related_name="stories")
    tags = ClusterTaggableManager(through=StoryTag, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it. Required when an image is set.",
    )
    # Stored so listings can show reading time without loading every body.
    word_count = models.PositiveIntegerField(default=0, editable=False)
    comments_open = models.BooleanField(
        default=True, help_text="Untick to close this story to new comments. Existing comments stay visible."
    )
    trending_override = models.CharField(
        max_length=10,
        blank=True,
        choices=[
            ("", "Rank by readers' activity"),
            ("pin", "Pin to Now Trending"),
            ("exclude", "Never show"),
        ],
        help_text="Editors can pin a story to Now Trending or keep it off the list.",
    )

    objects = StoryPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        FieldPanel("pen_name"),
        FieldPanel("body"),
        FieldPanel("content_warnings", widget=forms.CheckboxSelectMultiple),
        WarningSuggestionsPanel(),
        FieldPanel("tags"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading="Hero image"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_open"), FieldPanel("trending_override")]

    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("pen_name"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    template = "pages/story_page.html"
    parent_page_types = ["stories.SectionPage"]
    subpage_types: list[str] = []

    @property
    def byline(self) -> str:
        return self.pen_name.strip() or "Anonymous"

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count)

    def clean(self) -> None:
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError({"hero_image_alt": "Add alt text that describes the image."})

    def save(self, *args, **kwargs):
        # Derived data only; side effects (notifications, counts) belong in services.
        self.word_count = count_words(html_to_text(self.body))
        return super().save(*args, **kwargs)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from fireside.stories.selectors import reader_scope, story_page_extras

        context = super().get_context(request, *args, **kwargs)
        context.update(story_page_extras(story=self, scope=reader_scope(request)))
        return context
