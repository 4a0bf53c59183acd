"""`backcare import FILE --user USERNAME`: round trips, idempotence, malformed files."""

import zipfile
from pathlib import Path

import pytest

from backcare.cli import main
from backcare.diary.models import Measure
from backcare.domain.imports import read_export
from backcare.progress.imports import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "domain" / "fixtures"
EXPORTS = sorted(path.name for path in FIXTURES.iterdir() if path.suffix in (".csv", ".xml"))


def backcare_import(*argv: str) -> int:
    """Run `backcare import ...` as the console script does."""
    return main(["import", *argv])


def stored(user) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted(Measure.objects.filter(user=user).values_list("day", "kind", "value", "source"))


@pytest.mark.parametrize("name", EXPORTS)
def test_it_round_trips_every_export_and_a_second_import_adds_nothing(ana, capsys, name):
    path = FIXTURES / name
    assert backcare_import(str(path), "--user", "ana") == 0
    result = read_export(path)
    export = result.format  # stored per export; the device stays out of the short column
    expected = [(m.day, m.kind, m.value, export) for m in result.measures]
    assert stored(ana) == sorted(expected)
    assert f"{len(expected)} new, 0 updated, 0 already up to date" in capsys.readouterr().out
    assert backcare_import(str(path), "--user", "ana") == 0
    assert f"0 new, 0 updated, {len(expected)} already up to date" in capsys.readouterr().out
    assert stored(ana) == sorted(expected)


def test_it_reads_an_apple_health_zip(ana, tmp_path, capsys):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(FIXTURES / "apple_export.xml", "apple_health_export/export.xml")
    assert backcare_import(str(archive), "--user", "ana") == 0
    assert len(stored(ana)) == 4
    assert "Imported steps and sleep from export.zip" in capsys.readouterr().out


def test_a_newer_export_updates_changed_days(ana, tmp_path, capsys):
    original = (FIXTURES / "Daily activity metrics.csv").read_text()
    path = tmp_path / "Daily activity metrics.csv"
    path.write_text(original)
    backcare_import(str(path), "--user", "ana")
    path.write_text(original.replace(",5321,", ",6000,"))
    assert backcare_import(str(path), "--user", "ana") == 0
    assert "0 new, 1 updated, 1 already up to date" in capsys.readouterr().out
    assert 6000.0 in [value for _, _, value, _ in stored(ana)]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<HealthData><Record type='HKQuantityTypeIdentifierStepCount'", "not well-formed"),
        (b"PK\x03\x04 damaged", "zip"),
        (b"", "empty"),
        (b"Date,Step count\n2024-02-01,-5\n", "Step count"),
    ],
)
def test_it_rejects_a_malformed_file_and_stores_nothing(ana, tmp_path, capsys, content, problem):
    path = tmp_path / "export.xml" if content.startswith(b"<") else tmp_path / "upload.csv"
    if content.startswith(b"PK"):
        path = tmp_path / "export.zip"
    path.write_bytes(content)
    assert backcare_import(str(path), "--user", "ana") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"backcare: error: {path.name}")
    assert problem in err
    assert "nothing was imported" in err
    assert not Measure.objects.exists()


def test_a_failure_late_in_a_file_leaves_nothing_behind(ana, tmp_path, capsys):
    good = (FIXTURES / "Daily activity metrics.csv").read_text().splitlines()
    path = tmp_path / "Daily activity metrics.csv"
    path.write_text("\n".join([*good, *good[1:2]]) + "\n")  # the first day again, at the end
    assert backcare_import(str(path), "--user", "ana") == 2
    assert "line 5: the date 2024-02-01 appears twice" in capsys.readouterr().err
    assert not Measure.objects.exists()


def test_it_names_an_unknown_user(db, capsys):
    path = FIXTURES / "apple_export.xml"
    assert backcare_import(str(path), "--user", "nobody") == 2
    assert "--user: no account named 'nobody'" in capsys.readouterr().err


def test_it_names_a_missing_file(ana, capsys):
    assert backcare_import("/no/such/export.zip", "--user", "ana") == 2
    assert "export.zip: file not found" in capsys.readouterr().err


def test_it_reports_progress_up_to_the_whole_file(ana):
    path = FIXTURES / "apple_export.xml"
    seen: list[int] = []
    import_file(ana, path, progress=seen.append)
    assert seen[-1] == path.stat().st_size


def test_imports_are_kept_per_person(ana, bo):
    path = FIXTURES / "apple_export.xml"
    import_file(ana, path)
    summary = import_file(bo, path)
    assert summary.added == 4
    assert len(stored(ana)) == len(stored(bo)) == 4
