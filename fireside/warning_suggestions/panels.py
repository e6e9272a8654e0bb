"""The "Suggested content warnings" panel in the story editor.

The page editor is one big <form>, so this panel holds no form of its own: its buttons are type="button" and a
small static script (panel.js) posts each decision to an admin endpoint, then ticks the warning's checkbox in the
open form. The editor's unsaved changes stay where they are and the tick goes into their next save. Without
JavaScript the buttons stay hidden and a link leads to a page with real forms.
"""

from django.urls import reverse

from wagtail.admin.panels import Panel


class WarningSuggestionsPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Suggested content warnings")
        kwargs.setdefault(
            "help_text",
            "Read from the last saved draft. Accepting ticks the warning above; save the draft to keep it.",
        )
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "warning_suggestions"

    class BoundPanel(Panel.BoundPanel):
        template_name = "warning_suggestions/panel.html"

        class Media:
            js = ["warning_suggestions/panel.js"]
            css = {"all": ["warning_suggestions/panel.css"]}

        def is_shown(self):
            # A page being created has no saved text to read yet.
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from fireside.warning_suggestions.selectors import story_suggestions

            context = super().get_context_data(parent_context)
            page = self.instance
            ticked = None
            if self.request.method != "GET":
                # A save refused for errors: the instance holds the unsaved form, but suggestions (and the text
                # version a decision refers to) are always those of the saved draft; ticks are the form's.
                ticked = {warning.pk for warning in page.content_warnings.all()}
                page = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
            found = story_suggestions(page=page, user=self.request.user, ticked_ids=ticked)
            context.update(
                found=found,
                decide_url=reverse("warning_suggestions:decide", args=[self.instance.pk]),
                fallback_url=reverse("warning_suggestions:story", args=[self.instance.pk]),
            )
            return context
