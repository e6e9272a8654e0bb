"""The copied-story check as a panel of the story editor: the stored result, read in one query."""

from wagtail.admin.panels import Panel

from fireside.similarity.selectors import story_similarity_check


class SimilarityPanel(Panel):
    """Shows whether the story looks like a copy of another in the archive (nothing for an unsaved story)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "similarity/panel.html"

        def is_shown(self):
            return bool(getattr(self.instance, "pk", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(check=story_similarity_check(story_id=self.instance.pk), story_id=self.instance.pk)
            return context
