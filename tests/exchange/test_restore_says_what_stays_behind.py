"""'Download all my data' holds the person's care links and the access log (who viewed their
data), and loading the file leaves both out by design: a link joins two accounts of the
service that made it, and the log is that service's record. "Is this your file?" said
nothing of it, so a person restoring expected their clinician and their log back. The page
now lists what will be loaded, and what will not with why."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest

from backcare.accounts.models import User
from backcare.exchange.data_export import export_csv_zip, export_json
from backcare.exchange.data_import import read_export
from backcare.exchange.restore_preview import preview_restore
from tests.care.conftest import link
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_restore_asks_first import CONFIRM, choose, signed_in, text

pytestmark = pytest.mark.django_db

LINK_AGAIN = "ask your clinician to link again (they send you a new invitation)"
LOG_KEPT = "the record of who viewed your data is kept by the service that made it, not restored"


@pytest.fixture
def shared(ana, cy, frozen):  # type: ignore[no-untyped-def]
    """Ana shared with Dr Cy and stopped, then with Dr Eve; each looked at her data."""
    from backcare.care import linking

    seed_patient(ana)
    frozen.shift(timedelta(days=-10))
    first = link(cy, ana)
    linking.record_access(cy, ana, "viewed the patient page")
    frozen.shift(timedelta(days=6))
    linking.revoke(first)
    eve = make_user("eve", role="clinician", display_name="Dr Eve")
    link(eve, ana)
    linking.record_access(eve, ana, "viewed the patient page")
    linking.record_access(eve, ana, "downloaded the report")
    frozen.shift(timedelta(days=4))
    return ana


def zip_without(data: bytes, left_out: str, replacement: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            if name != left_out:
                archive.writestr(name, source.read(name))
            elif replacement is not None:
                archive.writestr(name, replacement)
    return out.getvalue()


def test_the_page_says_care_links_and_the_access_log_are_not_loaded_and_why(shared):
    client = signed_in(make_user("newcomer"))
    choose(client, export_json(shared, NOW))
    page = text(client.get(CONFIRM))
    assert "What will be loaded</h2>" in page
    assert "What will not be loaded, and why</h2>" in page
    assert (
        "<li><strong>2 care links (clinicians you shared your data with)</strong>: a link joins "
        "your account to a clinician's account" in page.replace("&#x27;", "'")
    )
    assert LINK_AGAIN in page
    assert "<strong>3 entries in the access log (who viewed your data)</strong>" in page
    assert LOG_KEPT in page
    # The care links come first: they are what a person most expects back.
    assert page.index("care links") < page.index("access log") < page.index("Load it")


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_the_preview_counts_them_from_either_file(shared, tmp_path, kind):
    data = export_json(shared, NOW) if kind == "json" else export_csv_zip(shared, NOW)
    path = tmp_path / f"export.{'json' if kind == 'json' else 'zip'}"
    path.write_bytes(data)
    newcomer = make_user("newcomer")
    preview = preview_restore(newcomer, read_export(path))
    said = {item["what"]: item["why"] for item in preview["not_loaded"]}
    assert said["2 care links (clinicians you shared your data with)"].endswith(LINK_AGAIN)
    assert said["3 entries in the access log (who viewed your data)"].startswith(LOG_KEPT)
    assert list(said)[:2] == [
        "2 care links (clinicians you shared your data with)",
        "3 entries in the access log (who viewed your data)",
    ]
    # What stays behind is a list with reasons, the others' too: never a bare "left out".
    assert all(item["why"] for item in preview["not_loaded"])


def test_a_zip_whose_care_links_cannot_be_read_still_loads_and_says_so(shared, tmp_path):
    damaged = zip_without(export_csv_zip(shared, NOW), "care_links.csv", b"\xff\xfe not text")
    path = tmp_path / "export.zip"
    path.write_bytes(damaged)
    preview = preview_restore(make_user("newcomer"), read_export(path))
    said = {item["what"]: item["why"] for item in preview["not_loaded"]}
    assert said["the care links (clinicians you shared your data with)"].endswith(LINK_AGAIN)


def test_a_file_from_before_they_were_exported_says_nothing_of_them(shared, tmp_path):
    path = tmp_path / "export.zip"
    data = export_csv_zip(shared, NOW)
    path.write_bytes(zip_without(zip_without(data, "care_links.csv"), "access_log.csv"))
    preview = preview_restore(make_user("newcomer"), read_export(path))
    assert not any("care link" in item["what"] for item in preview["not_loaded"])
    assert not any("access log" in item["what"] for item in preview["not_loaded"])


def test_a_file_that_holds_nothing_left_behind_has_no_such_section(ana, frozen):
    import json

    seed_patient(ana)
    client = signed_in(make_user("newcomer"))
    document = json.loads(export_json(ana, NOW))
    document["account"] = {"two_step_sign_in": False}  # an export from before addresses
    choose(client, json.dumps(document).encode())
    page = text(client.get(CONFIRM))
    assert "What will be loaded</h2>" in page
    assert "What will not be loaded" not in page


def test_the_other_tables_left_behind_say_why(shared):
    from backcare.exchange.models import ShareLink

    ShareLink.objects.create(user=shared, label="for my GP", token_hash="x" * 64,
                             expires_at=NOW + timedelta(days=7))  # fmt: skip
    document = read_export_of(shared)
    preview = preview_restore(make_user("newcomer"), document)
    said = {item["what"]: item["why"] for item in preview["not_loaded"]}
    assert said["1 share link"].startswith("a share link only works on the service that made it")


def read_export_of(person: User) -> dict[str, object]:
    import json

    return json.loads(export_json(person, NOW))


def test_the_import_command_says_what_it_leaves_out_too(shared, tmp_path, capsys, monkeypatch):
    from backcare.cli import main

    path = tmp_path / "backcare-ana.json"
    path.write_bytes(export_json(shared, NOW))
    make_user("ana2", display_name="Ana", year_of_birth=1985)
    assert main(["import", str(path), "--user", "ana2", "--no-progress", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Not loaded, and why:" in out
    assert "- 2 care links" in out
    assert LINK_AGAIN in out
    assert LOG_KEPT in out
