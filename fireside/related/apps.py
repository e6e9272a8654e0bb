from django.apps import AppConfig


class RelatedConfig(AppConfig):
    name = "fireside.related"
    label = "related"
    verbose_name = "Related stories"

    def ready(self) -> None:
        from fireside.related import signals

        signals.connect()
