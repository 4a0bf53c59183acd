"""`backcare export` and `backcare import` of backcare's own export."""

from __future__ import annotations

import json

import pytest

from backcare.cli import main
from backcare.exchange.data_export import export_data
from backcare.exchange.tables import TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_gives_the_same_data(ana, frozen, tmp_path, capsys, fmt):
    seed_patient(ana)
    out = tmp_path / f"ana.{fmt}"
    assert main(["export", "--format", fmt, "--user", "ana", "--output", str(out)]) == 0
    fresh = make_user("ana2")
    assert main(["import", str(out), "--user", "ana2", "--no-progress", "--yes"]) == 0
    assert "Loaded" in capsys.readouterr().out
    mine, theirs = export_data(ana, NOW), export_data(fresh, NOW)
    for found in TABLES:
        if found.importable:
            assert theirs["tables"][found.name] == mine["tables"][found.name]


def test_fhir_goes_to_standard_output(ana, frozen, capsysbinary):
    seed_patient(ana)
    assert main(["export", "--format", "fhir", "--user", "ana"]) == 0
    document = json.loads(capsysbinary.readouterr().out)
    assert document["resourceType"] == "Bundle"
    assert document["type"] == "collection"


def test_the_pdf_report_is_written_to_a_file(ana, frozen, tmp_path):
    seed_patient(ana)
    out = tmp_path / "report.pdf"
    assert main(["export", "--format", "pdf", "--user", "ana", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_an_unknown_person_is_named(db, capsys):
    assert main(["export", "--format", "json", "--user", "nobody"]) == 2
    assert "--user: no account named 'nobody'" in capsys.readouterr().err


def test_a_broken_export_imports_nothing(ana, frozen, tmp_path, capsys):
    seed_patient(ana)
    document = export_data(ana, NOW)
    document["tables"]["episodes"][0]["severity"] = "very"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    fresh = make_user("ana2")
    assert main(["import", str(bad), "--user", "ana2", "--no-progress", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "episodes row 1, column severity" in err
    assert "nothing was imported" in err
    assert all(not found.rows(fresh.pk).exists() for found in TABLES)
