"""Admin: the "Trending now" menu item and views, and a "Stats" button on every story's header."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import HeaderButton

from fireside.engagement import admin_urls


@hooks.register("register_admin_urls")
def register_engagement_urls():
    return [path("engagement/", include(admin_urls, namespace="engagement_admin"))]


@hooks.register("register_admin_menu_item")
def register_trending_menu_item():
    return MenuItem("Trending now", reverse("engagement_admin:trending"), icon_name="pick", order=260)


@hooks.register("register_page_header_buttons")
def story_stats_header_button(page, user, view_name, next_url=None):
    if page.specific_class is None or page.specific_class._meta.label != "stories.StoryPage":
        return
    yield HeaderButton(
        "Stats", reverse("engagement_admin:story_stats", args=[page.pk]), icon_name="pick", priority=6
    )
