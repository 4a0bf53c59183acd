""" "My day ends at" is part of the profile a person takes away and brings back: a night-shift
nurse's 06:00 comes back with her diary, whose days it decides. Files made before the
setting existed (no such field or column) still load, and leave the new account at midnight."""

from __future__ import annotations

import json

import pytest

from backcare.exchange.data_export import export_csv_zip, export_json
from backcare.exchange.data_import import read_export, restore
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_restore_checks import rewrite

pytestmark = pytest.mark.django_db


@pytest.fixture
def keisha(ana, frozen):  # type: ignore[no-untyped-def]
    ana.day_ends_hour = 6
    ana.save(update_fields=["day_ends_hour"])
    seed_patient(ana)
    return ana


def test_the_json_file_brings_the_day_end_back(keisha, tmp_path):
    document = export_json(keisha, NOW)
    assert json.loads(document)["profile"]["day_ends_hour"] == 6
    path = tmp_path / "export.json"
    path.write_bytes(document)
    fresh = make_user("keisha2")
    restore(fresh, read_export(path))
    fresh.refresh_from_db()
    assert fresh.day_ends_hour == 6


def test_the_spreadsheets_bring_the_day_end_back(keisha, tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(export_csv_zip(keisha, NOW))
    fresh = make_user("keisha2")
    restore(fresh, read_export(path))
    fresh.refresh_from_db()
    assert fresh.day_ends_hour == 6


def test_a_file_from_before_the_setting_still_loads(keisha, tmp_path):
    document = json.loads(export_json(keisha, NOW))
    del document["profile"]["day_ends_hour"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))
    fresh = make_user("keisha2")
    restore(fresh, read_export(path))
    fresh.refresh_from_db()
    assert fresh.day_ends_hour == 0


def test_spreadsheets_from_before_the_setting_still_load(keisha, tmp_path):
    def five_columns(data: bytes) -> bytes:
        lines = data.decode("utf-8").splitlines()
        return "\n".join(line.rsplit(",", 1)[0] for line in lines).encode() + b"\n"

    path = tmp_path / "old.zip"
    path.write_bytes(rewrite(export_csv_zip(keisha, NOW), {"profile.csv": five_columns}))
    fresh = make_user("keisha2")
    restore(fresh, read_export(path))
    fresh.refresh_from_db()
    assert (fresh.display_name, fresh.day_ends_hour) == (keisha.display_name, 0)
