"""A CSV zip whose tables were opened and saved again in a spreadsheet.

Excel's "CSV UTF-8" starts each file with a byte-order mark: it once made the first
column's name "\\ufeffid", and the restore answered "expected an object with a
whole-number 'id'". A spreadsheet set up for a comma as the decimal mark saves with
semicolons; the message now says what the header holds and how to save the file.
"""

from __future__ import annotations

import pytest

from backcare.diary.models import CheckIn
from backcare.exchange.data_export import export_csv_zip
from backcare.exchange.data_import import ExportFileError, read_export, restore
from backcare.exchange.tables import TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_restore_checks import rewrite

BOM = b"\xef\xbb\xbf"
SAVE_AS = r'save it as comma-separated CSV in UTF-8 \(in Excel: "CSV UTF-8 \(Comma delimited\)"\)'


@pytest.fixture
def csv_zip(ana, frozen) -> bytes:  # type: ignore[no-untyped-def]
    seed_patient(ana)
    return export_csv_zip(ana, NOW)


def test_tables_saved_with_a_byte_order_mark_load(ana, csv_zip, tmp_path):
    with_bom = {f"{found.name}.csv": (lambda b: BOM + b) for found in TABLES}
    path = tmp_path / "export.zip"
    path.write_bytes(rewrite(csv_zip, {**with_bom, "profile.csv": lambda b: BOM + b}))
    fresh = make_user("ana2")
    restore(fresh, read_export(path))
    assert CheckIn.objects.filter(user=fresh).count() == CheckIn.objects.filter(user=ana).count()
    fresh.refresh_from_db()
    assert (fresh.display_name, fresh.year_of_birth) == (ana.display_name, ana.year_of_birth)


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("checkins.csv",
         r"checkins.csv: the header has no id column \(found: 'id;day;moment;recorded_at;"),
        ("profile.csv",
         r"profile.csv: the header has none of display_name, year_of_birth, sex, time_zone, "
         r"units \(found: 'display_name;year_of_birth;"),
    ],
)  # fmt: skip
def test_a_table_saved_with_semicolons_says_how_to_save_it(csv_zip, tmp_path, member, message):
    path = tmp_path / "export.zip"
    path.write_bytes(rewrite(csv_zip, {member: lambda b: BOM + b.replace(b",", b";")}))
    with pytest.raises(ExportFileError, match=f"{message}.*\\); {SAVE_AS}"):
        restore(make_user("ana2"), read_export(path))
