from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


def _before_account_deletion(sender: Any, instance: Any, **kwargs: Any) -> None:
    from backcare.care.linking import end_links_of

    if instance.is_clinician:
        end_links_of(instance)


class CareConfig(AppConfig):
    name = "backcare.care"
    label = "care"
    verbose_name = "Care team"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # However an account is deleted (its own page, the admin, a script), its patients
        # keep their conversations.
        pre_delete.connect(_before_account_deletion, sender=settings.AUTH_USER_MODEL)
