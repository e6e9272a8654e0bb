"""The sitemap: Wagtail's page sitemap (live, public pages) plus one entry for each tag with public stories.

Each sitemap file holds at most ``FIRESIDE_SITEMAP_LIMIT`` URLs (sitemaps.org allows 50,000); past that the
views serve a sitemap index pointing at numbered files (see views.py).
"""

from datetime import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from fireside.discovery.canonical import site_root_url
from fireside.discovery.selectors import public_tags
from fireside.stories.selectors import reader_scope


class LimitFromSettings:
    """``limit`` (URLs per sitemap file) read when used, so tests can lower it with ``override_settings``."""

    @property
    def limit(self) -> int:
        return settings.FIRESIDE_SITEMAP_LIMIT


class PageSitemap(LimitFromSettings, WagtailSitemap):
    """Every live page outside a view restriction, with ``lastmod`` from its last publication.

    Wagtail's own ``items`` loads each page's specific model; only the tree columns are needed for a URL and
    ``lastmod``, so the generic page rows are used instead (a fixed number of queries however large the site).
    """

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only(
                "id",
                "path",
                "depth",
                "url_path",
                "first_published_at",
                "last_published_at",
                "latest_revision_created_at",
            )
        )

    def lastmod(self, obj):
        return obj.last_published_at or obj.latest_revision_created_at or obj.first_published_at

    def page_lastmod(self, number: int) -> datetime | None:
        """The newest ``lastmod`` in one sitemap file, in one query (for the sitemap index)."""
        start = (number - 1) * self.limit
        newest = Coalesce("last_published_at", "latest_revision_created_at", "first_published_at")
        return self.items()[start : start + self.limit].aggregate(newest=Max(newest))["newest"]

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            urls.append({"item": item, "location": self.location(item), "lastmod": self.lastmod(item)})
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class TagSitemap(LimitFromSettings, DjangoSitemap):
    """Tag pages (``/tags/<slug>/``) of tags carried by at least one public story."""

    def __init__(self, request):
        self.request = request

    def items(self):
        return public_tags(scope=reader_scope(self.request))

    def location(self, tag):
        return reverse("tag", args=[tag.slug])

    def lastmod(self, tag):
        return tag.lastmod

    def page_lastmod(self, number: int) -> datetime | None:
        lastmods = [tag.lastmod for tag in self.paginator.page(number).object_list if tag.lastmod]
        return max(lastmods, default=None)

    def get_urls(self, page=1, site=None, protocol=None):
        # Django prefixes locations with its own domain; ours come from the Wagtail site, like the page URLs.
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        root = site_root_url(self.request)
        for url in urls:
            url["location"] = root + self.location(url["item"])
        return urls
