"""Factories for the reading site's pages, used by tests here and in other apps."""

import factory
import wagtail_factories

from django.utils import timezone

from fireside.stories.models import HomePage, SectionPage, StoryPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Fireside"
    slug = factory.Sequence(lambda n: f"home-{n}")
    introduction = "True stories from readers."

    class Meta:
        model = HomePage


class SectionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")
    description = "Stories that belong together."

    class Meta:
        model = SectionPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"The summer everything changed, part {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "I thought I knew my family. Then a letter arrived that nobody was meant to read."
    body = "<p>It started with a letter in a drawer.</p><p>By the end of the week nothing was the same.</p>"
    pen_name = ""
    first_published_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = StoryPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def warnings(self, create, extracted, **kwargs):
        if extracted:
            self.content_warnings.set(extracted)
            if create:
                self.save()
