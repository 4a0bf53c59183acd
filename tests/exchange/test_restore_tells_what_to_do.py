"""Files a person may pick by mistake, as the page reads them back: each message says what
the file is and what to do, and nothing is loaded."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backcare.exchange.data_export import export_csv_zip, export_json
from backcare.exchange.tables import TABLES
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def bo_export(bo, frozen):  # type: ignore[no-untyped-def]
    seed_patient(bo)
    return export_json(bo, NOW)


def upload(client, name: str, content: bytes) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/my-data/restore/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was loaded: " in html
    return " ".join(html.split())


def nothing_loaded(user) -> bool:  # type: ignore[no-untyped-def]
    return all(not found.rows(user.pk).exists() for found in TABLES)


def test_a_spreadsheets_zip_cut_short_is_called_damaged_not_the_wrong_file(ana_client, ana, bo):
    seed_patient(bo)
    whole = export_csv_zip(bo, NOW)
    html = upload(ana_client, "backcare-2026-03-20-csv.zip", whole[: len(whole) // 2])
    assert "backcare-2026-03-20-csv.zip is a zip file that is damaged or cut short" in html
    assert "download it again from where you made it" in html
    assert "not a backcare export" not in html
    assert nothing_loaded(ana)


@pytest.mark.parametrize(
    ("table", "name", "says"),
    [
        ("checkins", "checkins.csv", "checkins.csv is one table of the spreadsheets zip"),
        ("profile", "me.csv", "me.csv is one table (profile.csv) of the spreadsheets zip"),
    ],
)
def test_one_table_taken_out_of_the_zip_is_named_with_the_file_to_load(
    ana_client, ana, bo, table, name, says
):
    seed_patient(bo)
    content = zipfile.ZipFile(io.BytesIO(export_csv_zip(bo, NOW))).read(f"{table}.csv")
    html = upload(ana_client, name, content)
    assert says in html
    assert "load the whole zip, the file ending in -csv.zip" in html
    assert nothing_loaded(ana)


def test_a_file_from_a_newer_backcare_asks_for_an_update(ana_client, ana, bo_export):
    document = {**json.loads(bo_export), "version": 2}
    html = upload(ana_client, "backcare.json", json.dumps(document).encode())
    assert "comes from a newer backcare (export version 2) than this service runs" in html
    assert "ask whoever runs this backcare service to update it" in html
    assert nothing_loaded(ana)


@pytest.mark.parametrize(
    ("version", "says"),
    [
        (None, "this file has no export version"),
        (0, "export version 0 is not one backcare makes"),
        ("1", "export version &#x27;1&#x27; is not one backcare makes"),
    ],
)
def test_a_version_backcare_never_wrote_says_to_download_again(
    ana_client, ana, bo_export, version, says
):
    document = json.loads(bo_export)
    if version is None:
        del document["version"]
    else:
        document["version"] = version
    html = upload(ana_client, "backcare.json", json.dumps(document).encode())
    assert says in html
    assert "download it again from where you made it" in html or "download the file again" in html
    assert nothing_loaded(ana)


def test_a_column_or_table_this_version_lacks_points_to_an_update(ana_client, ana, bo_export):
    with_column = json.loads(bo_export)
    with_column["tables"]["checkins"][0]["energy"] = 5
    html = upload(ana_client, "backcare.json", json.dumps(with_column).encode())
    assert "checkins row 1: unknown column(s) energy; if the file comes from a newer" in html
    with_table = {**json.loads(bo_export)}
    with_table["tables"]["goals"] = []
    html = upload(ana_client, "backcare.json", json.dumps(with_table).encode())
    assert "unknown table(s) in the export: goals; if the file comes from a newer" in html
    assert "ask whoever runs it to update backcare" in html
    assert nothing_loaded(ana)
