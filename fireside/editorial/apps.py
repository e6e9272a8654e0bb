from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "fireside.editorial"
    label = "editorial"
