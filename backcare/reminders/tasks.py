"""The reminder scheduler on django-tasks: a scan task claims what is due, queues one
delivery task per claimed occurrence, and queues itself again for the next minute.

Several workers may run: each occurrence is claimed by inserting a unique row
(service.claim), and a delivery is sent only by whoever stamps it sent (sending.deliver).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from backcare.reminders.sending import deliver
from backcare.reminders.service import claim_due

KEEP_SCAN_RESULTS = timedelta(days=1)


@task()
def deliver_reminder(delivery_id: int) -> list[str]:
    return deliver(delivery_id)


@task()
def scan_reminders() -> int:
    """Claim and queue everything due now, then come back at the start of the next minute."""
    now = timezone.now()
    queue_scan(next_minute(now))  # first, so a failure below does not stop the chain
    forget_old_scans(now)
    claimed = claim_due(now)
    for delivery in claimed:
        deliver_reminder.enqueue(delivery.pk)
    return len(claimed)


def next_minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def _scan_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=scan_reminders.module_path, status=TaskResultStatus.READY
    ).exists()


def forget_old_scans(now: datetime) -> int:
    """Delete finished scan results older than a day (one is queued every minute)."""
    from django_tasks_db.models import DBTaskResult

    old = DBTaskResult.objects.filter(
        task_path=scan_reminders.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=now - KEEP_SCAN_RESULTS,
    )
    return old.delete()[0]


def queue_scan(at: datetime | None = None) -> bool:
    """Queue a scan (at ``at``, or now) unless one is already waiting; False if not queued.

    Only a queue that can defer tasks (the database backend) keeps the chain going.
    """
    if not scan_reminders.get_backend().supports_defer or _scan_waiting():
        return False
    (scan_reminders.using(run_after=at) if at else scan_reminders).enqueue()
    return True
