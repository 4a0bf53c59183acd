"""Run an import outside the request: the upload is saved, queued, and read by ``backcare worker``.

A large export takes minutes to read; inside a request it would hit the worker timeout and
hold the database. The job row carries progress (bytes read) for the page and the API, and
the outcome: a summary, or the reason nothing was imported.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from backcare.accounts.models import User
from backcare.progress.imports import ImportFormatError, import_file, save_upload
from backcare.progress.models import ImportJob

PROGRESS_EVERY_SECONDS = 1.0  # write progress at most this often
#: A worker polls the queue every second: an import still waiting this long after it was
#: queued is not being read, and the page says so rather than showing 0% for ever.
WORKER_WAIT = timedelta(seconds=30)


def uploads_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:  # made before it was private
        folder.chmod(0o700)
    return folder


def start_import(user: User, upload: UploadedFile) -> ImportJob:
    """Save the upload in a private folder and queue its import; returns the job to follow."""
    folder = Path(tempfile.mkdtemp(prefix="job-", dir=uploads_folder()))
    path = save_upload(upload, folder)
    job = ImportJob.objects.create(
        user=user, file_name=path.name, folder=str(folder), size_bytes=path.stat().st_size
    )
    run_import.enqueue(job.pk)
    job.refresh_from_db()  # the immediate backend has already run it
    return job


def waiting_for_worker(job: ImportJob, now: datetime) -> bool:
    """Whether no worker has started ``job`` within ``WORKER_WAIT`` of its upload: none is
    running (``backcare serve`` alone reads no imports), or every one is busy."""
    return job.status == ImportJob.Status.QUEUED and now - job.created_at >= WORKER_WAIT


#: What ``run_import`` returns for a job deleted with the person's data or account.
CANCELLED = "cancelled"


class ImportCancelled(Exception):
    """The job's row is gone: the person deleted their data or account meanwhile."""


@task()
def run_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None:  # its upload went with the row (forget_upload)
        return CANCELLED
    if job.finished:
        return job.status
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    try:
        _run(job)
    finally:
        remove_upload(job.folder)
    status = ImportJob.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    return status or CANCELLED


def _run(job: ImportJob) -> None:
    try:
        summary = import_file(
            job.user,
            Path(job.folder) / job.file_name,
            progress=_progress_writer(job.pk),
            before_write=partial(_stop_if_cancelled, job.pk),
        )
    except ImportFormatError as exc:
        _finish(job.pk, ImportJob.Status.FAILED, error=f"{exc}. Nothing was imported.")
    except Exception:
        if not ImportJob.objects.filter(pk=job.pk).exists():
            return  # cancelled: stopped on purpose, or its upload was removed while reading
        _finish(job.pk, ImportJob.Status.FAILED, error="The import failed unexpectedly.")
        raise
    else:
        _finish(job.pk, ImportJob.Status.DONE, summary=summary.as_dict())


def _stop_if_cancelled(job_id: int) -> None:
    """Run inside the import's writing transaction. Deleting the data removes the jobs before
    any data, so either that deletion committed first and the job is gone here, or it waits
    for this transaction (the row lock on PostgreSQL, the write lock on SQLite) and then also
    deletes what this import wrote."""
    if not ImportJob.objects.select_for_update().filter(pk=job_id).exists():
        raise ImportCancelled(job_id)


def _progress_writer(job_id: int) -> Any:
    last = 0.0

    def write(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_SECONDS:
            last = now
            if not ImportJob.objects.filter(pk=job_id).update(bytes_read=done):
                raise ImportCancelled(job_id)  # no need to read the rest of a large file

    return write


def _finish(job_id: int, status: str, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=status, finished_at=timezone.now(), **fields)


def jobs_of(user: User, limit: int = 5) -> list[ImportJob]:
    return list(ImportJob.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])


def cancel_imports_of(user: User) -> int:
    """Delete the person's import jobs, with their uploads (``forget_upload``): a queued job
    then does nothing when the worker reaches it, and a running one stores nothing."""
    count, _ = ImportJob.objects.filter(user=user).delete()
    return count


def forget_upload(sender: Any, instance: ImportJob, using: str, **kwargs: Any) -> None:
    """When a job row is deleted (with the person's data or account, however that is done),
    remove its upload too, once the deletion is committed: a rollback keeps both."""
    transaction.on_commit(partial(remove_upload, instance.folder), using=using)


def remove_upload(folder: str) -> None:
    """Remove a job's private folder; never anything but a job folder inside the uploads one."""
    path = Path(folder)
    if path.name.startswith("job-") and path.parent.resolve() == uploads_folder().resolve():
        shutil.rmtree(path, ignore_errors=True)
