from django.urls import path

from fireside.similarity.views import CompareView

app_name = "similarity"
urlpatterns = [path("compare/<int:story_id>/<int:other_id>/", CompareView.as_view(), name="compare")]
