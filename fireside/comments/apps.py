from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "fireside.comments"
    label = "comments"
