from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from fireside.stories.models import ContentWarning


class ContentWarningViewSet(SnippetViewSet):
    model = ContentWarning
    icon = "warning"
    menu_label = "Content warnings"
    add_to_admin_menu = True
    list_display = ["label", "slug", "description"]
    search_fields = ["label", "description"]


register_snippet(ContentWarningViewSet)
