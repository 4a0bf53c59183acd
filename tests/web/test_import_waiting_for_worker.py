"""An import no worker picks up (``backcare serve`` alone reads none) is never left on
"Waiting to start: 0%" for ever: after a short wait the page says nothing is reading it,
and what to do."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backcare.progress.models import ImportJob

UPLOADED = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)
BAD_CSV = b"date,steps\nnot a date,12\n2026-12-01,many steps!\n"  # 48 bytes, never read
NOTHING = "Nothing has started reading this file yet"


@pytest.fixture
def queued(client, ana, settings, tmp_path):  # type: ignore[no-untyped-def]
    """A file uploaded at UPLOADED to the database queue, with no worker running."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    with time_machine.travel(UPLOADED, tick=False):
        client.force_login(ana)
        upload = SimpleUploadedFile("steps.csv", BAD_CSV)
        response = client.post(reverse("progress:imports"), {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "queued"
    return job


def page(client, job: ImportJob, seconds: int) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(UPLOADED + datetime.timedelta(seconds=seconds), tick=False):
        client.force_login(job.user)
        response = client.get(reverse("progress:import_job", kwargs={"job_id": job.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_upload_no_worker_starts_says_so_and_what_to_do(client, queued):
    fresh = page(client, queued, 5)
    assert "Waiting to start: 0%" in fresh
    assert NOTHING not in fresh

    html = page(client, queued, 45)
    assert NOTHING in html
    assert "Waiting to start: 0%" not in html
    assert "backcare worker" in html
    assert "make run" in html
    assert "Your file is kept" in html
    assert 'hx-trigger="every 10s"' in html  # still watching, for when a worker starts

    ImportJob.objects.filter(pk=queued.pk).update(status="failed", error="No dates found.")
    read = page(client, queued, 600)
    assert NOTHING not in read
    assert "could not be imported" in read
