"""'Download all my data' holds the account's e-mail address, whether it is confirmed and a
new address waiting for its link, so that it answers a request for one's data in full: in
the JSON and in the CSV zip. They are the record only: loading the file never changes the
address of the account it is loaded into, and the preview says so."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from backcare.accounts import email_change
from backcare.accounts.models import User
from backcare.exchange.data_export import export_csv_zip, export_data, export_json
from backcare.exchange.data_import import read_export, restore
from backcare.exchange.restore_preview import NOT_LOADED, preview_restore
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_restore_asks_first import CONFIRM, choose, signed_in, text

pytestmark = pytest.mark.django_db
NEW = "ana.new@example.org"
FILE_ADDRESS = "The e-mail address in the file, ana@example.org"
NEVER_CHANGES = "loading a file never changes the address of this account"


@pytest.fixture
def moving(ana, frozen):  # type: ignore[no-untyped-def]
    """Ana asked for a new address on her profile and has not opened its link yet."""
    seed_patient(ana)
    email_change.ask_for(ana, NEW)
    return ana


def test_the_json_holds_the_address_whether_confirmed_and_the_one_waiting(moving):
    account = json.loads(export_json(moving, NOW))["account"]
    assert account == {
        "two_step_sign_in": False, "email": "ana@example.org", "email_confirmed": True,
        "pending_email": NEW,
    }  # fmt: skip


def test_an_unconfirmed_address_and_none_waiting(frozen):
    bo = make_user("bo", email_confirmed=False)
    account = export_data(bo, NOW)["account"]
    assert (account["email"], account["email_confirmed"], account["pending_email"]) == (
        "bo@example.org", False, None,
    )  # fmt: skip


def test_the_zip_holds_them_in_account_csv_and_its_manifest(moving):
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(moving, NOW)))
    [row] = list(csv.DictReader(io.StringIO(archive.read("account.csv").decode())))
    assert row == {
        "email": "ana@example.org", "email_confirmed": "true", "pending_email": NEW,
        "two_step_sign_in": "false",
    }  # fmt: skip
    assert json.loads(archive.read("manifest.json"))["account"]["pending_email"] == NEW
    assert "account.csv: email, email_confirmed, pending_email, two_step_sign_in" in (
        archive.read("README.txt").decode()
    )


def test_no_address_waiting_is_an_empty_cell(ana, frozen):
    archive = zipfile.ZipFile(io.BytesIO(export_csv_zip(ana, NOW)))
    [row] = list(csv.DictReader(io.StringIO(archive.read("account.csv").decode())))
    assert (row["email"], row["pending_email"]) == ("ana@example.org", "")


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_loading_the_file_leaves_the_accounts_address_as_it_is(moving, tmp_path, kind):
    path = tmp_path / f"export.{'json' if kind == 'json' else 'zip'}"
    path.write_bytes(export_json(moving, NOW) if kind == "json" else export_csv_zip(moving, NOW))
    newcomer = make_user("newcomer", email_confirmed=False)
    email_change.ask_for(newcomer, "newcomer.next@example.org")
    restore(newcomer, read_export(path))
    stored = User.objects.get(pk=newcomer.pk)
    assert (stored.email, stored.confirmed_email, stored.pending_email) == (
        "newcomer@example.org", "", "newcomer.next@example.org",
    )  # fmt: skip
    assert stored.display_name == "Ana"  # the profile did load


def test_an_edited_file_cannot_change_it_either(moving):
    """An address put in the profile, where a restore loads values, is refused."""
    from backcare.exchange.data_import import ExportFileError

    document = export_data(moving, NOW)
    document["profile"]["email"] = "someone.else@example.org"
    newcomer = make_user("newcomer")
    with pytest.raises(ExportFileError, match="unknown field"):
        restore(newcomer, document)
    assert User.objects.get(pk=newcomer.pk).email == "newcomer@example.org"


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_the_preview_says_why_the_address_is_not_loaded(moving, tmp_path, kind):
    path = tmp_path / f"export.{'json' if kind == 'json' else 'zip'}"
    path.write_bytes(export_json(moving, NOW) if kind == "json" else export_csv_zip(moving, NOW))
    preview = preview_restore(make_user("newcomer"), read_export(path))
    said = {item["what"]: item["why"] for item in preview["not_loaded"]}
    what = (
        "the e-mail address in the file, ana@example.org, and the new address that was "
        f"waiting for its link, {NEW}"
    )
    assert said[what] == NOT_LOADED["account"]
    assert NOT_LOADED["account"].startswith(NEVER_CHANGES)


def test_the_page_shows_it_under_what_will_not_be_loaded(ana, frozen):
    seed_patient(ana)
    client = signed_in(make_user("newcomer"))
    choose(client, export_json(ana, NOW))
    page = text(client.get(CONFIRM))
    section = page[page.index("What will not be loaded, and why</h2>") :]
    assert f"<li><strong>{FILE_ADDRESS}</strong>: {NEVER_CHANGES}" in section
    assert "ask for a new one on your profile and open the link we e-mail to it" in section


def test_a_file_from_before_addresses_were_exported_names_none(ana, frozen):
    document = export_data(ana, NOW)
    document["account"] = {"two_step_sign_in": False}
    preview = preview_restore(make_user("newcomer"), document)
    assert not any("e-mail" in item["what"] for item in preview["not_loaded"])


def test_an_address_too_long_to_be_one_is_not_shown(ana, frozen):
    document = export_data(ana, NOW)
    document["account"]["email"] = "x" * 300
    preview = preview_restore(make_user("newcomer"), document)
    [item] = [i for i in preview["not_loaded"] if "e-mail" in i["what"]]
    assert item["what"] == "the e-mail address in the file"
