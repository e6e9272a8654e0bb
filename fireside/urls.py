from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from fireside.stories import views as story_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tags/<str:slug>/", story_views.tag_page, name="tag"),
    # Each app's urls.py holds absolute paths; they all come before Wagtail's page router.
    path("", include("fireside.comments.urls")),
    path("", include("fireside.engagement.urls")),
    path("", include("fireside.submissions.urls")),
    path("", include("fireside.editorial.urls")),
    path("", include("fireside.search.urls")),
    path("", include("fireside.discovery.urls")),
    path("", include("fireside.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
