"""A restore that fails leaves the person's profile as it was, in the database and on the
page that reports the error: the file's name, time zone and units are applied to a copy
of the person, which the signed-in user takes only once everything is stored."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backcare.exchange import data_import
from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import ExportFileError, restore
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient

KEPT = {"display_name": "Kept", "time_zone": "America/New_York", "units": "imperial"}


@pytest.fixture
def document(ana, frozen):  # type: ignore[no-untyped-def]
    seed_patient(ana)
    document = json.loads(json.dumps(export_data(ana, NOW)))
    document["profile"].update(display_name="From the file", time_zone="Europe/Lisbon")
    document["profile"]["units"] = "metric"
    return document


def profile(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {name: getattr(user, name) for name in KEPT}


def test_the_error_page_shows_the_stored_profile(document):
    document["tables"]["checkins"][-1]["sleep_hours"] = 99
    fresh = make_user("ana2", **KEPT)
    client = Client()
    client.force_login(fresh)
    upload = SimpleUploadedFile("backcare.json", json.dumps(document).encode())
    response = client.post("/my-data/restore/", {"file": upload})
    assert response.status_code == 422
    assert "column sleep_hours: must be a number from 0 to 24" in response.content.decode()
    assert profile(response.context["user"]) == KEPT
    fresh.refresh_from_db()
    assert profile(fresh) == KEPT


def test_a_failure_after_the_rows_leaves_the_caller_s_user_unchanged(document, monkeypatch):
    def fail(user: object) -> None:
        raise ExportFileError("the reminders could not be scheduled")

    monkeypatch.setattr(data_import, "reschedule", fail)
    fresh = make_user("ana2", **KEPT)
    with pytest.raises(ExportFileError):
        restore(fresh, document)
    assert profile(fresh) == KEPT


def test_after_a_restore_the_caller_s_user_holds_the_file_s_profile(document):
    fresh = make_user("ana2", **KEPT)
    restore(fresh, document)
    expected = {"display_name": "From the file", "time_zone": "Europe/Lisbon", "units": "metric"}
    assert profile(fresh) == expected
    fresh.refresh_from_db()
    assert profile(fresh) == expected
