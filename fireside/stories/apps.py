from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "fireside.stories"
    label = "stories"
    verbose_name = "Stories"
