"""Loading an export: implausible days and times, damaged files and zip bombs are refused
with the place to fix, and nothing is stored.

Each case once failed: a check-in time in year 1 was restored and made the
diary pages fail until all data was deleted; a deep JSON file, a long CSV cell, a manifest
that is a list or a row id "²" gave a 500; a small zip unpacked whole into memory.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backcare.exchange.data_export import export_csv_zip, export_data
from backcare.exchange.data_import import ExportFileError, read_export, restore
from backcare.exchange.tables import TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient


def nothing_stored(user) -> bool:  # type: ignore[no-untyped-def]
    return all(not found.rows(user.pk).exists() for found in TABLES)


def first_checkin(change):  # type: ignore[no-untyped-def]
    return lambda document: document["tables"]["checkins"][0].update(change)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (first_checkin({"recorded_at": "0001-01-01T00:00:00+00:00"}),
         r"checkins row 1, column recorded_at: 0001-01-01T00:00:00\+00:00 is not a plausible"),
        (first_checkin({"day": "9999-12-31"}), "checkins row 1, column day: 9999-12-31 has not"),
        (first_checkin({"day": "1984-12-31"}), "checkins row 1, column day: .* before 1985-01-01"),
        (first_checkin({"recorded_at": "2026-04-02T08:00:00+00:00"}),
         "checkins row 1, column recorded_at: 2026-04-02 has not happened yet"),
        (first_checkin({"recorded_at": "2026-03-01T08:00:00"}), "needs its UTC offset"),
        (lambda d: d["tables"]["episodes"][0].update(started_at="1899-12-31T23:00:00+00:00"),
         "episodes row 1, column started_at"),
        (lambda d: d["tables"]["measures"][0].update(day="2300-01-01"),
         "measures row 1, column day"),
    ],
)  # fmt: skip
def test_implausible_days_and_times_are_refused(ana, frozen, change, message):
    seed_patient(ana)
    document = json.loads(json.dumps(export_data(ana, NOW)))
    change(document)
    fresh = make_user("ana2", time_zone="America/New_York")
    with pytest.raises(ExportFileError, match=message):
        restore(fresh, document)
    assert nothing_stored(fresh)


def test_times_still_to_come_load_where_they_belong(ana, frozen):
    """A reminder's next time and snooze lie ahead; a time a day ahead is a phone's zone."""
    from backcare.reminders.service import reminders_for

    seed_patient(ana)
    reminders_for(ana)
    document = json.loads(json.dumps(export_data(ana, NOW)))
    ahead = (NOW + timedelta(days=2)).isoformat()
    document["tables"]["reminders"][0].update(next_due=ahead, snoozed_until=ahead)
    document["tables"]["checkins"][-1]["recorded_at"] = (NOW + timedelta(hours=5)).isoformat()
    fresh = make_user("ana2")
    restore(fresh, document)
    assert not nothing_stored(fresh)


def test_the_page_refuses_a_year_one_time_and_the_diary_still_opens(ana, frozen):
    seed_patient(ana)
    document = json.loads(json.dumps(export_data(ana, NOW)))
    document["tables"]["checkins"][0]["recorded_at"] = "0001-01-01T00:00:00+00:00"
    document["profile"]["time_zone"] = "America/New_York"
    fresh = make_user("ny")
    client = Client()
    client.force_login(fresh)
    upload = SimpleUploadedFile("backcare.json", json.dumps(document).encode())
    response = client.post("/my-data/restore/", {"file": upload})
    assert response.status_code == 422
    assert "Nothing was loaded: checkins row 1, column recorded_at" in response.content.decode()
    assert nothing_stored(fresh)
    assert client.get("/diary/history/").status_code == 200


def test_a_django_message_gets_one_full_stop_on_the_page(ana, frozen):
    seed_patient(ana)
    document = json.loads(json.dumps(export_data(ana, NOW)))
    document["tables"]["checkins"][0].update(moment="nonsense", mood=-3)
    fresh = make_user("ana2")
    client = Client()
    client.force_login(fresh)
    upload = SimpleUploadedFile("backcare.json", json.dumps(document).encode())
    html = client.post("/my-data/restore/", {"file": upload}).content.decode()
    assert "not a valid choice; mood: Ensure this value is greater than or equal to 0.<" in html
    assert "0.." not in html


def rewrite(data: bytes, changes: dict[str, object]) -> bytes:
    """The zip with some members replaced: bytes, or a function of the old bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = changes.get(name, source.read(name))
            archive.writestr(name, content(source.read(name)) if callable(content) else content)
    return out.getvalue()


