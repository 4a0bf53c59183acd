from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "backcare.outcomes"
    label = "outcomes"
    verbose_name = "Programme outcomes"
    default_auto_field = "django.db.models.BigAutoField"
