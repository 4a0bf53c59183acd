"""An import still queued or reading when the person deletes their data or account stores
nothing afterwards, and its upload does not stay on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from backcare.accounts.models import User
from backcare.diary.models import Measure
from backcare.progress.models import ImportJob
from tests.conftest import PASSWORD

APPLE_EXPORT = Path(__file__).resolve().parents[1] / "domain" / "fixtures" / "apple_export.xml"
CONFIRMED = {"password": PASSWORD, "confirm": "on"}

# The deletion's clean-up runs once its transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The database queue, with no worker until ``run_worker``; uploads under tmp_path."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    return tmp_path / "imports"


def queue_an_import(client) -> ImportJob:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.xml", APPLE_EXPORT.read_bytes())
    client.post(reverse("progress:imports"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == "queued"
    assert Path(job.folder, "export.xml").exists()
    return job


def run_worker() -> list[tuple[str, object]]:
    """Run every queued task; how each ended and what it returned."""
    from django_tasks_db.models import DBTaskResult

    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    return [(task.status, task.return_value) for task in DBTaskResult.objects.all()]


def test_a_queued_import_adds_nothing_after_all_data_is_deleted(ana_client, ana, queue):
    queue_an_import(ana_client)
    assert ana_client.post(reverse("exchange:delete_data"), CONFIRMED).status_code == 302
    assert not ImportJob.objects.exists()
    assert not any(queue.iterdir()), "the upload goes with the data"
    assert run_worker() == [("SUCCESSFUL", "cancelled")]
    assert not Measure.objects.filter(user=ana).exists()
    assert not any(queue.iterdir())


def test_the_queued_import_of_a_deleted_account_leaves_no_upload(ana_client, ana, queue):
    queue_an_import(ana_client)
    assert ana_client.post(reverse("accounts:delete"), CONFIRMED).status_code == 302
    assert not User.objects.filter(username="ana").exists()
    assert not any(queue.iterdir()), "the upload goes with the account"
    assert run_worker() == [("SUCCESSFUL", "cancelled")]
    assert not any(queue.iterdir())


def test_an_import_reading_when_the_data_is_deleted_stores_nothing(
    ana_client, ana, queue, monkeypatch
):
    from backcare.exchange.erasure import delete_all_data
    from backcare.progress import imports

    read = imports.read_export

    def deleted_while_reading(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = read(*args, **kwargs)
        delete_all_data(ana)  # committed between the reading and the writing
        return result

    monkeypatch.setattr(imports, "read_export", deleted_while_reading)
    queue_an_import(ana_client)
    assert run_worker() == [("SUCCESSFUL", "cancelled")]
    assert not Measure.objects.filter(user=ana).exists()
    assert not ImportJob.objects.exists()
    assert not any(queue.iterdir())


def test_an_import_with_nothing_deleted_still_stores_its_days(ana_client, ana, queue):
    queue_an_import(ana_client)
    assert run_worker() == [("SUCCESSFUL", "done")]
    assert Measure.objects.filter(user=ana).count() == 4
    assert ImportJob.objects.get().status == "done"
    assert not any(queue.iterdir())
