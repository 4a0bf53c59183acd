"""Run an import outside the request: the upload is saved, queued, and read by ``backcare worker``.

A large export takes minutes to read; inside a request it would hit the worker timeout and
hold the database. The job row carries progress (bytes read) for the page and the API, and
the outcome: a summary, or the reason nothing was imported.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django_tasks import task

from backcare.accounts.models import User
from backcare.progress.imports import ImportFormatError, import_file, save_upload
from backcare.progress.models import ImportJob

PROGRESS_EVERY_SECONDS = 1.0  # write progress at most this often


def uploads_folder() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
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


@task()
def run_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.finished:
        return job.status
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    folder = Path(job.folder)
    try:
        path = folder / job.file_name
        summary = import_file(job.user, path, progress=_progress_writer(job.pk))
    except ImportFormatError as exc:
        _finish(job.pk, ImportJob.Status.FAILED, error=f"{exc}. Nothing was imported.")
    except Exception:
        _finish(job.pk, ImportJob.Status.FAILED, error="The import failed unexpectedly.")
        raise
    else:
        _finish(job.pk, ImportJob.Status.DONE, summary=summary.as_dict())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)


def _progress_writer(job_id: int) -> Any:
    last = 0.0

    def write(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY_SECONDS:
            last = now
            ImportJob.objects.filter(pk=job_id).update(bytes_read=done)

    return write


def _finish(job_id: int, status: str, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=status, finished_at=timezone.now(), **fields)


def jobs_of(user: User, limit: int = 5) -> list[ImportJob]:
    return list(ImportJob.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])
