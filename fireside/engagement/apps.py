from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "fireside.engagement"
    label = "engagement"
    verbose_name = "Engagement"

    def ready(self) -> None:
        from fireside.engagement import signals

        signals.connect()
