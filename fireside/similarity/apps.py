from django.apps import AppConfig


class SimilarityConfig(AppConfig):
    name = "fireside.similarity"
    label = "similarity"
    verbose_name = "Copied-story check"

    def ready(self) -> None:
        from fireside.similarity import signals  # noqa: F401 - connects the receivers
        from fireside.similarity.panels import SimilarityPanel
        from fireside.stories.models import StoryPage

        # The check sits at the end of the story editor's content tab. Added here rather than in
        # fireside/stories/models.py so the stories app need not import this one; Wagtail builds the edit
        # handler lazily (after every app's ready), so it sees the panel.
        if not any(isinstance(panel, SimilarityPanel) for panel in StoryPage.content_panels):
            StoryPage.content_panels = [
                *StoryPage.content_panels,
                SimilarityPanel(heading="Copied-story check"),
            ]
