from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "fireside.engagement"
    label = "engagement"
