"""The sitemap and robots.txt."""

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from fireside.discovery.canonical import site_root_url
from fireside.discovery.sitemaps import PageSitemap, TagSitemap


@require_GET
@cache_control(public=True, max_age=300)
def sitemap(request: HttpRequest) -> HttpResponse:
    sitemaps = {"pages": PageSitemap(request), "tags": TagSitemap(request)}
    return django_sitemap(request, sitemaps, template_name="discovery/sitemap.xml")


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
