"""'Delete all my data': every row the person owns goes; the account and its login stay."""

from __future__ import annotations

from django.db import transaction

from backcare.accounts.models import User, record_data_change
from backcare.exchange.tables import PERSONAL_PROFILE_FIELDS, TABLES


def delete_all_data(user: User) -> dict[str, int]:
    """Delete every owned row (children first) and the personal profile fields.

    Returns how many rows went from each table, for the confirmation message.
    """
    deleted: dict[str, int] = {}
    with transaction.atomic():
        for found in reversed(TABLES):
            count, _ = found.rows(user.pk).delete()
            deleted[found.name] = count
        for name in PERSONAL_PROFILE_FIELDS:
            setattr(user, name, None if name == "year_of_birth" else "")
        user.save(update_fields=list(PERSONAL_PROFILE_FIELDS))
        record_data_change(user.pk)
    return deleted
