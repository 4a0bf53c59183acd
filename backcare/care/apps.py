from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "backcare.care"
    label = "care"
    verbose_name = "Care team"
    default_auto_field = "django.db.models.BigAutoField"
