"""'Delete all my data': every row the person owns goes; the account and its login stay."""

from __future__ import annotations

from backcare.accounts.models import User, lock_person, record_data_change
from backcare.care import linking
from backcare.care.models import CareLink
from backcare.exchange.restore_preview import forget_loaded
from backcare.exchange.tables import PERSONAL_PROFILE_FIELDS, TABLES
from backcare.progress.import_jobs import cancel_imports_of
from backcare.reminders.models import PushSubscription
from backcare.sqlite_writers.erasing import erasing


def delete_all_data(user: User) -> dict[str, int]:
    """Delete every owned row (children first) and the personal profile fields; stop sharing
    with every clinician; cancel imports; forget the devices that get notifications and what
    loading a file said.

    Returns how many rows went from each table, for the confirmation message.
    """
    deleted: dict[str, int] = {}
    with erasing():
        lock_person(user.pk)  # first, as every write to the person's rows does
        # Before any data: an import running now then either finds its job gone and stores
        # nothing, or finishes first and what it stored is deleted below.
        cancel_imports_of(user)
        stop_sharing(user)
        for found in reversed(TABLES):
            count, _ = found.rows(user.pk).delete()
            deleted[found.name] = count
        # Push endpoints identify the person's devices; reminders and messages are gone.
        PushSubscription.objects.filter(user=user).delete()
        for name in PERSONAL_PROFILE_FIELDS:
            setattr(user, name, None if name == "year_of_birth" else "")
        user.save(update_fields=list(PERSONAL_PROFILE_FIELDS))
        record_data_change(user.pk)
    forget_loaded(user.pk)
    return deleted


def stop_sharing(patient: User) -> None:
    """End each of the person's care links as their own "stop sharing" does, so clinicians see
    nothing entered from now on; the access log of what they saw stays.

    Only accepted links name a patient (accepting sets both), so a patient has no pending
    invitation to withdraw.
    """
    for link in CareLink.objects.filter(patient=patient, revoked_at__isnull=True):
        linking.revoke(link)
