from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DiaryConfig(AppConfig):
    name = "backcare.diary"
    label = "diary"

    def ready(self) -> None:
        post_migrate.connect(_define_replacement, sender=self)


def _define_replacement(using: str, **kwargs: Any) -> None:
    """After the diary's tables are made or changed, the check-in replacement function
    (backcare/diary/slot_write.py) is made to match them, on PostgreSQL."""
    from django.db import connections

    from backcare.diary import slot_write

    if connections[using].vendor == "postgresql":
        slot_write.define_replacement(using)
