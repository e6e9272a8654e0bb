from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fireside.core"
    label = "core"
