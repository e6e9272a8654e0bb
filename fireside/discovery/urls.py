"""URLs of the discovery app, included at the site root by fireside/urls.py (so each path here is absolute)."""

from django.urls import path

from fireside.discovery import feeds, views

urlpatterns = [
    path("feed/", feeds.StoryFeed(), name="feed"),
    path("feed/atom/", feeds.StoryAtomFeed(), name="feed_atom"),
    path("section/<slug:slug>/feed/", feeds.SectionFeed(), name="section_feed"),
    path("section/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("tags/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
