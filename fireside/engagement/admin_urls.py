from django.urls import path

from fireside.engagement import admin_views

app_name = "engagement_admin"
urlpatterns = [
    path("", admin_views.TrendingNowView.as_view(), name="trending"),
    path("stories/<int:story_id>/", admin_views.StoryStatsView.as_view(), name="story_stats"),
]