@pytest.fixture
def csv_zip(ana, frozen) -> bytes:  # type: ignore[no-untyped-def]
    seed_patient(ana)
    return export_csv_zip(ana, NOW)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"manifest.json": b"[]"}, "manifest.json must be a JSON object"),
        ({"manifest.json": b"{nope"}, "manifest.json is not valid JSON"),
        ({"checkins.csv": lambda b: b.replace(b",,", b',"' + b"x" * 200_000 + b'",', 1)},
         r"checkins.csv, line \d+: not valid CSV \(field larger than field limit"),
        ({"checkins.csv": lambda b: b + b"\xff\xfe"}, "checkins.csv is not UTF-8 text"),
        ({"activity_ratings.csv": lambda b: b.replace(b"\n1,1,", "\n1,\u00b2,".encode(), 1)},
         "activity_ratings row 1, column checkin: no checkins row '²'"),
        ({"profile.csv": lambda b: b.rstrip(b"\r\n") + b",surplus\r\n"},
         "profile.csv, line 2: more cells than the header has columns"),
    ],
)  # fmt: skip
def test_a_damaged_csv_zip_says_what_is_wrong(csv_zip, tmp_path, changes, message):
    path = tmp_path / "export.zip"
    path.write_bytes(rewrite(csv_zip, changes))
    with pytest.raises(ExportFileError, match=message):
        restore(make_user("ana2"), read_export(path))


def test_json_nested_too_deeply_is_a_form_error(ana_client, ana):
    deep = b'{"format": "backcare-export", "x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    response = ana_client.post("/my-data/restore/", {"file": SimpleUploadedFile("d.json", deep)})
    assert response.status_code == 422
    assert "Nothing was loaded: d.json nests too deeply to be a backcare export." in (
        response.content.decode()
    )


def test_a_zip_that_unpacks_past_the_limit_is_refused_before_it_is_read(
    csv_zip, tmp_path, settings
):
    settings.BACKCARE_IMPORT_MAX_UNPACKED_MB = 1
    path = tmp_path / "bomb.zip"
    padding = b"\n" * (3 << 20)  # blank lines: a valid CSV, 3 MB unpacked, a few kB packed
    path.write_bytes(rewrite(csv_zip, {"checkins.csv": lambda b: b + padding}))
    assert path.stat().st_size < 100_000
    with pytest.raises(ExportFileError, match=r"would unpack to more than 1 MB"):
        read_export(path)


def test_a_manifest_bomb_is_refused(csv_zip, tmp_path):
    path = tmp_path / "bomb.zip"
    padded = lambda b: b[:-1] + b', "pad": "' + b" " * (8 << 20) + b'"}'  # noqa: E731
    path.write_bytes(rewrite(csv_zip, {"manifest.json": padded}))
    with pytest.raises(ExportFileError, match=r"manifest\.json is far larger than"):
        read_export(path)


def test_each_member_is_counted_as_it_is_read(csv_zip, tmp_path, settings, monkeypatch):
    """The sizes a zip declares can lie: reading stops at the limit all the same."""
    from backcare.exchange import data_import

    settings.BACKCARE_IMPORT_MAX_UNPACKED_MB = 1
    monkeypatch.setattr(data_import, "check_unpacked_size", lambda archive, names, limit: None)
    path = tmp_path / "bomb.zip"
    path.write_bytes(rewrite(csv_zip, {"plans.json": lambda b: b + b" " * (3 << 20)}))
    with pytest.raises(ExportFileError, match=r"plans\.json would unpack to more than 1 MB"):
        read_export(Path(path))
