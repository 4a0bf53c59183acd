"""The calendar-feed link does not travel: neither its nonce nor the hash of a link made
before is exported, and a restored account starts with its link off."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from backcare.exchange.data_export import export_csv_zip, export_data
from backcare.exchange.data_import import ExportFileError, restore
from backcare.reminders.calendar_link import link_secret, replace_link
from backcare.reminders.models import ReminderPreferences
from backcare.reminders.service import preferences_for
from tests.conftest import make_user
from tests.exchange.conftest import NOW

pytestmark = pytest.mark.django_db
LEGACY_HASH = "a" * 64


def with_a_link(user) -> ReminderPreferences:  # type: ignore[no-untyped-def]
    prefs = preferences_for(user)
    replace_link(prefs)
    ReminderPreferences.objects.filter(pk=prefs.pk).update(legacy_feed_hash=LEGACY_HASH)
    prefs.refresh_from_db()
    return prefs


def test_no_part_of_the_link_is_exported(ana, frozen):
    prefs = with_a_link(ana)
    document = export_data(ana, NOW)
    [row] = document["tables"]["reminder_settings"]
    assert set(row) == {"id", "quiet_start", "quiet_end", "email_stopped_at"}
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(ana, NOW)))
    csv_files = "".join(archive.read(name).decode() for name in archive.namelist())
    assert "email_stopped_at" in csv_files
    for exported in (json.dumps(document), csv_files):
        assert prefs.feed_nonce not in exported
        assert LEGACY_HASH not in exported


def test_a_restored_account_starts_with_its_link_off(ana, frozen):
    with_a_link(ana)
    fresh = make_user("ana2")
    restore(fresh, export_data(ana, NOW))
    restored = preferences_for(fresh)
    assert (restored.feed_nonce, restored.legacy_feed_hash) == ("", "")
    assert link_secret(restored) == ""


@pytest.mark.parametrize("column", ["feed_nonce", "legacy_feed_hash"])
def test_a_file_cannot_bring_a_link_with_it(ana, frozen, column):
    with_a_link(ana)
    document = export_data(ana, NOW)
    document["tables"]["reminder_settings"][0][column] = "planted"
    with pytest.raises(ExportFileError, match="reminder_settings row 1: unknown column"):
        restore(make_user("ana2"), document)
