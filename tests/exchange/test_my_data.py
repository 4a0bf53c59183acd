"""Download my data (JSON, CSV zip), load it back, and delete all of it."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps

from backcare.exchange.data_export import export_data
from backcare.exchange.data_import import ExportFileError, read_export, restore
from backcare.exchange.erasure import delete_all_data
from backcare.exchange.tables import NOT_PERSONAL, TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, load_on_the_page, seed_patient

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def without_stamp(document):  # type: ignore[no-untyped-def]
    return {key: value for key, value in document.items() if key != "exported_at"}


def importable(document):  # type: ignore[no-untyped-def]
    """The export minus what deliberately stays behind: share links, and the account's facts
    (its e-mail address, two-step sign-in), which stay those of the account loaded into."""
    tables = {t.name: document["tables"][t.name] for t in TABLES if t.importable}
    kept = {key: value for key, value in without_stamp(document).items() if key != "account"}
    return {**kept, "tables": tables}


def test_every_table_the_person_owns_is_exported():
    """A model pointing at a person is either in TABLES or declared not personal."""
    listed = {t.model_label for t in TABLES}
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        points_at_user = any(
            f.is_relation and f.related_model is apps.get_model("accounts.User")
            for f in model._meta.concrete_fields
        )
        if points_at_user:
            assert label in listed | NOT_PERSONAL, f"add {label} to backcare/exchange/tables.py"


def test_every_exported_column_is_documented():
    doc = (ROOT / "docs" / "exchange.md").read_text()
    for found in TABLES:
        section = doc[doc.index(f"### `{found.name}`") :]
        section = section[: section.find("\n### ", 4) if "\n### " in section[4:] else None]
        for column in found.columns():
            assert f"`{column.name}`" in section, f"document {found.name}.{column.name}"


def test_the_json_export_holds_every_table_with_row_numbers(ana_client, ana, frozen):
    seed_patient(ana)
    response = ana_client.get("/my-data/export.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["format"] == "backcare-export"
    assert set(document["tables"]) == {t.name for t in TABLES}
    checkins = document["tables"]["checkins"]
    assert [row["id"] for row in checkins] == list(range(1, len(checkins) + 1))
    ratings = document["tables"]["activity_ratings"]
    assert {row["checkin"] for row in ratings} <= {row["id"] for row in checkins}
    assert "token_hash" not in json.dumps(document["tables"]["share_links"])


def test_empty_and_zero_are_told_apart_in_csv(ana_client, ana, frozen):
    seed_patient(ana)
    archive = zipfile.ZipFile(io.BytesIO(ana_client.get("/my-data/export-csv.zip").content))
    rows = list(csv.DictReader(io.StringIO(archive.read("checkins.csv").decode())))
    stiffness = {row["stiffness"] for row in rows}
    assert "" in stiffness  # not recorded that day
    assert "0" in {row["stress"] for row in rows}  # recorded as zero
    readme = archive.read("README.txt").decode()
    assert "An empty cell means" in readme
    assert "checkins.csv: id, day," in readme
    prefs = next(csv.DictReader(io.StringIO(archive.read("plan_preferences.csv").decode())))
    assert prefs["pregnant"] == "false"
    assert json.loads(prefs["equipment"]) == ["mat"]


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_an_export_loads_back_into_a_fresh_account_unchanged(ana, frozen, tmp_path, kind):
    from backcare.exchange.data_export import export_csv_zip, export_json

    seed_patient(ana)
    original = export_data(ana, NOW)
    assert len(original["tables"]["plans"]) == 2  # plan history
    assert original["tables"]["questionnaire_responses"][0]["band_label"]  # snapshot
    path = tmp_path / f"export.{kind}"
    path.write_bytes(export_json(ana, NOW) if kind == "json" else export_csv_zip(ana, NOW))
    frozen.shift(timedelta(days=3))  # a later day, on another installation
    fresh = make_user("ana2")
    restore(fresh, read_export(path))
    assert importable(export_data(fresh, NOW)) == importable(original)


def test_a_bad_row_stores_nothing(ana, frozen):
    seed_patient(ana)
    document = export_data(ana, NOW)
    document["tables"]["checkins"][5]["pain"] = 14
    fresh = make_user("ana2")
    with pytest.raises(ExportFileError, match="checkins"):
        restore(fresh, document)
    assert all(not t.rows(fresh.pk).exists() for t in TABLES)
    fresh.refresh_from_db()
    assert fresh.display_name == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a backcare export"),
        (lambda d: d.update(version=99), "version 99"),
        (lambda d: d["tables"].update(secrets=[]), "unknown table"),
        (
            lambda d: d["tables"]["checkins"][0].update(colour="red"),
            r"checkins row 1: unknown column",
        ),
        (
            lambda d: d["tables"]["checkins"][0].update(day="yesterday"),
            r"checkins row 1, column day",
        ),
        (lambda d: d["tables"]["activity_ratings"][0].update(checkin=9999), "no checkins row 9999"),
        (lambda d: d["profile"].update(time_zone="Mars/Olympus"), "profile: time_zone"),
    ],
)
def test_bad_files_are_refused_with_the_place_to_fix(ana, frozen, change, message):
    seed_patient(ana)
    document = export_data(ana, NOW)
    change(document)
    fresh = make_user("ana2")
    with pytest.raises(ExportFileError, match=message):
        restore(fresh, document)
    assert all(not t.rows(fresh.pk).exists() for t in TABLES)


def test_it_will_not_mix_an_export_into_an_account_with_data(ana, bo, frozen):
    seed_patient(ana)
    seed_patient(bo)
    before = export_data(bo, NOW)
    with pytest.raises(ExportFileError, match="already holds data"):
        restore(bo, export_data(ana, NOW))
    assert export_data(bo, NOW) == before


def test_no_export_carries_another_persons_rows(ana_client, ana, bo, frozen):
    seed_patient(bo, pain_base=9)
    document = json.loads(ana_client.get("/my-data/export.json").content)
    assert all(rows == [] for rows in document["tables"].values())
    archive = zipfile.ZipFile(io.BytesIO(ana_client.get("/my-data/export-csv.zip").content))
    assert archive.read("checkins.csv").decode().count("\n") == 1  # the header only


def test_deleting_all_data_keeps_the_account(ana_client, ana, bo, frozen):
    seed_patient(ana)
    seed_patient(bo)
    bo_before = export_data(bo, NOW)
    page = ana_client.get("/my-data/delete/")
    assert page.status_code == 200
    wrong = ana_client.post("/my-data/delete/", {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 422
    assert export_data(ana, NOW)["tables"]["checkins"]
    response = ana_client.post(
        "/my-data/delete/", {"password": "correct horse battery staple", "confirm": "on"}
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.is_active
    assert ana.username == "ana"
    assert ana.display_name == ""
    assert all(rows == [] for rows in export_data(ana, NOW)["tables"].values())
    assert export_data(bo, NOW) == bo_before


def test_delete_all_data_reports_what_went(ana, frozen):
    seed_patient(ana)
    deleted = delete_all_data(ana)
    assert deleted["checkins"] > 50
    assert re.fullmatch(r"\d+", str(deleted["plans"]))


def test_an_export_uploaded_on_the_page_loads_into_an_empty_account(ana, frozen):
    from django.test import Client

    from backcare.exchange.data_export import export_json

    seed_patient(ana)
    fresh = make_user("ana2")
    client = Client()
    client.force_login(fresh)
    response = load_on_the_page(client, "backcare.json", export_json(ana, NOW))
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert importable(export_data(fresh, NOW)) == importable(export_data(ana, NOW))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "export.json is not a backcare export; choose the file named"),
        (b'{"format": "backcare-export", "version": 2}', "comes from a newer backcare"),
        (b"PK\x03\x04broken zip", "export.json is a zip file that is damaged or cut short"),
    ],
)
def test_a_bad_upload_is_refused_on_the_page(ana_client, ana, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.json", content)
    response = ana_client.post("/my-data/restore/", {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "Nothing was loaded: " in html
    assert all(not t.rows(ana.pk).exists() for t in TABLES)


def test_the_page_offers_a_restore_only_to_an_account_that_could_take_it(ana_client, ana, frozen):
    """An account holding entries is told why a file would be refused, not handed a form
    that refuses it."""
    empty = ana_client.get("/my-data/").content.decode()
    assert 'class="restore-form"' in empty
    seed_patient(ana)
    holding = ana_client.get("/my-data/").content.decode()
    assert 'class="restore-form"' not in holding
    assert "This account already holds your entries" in holding
    assert 'href="/my-data/delete/"' in holding
