"""The sitemap (a single file, or an index of numbered files on a large site) and robots.txt."""

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from fireside.discovery.canonical import site_root_url
from fireside.discovery.sitemaps import PageSitemap, TagSitemap


def _sitemaps(request: HttpRequest) -> dict:
    return {"pages": PageSitemap(request), "tags": TagSitemap(request)}


@require_GET
@cache_control(public=True, max_age=300)
def sitemap(request: HttpRequest) -> HttpResponse:
    """All URLs in one file while they fit in one (``FIRESIDE_SITEMAP_LIMIT``), else a sitemap index.

    Django's own index view builds its links from the request's Host header and finds each section's
    ``lastmod`` by loading every item; ours uses the Wagtail site's host, like every URL in the sitemaps,
    and one aggregate query per file.
    """
    sitemaps = _sitemaps(request)
    limit = next(iter(sitemaps.values())).limit
    if sum(each.paginator.count for each in sitemaps.values()) <= limit:
        return django_sitemap(request, sitemaps, template_name="discovery/sitemap.xml")
    root = site_root_url(request)
    files = []
    for name, each in sitemaps.items():
        location = root + reverse("sitemap_section", kwargs={"section": name})
        for number in each.paginator.page_range if each.paginator.count else ():
            files.append(
                {
                    "location": location if number == 1 else f"{location}?p={number}",
                    "lastmod": each.page_lastmod(number),
                }
            )
    return render(request, "discovery/sitemap_index.xml", {"files": files}, content_type="application/xml")


@require_GET
@cache_control(public=True, max_age=300)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One numbered file of the sitemap index: ``/sitemap-pages.xml?p=2``. Unknown section or page: 404."""
    return django_sitemap(request, _sitemaps(request), section=section, template_name="discovery/sitemap.xml")


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    root = site_root_url(request)
    lines = [
        "User-agent: *",
        # The admin is behind a login anyway; saying so keeps crawlers from knocking.
        "Disallow: /admin/",
        # Search results carry noindex; crawlers must be allowed to fetch them to see it, so /search/ stays open.
        "",
        f"Sitemap: {root}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
