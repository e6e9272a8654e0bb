from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fireside.api"
    label = "content_api"
