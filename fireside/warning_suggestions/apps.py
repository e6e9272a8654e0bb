from django.apps import AppConfig


class WarningSuggestionsConfig(AppConfig):
    name = "fireside.warning_suggestions"
    label = "warning_suggestions"
    verbose_name = "Content-warning suggestions"
    default_auto_field = "django.db.models.BigAutoField"
