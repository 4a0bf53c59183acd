"""Loading a file on "Report and my data", as a person does it: the outcome is in view, a
wrong file is named for what it is with the file to choose instead, and a file far larger
than any export is refused before it is read.

Each case once failed: after a good load the page jumped to the restore section, which by
then said the account already held data (so it looked refused), and the summary read
"1 assessments, 5 toolbox"; a text file got "Expecting value: line 1 column 1 (char 0)" and
its name capitalised ("Bad.txt"); the FHIR file got "no format"; an upload of any size up to
the health-import limit (1 GB) was parsed whole in the web worker.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backcare.exchange import data_import
from backcare.exchange.data_export import export_csv_zip, export_json
from backcare.exchange.fhir_export import fhir_bundle
from backcare.exchange.tables import TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, load_on_the_page, seed_patient

RESTORE = "/my-data/restore/"


def nothing_stored(user) -> bool:  # type: ignore[no-untyped-def]
    return all(not found.rows(user.pk).exists() for found in TABLES)


@pytest.fixture
def newcomer(db):  # type: ignore[no-untyped-def]
    person = make_user("newcomer")
    client = Client()
    client.force_login(person)
    return person, client


def post(client, name: str, body: bytes):  # type: ignore[no-untyped-def]
    return client.post(RESTORE, {"file": SimpleUploadedFile(name, body)})


def test_a_loaded_file_lands_on_the_message_in_plain_words(ana, frozen, newcomer):
    seed_patient(ana)
    _, client = newcomer
    response = load_on_the_page(client, "backcare-2026-03-20.json", export_json(ana, NOW))
    assert response.status_code == 302
    assert response["Location"] == "/my-data/#main"  # the messages, not the restore form
    page = client.get("/my-data/").content.decode()
    assert "Loaded from the file: 1 back check, " in page
    assert " 57 check-ins, " in page
    assert "1 flare," in page
    assert "checkins" not in page.split("Loaded from the file")[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("name", "body", "says"),
    [
        ("bad.txt", b"hello", "bad.txt is not a backcare export; choose the file named like"),
        ("photo.json", b"\x89PNG\r\n\x1a\n\x00", "photo.json is not a backcare export; choose"),
        ("blank.json", b"  \n", "blank.json is empty; choose the file named like"),
        ("list.json", b"[1, 2]", "this file is not a backcare export (it has no"),
    ],
)
def test_a_file_that_is_not_an_export_says_which_file_to_choose(newcomer, name, body, says):
    person, client = newcomer
    response = post(client, name, body)
    assert response.status_code == 422
    html = response.content.decode()
    assert f"Nothing was loaded: {says}" in html
    assert "Expecting value" not in html
    assert "codec" not in html
    assert nothing_stored(person)


def test_the_fhir_file_is_named_as_such(ana, frozen, newcomer):
    seed_patient(ana)
    person, client = newcomer
    body = json.dumps(fhir_bundle(ana, NOW)).encode()
    html = post(client, "backcare-2026-03-20-fhir.json", body).content.decode()
    assert "for a clinic&#x27;s health-record system (FHIR)" in html
    assert "cannot be loaded back" in html
    assert nothing_stored(person)


def test_a_cut_short_export_says_it_is_damaged_and_where(ana, frozen, newcomer):
    seed_patient(ana)
    person, client = newcomer
    html = post(client, "backcare.json", export_json(ana, NOW)[:4000]).content.decode()
    assert "backcare.json is damaged or cut short (it stops making sense at line" in html
    assert "download it again" in html
    assert nothing_stored(person)


def test_no_file_chosen_says_what_to_choose(newcomer):
    _, client = newcomer
    response = client.post(RESTORE, {})
    assert response.status_code == 422
    assert "Choose a file first: the .json file or the -csv.zip file" in response.content.decode()


def test_a_zip_of_something_else_points_to_the_health_app_import(newcomer, tmp_path):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("apple_health_export/export.xml", "<HealthData/>")
    _, client = newcomer
    html = post(client, "export.zip", out.getvalue()).content.decode()
    assert "export.zip is a zip but not backcare&#x27;s spreadsheets zip" in html
    assert "Import steps and sleep" in html


def test_a_file_larger_than_the_page_loads_is_refused_before_it_is_read(
    ana, frozen, newcomer, monkeypatch
):
    seed_patient(ana)
    body = export_json(ana, NOW)
    monkeypatch.setattr(data_import, "PAGE_MAX_BYTES", len(body) - 1)
    monkeypatch.setattr(data_import, "read_export", pytest.fail)  # never parsed
    person, client = newcomer
    html = post(client, "backcare.json", body).content.decode()
    assert "backcare.json is larger than the 0 MB this page can load" in html
    assert "backcare import" in html
    assert nothing_stored(person)


def test_a_small_zip_whose_tables_unpack_past_the_page_limit_is_refused(
    ana, frozen, newcomer, monkeypatch
):
    seed_patient(ana)
    body = export_csv_zip(ana, NOW)
    monkeypatch.setattr(data_import, "PAGE_MAX_BYTES", len(body) + 1)  # the zip itself fits
    person, client = newcomer
    html = post(client, "backcare-csv.zip", body).content.decode()
    assert "this zip, unpacked, is larger than the 0 MB this page" in html
    assert nothing_stored(person)


def test_the_command_line_keeps_the_import_limit(ana, frozen, tmp_path, monkeypatch):
    """An operator's ``backcare import`` is not held to the page's limit."""
    from pathlib import Path

    seed_patient(ana)
    monkeypatch.setattr(data_import, "PAGE_MAX_BYTES", 10)
    path = Path(tmp_path / "backcare-csv.zip")
    path.write_bytes(export_csv_zip(ana, NOW))
    summary = data_import.restore(make_user("operator_load"), data_import.read_export(path))
    assert summary.rows["checkins"] == 57
