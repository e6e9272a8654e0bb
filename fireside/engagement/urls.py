"""URLs of the engagement app, included at the site root by fireside/urls.py (so each path here is absolute)."""

from django.urls import path

from fireside.engagement import views

urlpatterns = [
    path("engagement/view/", views.view_beacon, name="engagement-view"),
    path("engagement/view.gif", views.view_pixel, name="engagement-pixel"),
    path("share/<int:story_id>/<str:network>/", views.share_redirect, name="engagement-share"),
    path("share/card/<int:story_id>/<str:version>.png", views.story_card, name="engagement-card"),
]
