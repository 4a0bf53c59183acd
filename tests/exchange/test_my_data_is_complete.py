"""'Download all my data' holds everything: the care links (who sees the data, since when,
and the links that ended) and the access log, in both the JSON and the CSV zip; the zip's
plans.csv reads as a table, and the zip still loads back, old layout included."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest

from backcare.exchange.data_export import export_csv_zip, export_data, table_csv
from backcare.exchange.data_import import ExportFileError, read_export, restore
from backcare.exchange.tables import TABLES, table
from tests.care.conftest import link
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(ana, cy, frozen):  # type: ignore[no-untyped-def]
    """Ana shared with Dr Cy 10 days ago and stopped 4 days ago; shares with Dr Eve since
    yesterday, who looked at her diary."""
    from backcare.care import linking

    seed_patient(ana)
    frozen.shift(timedelta(days=-10))
    first = link(cy, ana)
    linking.record_access(cy, ana, "viewed the patient page")
    frozen.shift(timedelta(days=6))
    linking.revoke(first)
    frozen.shift(timedelta(days=3))
    eve = make_user("eve", role="clinician", display_name="=Dr Eve")
    link(eve, ana)
    linking.record_access(eve, ana, "downloaded the report")
    frozen.shift(timedelta(days=1))
    return ana


def test_the_json_export_lists_care_links_and_the_access_log(shared):
    document = export_data(shared, NOW)
    links = document["care_links"]
    assert [(row["clinician"], row["sharing_now"]) for row in links] == [
        ("Dr Cy", False),
        ("=Dr Eve", True),
    ]
    assert links[0]["shared_since"] == (NOW - timedelta(days=10)).isoformat()
    assert links[0]["ended_at"] == (NOW - timedelta(days=4)).isoformat()
    assert links[1]["ended_at"] is None
    assert [(row["clinician"], row["what"]) for row in document["access_log"]] == [
        ("=Dr Eve", "downloaded the report"),
        ("Dr Cy", "viewed the patient page"),
    ]
    assert document["access_log"][1]["when"] == (NOW - timedelta(days=10)).isoformat()


def test_the_zip_holds_them_too_and_a_readable_plans_table(shared):
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(shared, NOW)))
    links = list(csv.DictReader(io.StringIO(archive.read("care_links.csv").decode())))
    assert [(r["clinician"], r["ended_at"] != "", r["sharing_now"]) for r in links] == [
        ("Dr Cy", True, "false"),
        ("'=Dr Eve", False, "true"),  # a name is never run as a formula
    ]
    log = list(csv.DictReader(io.StringIO(archive.read("access_log.csv").decode())))
    assert [r["what"] for r in log] == ["downloaded the report", "viewed the patient page"]
    readme = archive.read("README.txt").decode()
    assert "care_links.csv: clinician, invited_at, shared_since, ended_at, sharing_now" in readme
    assert "plans.csv: id, created_at, week, status, reason, changes, exercises," in readme

    text = archive.read("plans.csv").decode()
    plans = list(csv.DictReader(io.StringIO(text)))
    assert list(plans[0]) == [
        "id", "created_at", "week", "status", "reason", "changes", "exercises", "walking",
        "assessment",
    ]  # fmt: skip
    assert len(plans) == 2  # one row per plan version
    assert "{" not in text  # no JSON in any cell
    full = json.loads(archive.read("plans.json"))
    routine = [i for i in full[-1]["body"]["routine"] if i["kind"] == "exercise"]
    assert f"{routine[0]['title']}: {routine[0]['dose']}" in plans[-1]["exercises"]
    assert plans[-1]["status"] in {"full plan", "gentle plan", "paused: get care first"}
    assert plans[-1]["reason"] == full[-1]["body"]["status_reason"]
    assert plans[-1]["changes"]  # the second version says why it was made
    assert full == export_data(shared, NOW)["tables"]["plans"]


def _importable(document):  # type: ignore[no-untyped-def]
    return {t.name: document["tables"][t.name] for t in TABLES if t.importable}


def test_the_new_zip_and_a_zip_of_the_earlier_layout_load_back(shared, tmp_path):
    data = export_csv_zip(shared, NOW)
    original = export_data(shared, NOW)
    old_plans = table_csv(table("plans"), original["tables"]["plans"]).encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    old = io.BytesIO()
    with zipfile.ZipFile(old, "w") as archive:  # plans in plans.csv, one JSON cell each
        for name in source.namelist():
            if name not in {"plans.json", "care_links.csv", "access_log.csv"}:
                archive.writestr(name, old_plans if name == "plans.csv" else source.read(name))
    for n, content in enumerate((data, old.getvalue())):
        path = tmp_path / f"export{n}.zip"
        path.write_bytes(content)
        fresh = make_user(f"ana{n + 2}")
        restore(fresh, read_export(path))
        restored = export_data(fresh, NOW)
        assert _importable(restored) == _importable(original)
        assert restored["care_links"] == []  # not carried to another account
        assert restored["access_log"] == []


def test_a_zip_without_plans_json_says_what_is_missing(shared, tmp_path):
    data = export_csv_zip(shared, NOW)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            if name != "plans.json":
                archive.writestr(name, source.read(name))
    path = tmp_path / "export.zip"
    path.write_bytes(out.getvalue())
    with pytest.raises(ExportFileError, match=r"plans\.csv is the readable list of your plans"):
        read_export(path)


def test_the_page_says_the_download_holds_sharing_and_the_access_log(ana_client):
    text = ana_client.get("/my-data/").content.decode()
    assert "which clinicians you share your data with" in text
    assert "each time one of them looked at it" in text
