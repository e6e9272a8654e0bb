from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "fireside.submissions"
    label = "submissions"
