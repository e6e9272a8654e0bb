"""What the API returns: an explicit allow-list of public fields, and nothing else.

Every output is a pydantic schema built from a dict we assemble ourselves (see ``serializers.py``), so a field
added to a model later never leaks by accident: it has to be written here first.
"""

from datetime import datetime

from ninja import Schema


class SectionRef(Schema):
    id: int
    slug: str
    title: str


class TagRef(Schema):
    slug: str
    name: str


class WarningRef(Schema):
    slug: str
    label: str


class HeroImage(Schema):
    url: str
    width: int
    height: int
    alt: str


class StorySummary(Schema):
    id: int
    slug: str
    url: str
    headline: str
    standfirst: str
    byline: str
    section: SectionRef | None
    tags: list[TagRef]
    content_warnings: list[WarningRef]
    first_published_at: datetime | None
    last_published_at: datetime | None
    word_count: int
    reading_minutes: int


class StoryDetail(StorySummary):
    body_html: str
    hero_image: HeroImage | None


class Section(Schema):
    id: int
    slug: str
    url: str
    title: str
    description: str
    story_count: int


class Tag(Schema):
    id: int
    slug: str
    name: str
    url: str
    story_count: int


class Error(Schema):
    detail: str


class StoryList(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[StorySummary]


class SectionList(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[Section]


class TagList(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[Tag]
