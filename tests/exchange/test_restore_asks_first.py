"""Choosing a file on "Bring your data here" loads nothing: a page first says whose file it
is (name and year of birth beside the account's), the diary days it covers, what it adds and
what it replaces, and "Load it" loads it. Someone else's export once loaded into an account
without a word, with their name, year of birth, diary and health facts (pregnancy, cancer
history) that triage and the plan then acted on.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backcare.accounts.models import User
from backcare.exchange.data_export import export_csv_zip, export_json
from backcare.exchange.data_import import read_export, restore
from backcare.exchange.tables import PROFILE_FIELDS, TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_round_trip_every_table import everything, rows_of, what_safety_sees

CHOOSE = "/my-data/restore/"
CONFIRM = "/my-data/restore/confirm/"
CANCEL = "/my-data/restore/cancel/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def choose(client: Client, body: bytes, name: str = "backcare-2026-03-20.json"):  # type: ignore[no-untyped-def]
    response = client.post(CHOOSE, {"file": SimpleUploadedFile(name, body)})
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert response["Location"] == CONFIRM + "#main"
    return client.session["restore_pending"]["token"]


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def nothing_stored(user: User) -> bool:
    return all(not found.rows(user.pk).exists() for found in TABLES)


def profile(user: User) -> dict[str, object]:
    user = User.objects.get(pk=user.pk)
    return {name: getattr(user, name) for name in PROFILE_FIELDS}


def waiting_files() -> list[Path]:
    folder = Path(settings.DATA_DIR) / "restore-pending"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def export(ana, frozen) -> bytes:  # type: ignore[no-untyped-def]
    seed_patient(ana)
    return export_json(ana, NOW)


def test_the_page_names_whose_file_it_is_and_counts_what_it_adds(export):
    newcomer = make_user("newcomer", time_zone="America/New_York")
    client = signed_in(newcomer)
    choose(client, export)
    page = text(client.get(CONFIRM))
    assert "Is this your file?" in page
    assert "Nothing is loaded yet." in page
    assert "backcare-2026-03-20.json, downloaded on 20 March 2026." in page
    assert '<th scope="row">Name</th><td><strong>Ana</strong></td><td>no name</td>' in page
    assert '<th scope="row">Year of birth</th><td><strong>1985</strong></td><td>none</td>' in page
    assert "Diary days in the file: <strong>24 January 2026</strong> to " in page
    assert "<strong>20 March 2026</strong>" in page
    for line in ("57 check-ins", "1 flare", "1 back check", "5 questionnaires", "2 weekly plans"):
        assert f"<li>{line}</li>" in page
    assert (
        "Time zone: <strong>Europe/Lisbon</strong> from the file, in place of America/New_York"
        in page
    )
    assert "looks like someone else" not in page  # a new account has no name to differ from


def test_a_file_without_a_name_says_so(ana, frozen):
    ana.display_name = ""
    ana.save()
    body = export_json(ana, NOW)
    client = signed_in(make_user("newcomer", display_name="Ana"))
    choose(client, body)
    page = text(client.get(CONFIRM))
    assert "<td>no name in the file</td><td>Ana</td>" in page
    assert "Name: Ana stays (the file has none)." in page


def test_nothing_is_stored_before_load_it(export):
    newcomer = make_user("newcomer", display_name="Nia", year_of_birth=1990)
    before = profile(newcomer)
    client = signed_in(newcomer)
    choose(client, export)
    assert client.get(CONFIRM).status_code == 200
    assert nothing_stored(newcomer)
    assert profile(newcomer) == before
    assert len(waiting_files()) == 1


def test_cancel_stores_nothing_and_removes_the_file(export):
    newcomer = make_user("newcomer", display_name="Nia", year_of_birth=1990)
    before = profile(newcomer)
    client = signed_in(newcomer)
    token = choose(client, export)
    response = client.post(CANCEL, follow=True)
    assert "Cancelled: nothing was loaded, and the file you chose is no longer kept here." in text(
        response
    )
    assert waiting_files() == []
    assert client.post(CONFIRM, {"token": token}).status_code == 410
    assert nothing_stored(newcomer)
    assert profile(newcomer) == before


def test_a_different_name_and_year_of_birth_warn(export):
    client = signed_in(make_user("bo", display_name="Bo", year_of_birth=1960))
    choose(client, export)
    page = text(client.get(CONFIRM))
    assert (
        "This file looks like someone else's:</strong> the name in it is Ana, yours is Bo; "
        "the year of birth in it is 1985, yours is 1960." in page.replace("&#x27;", "'")
    )
    # Cancel is the button to hand; loading is still possible (a file from before a name change).
    assert page.index(">Cancel</button>") < page.index('class="secondary">Load it anyway</button>')


def test_the_same_person_is_not_warned(export):
    client = signed_in(make_user("ana-again", display_name=" ana ", year_of_birth=1985))
    choose(client, export)
    page = text(client.get(CONFIRM))
    assert "someone else" not in page
    assert page.index(">Load it</button>") < page.index('class="secondary">Cancel</button>')


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_load_it_stores_exactly_what_the_one_step_load_stored(ana, frozen, kind):
    everything(ana)
    body = export_json(ana, NOW) if kind == "json" else export_csv_zip(ana, NOW)
    name = "backcare.json" if kind == "json" else "backcare-csv.zip"
    on_the_page = make_user("on-the-page", time_zone="America/New_York")
    at_once = make_user("at-once", time_zone="America/New_York")
    client = signed_in(on_the_page)
    token = choose(client, body, name)
    response = client.post(CONFIRM, {"token": token})
    assert response["Location"] == "/my-data/#main"
    path = Path(settings.DATA_DIR) / name
    path.write_bytes(body)
    said = restore(at_once, read_export(path)).sentence()
    assert rows_of(on_the_page) == rows_of(at_once) == rows_of(ana)
    assert what_safety_sees(on_the_page) == what_safety_sees(at_once)
    assert said in text(client.get("/my-data/"))
    assert waiting_files() == []


def test_another_person_cannot_load_my_waiting_file(export):
    mine = make_user("newcomer")
    theirs = make_user("other", display_name="Other")
    my_client, their_client = signed_in(mine), signed_in(theirs)
    token = choose(my_client, export)
    assert their_client.post(CONFIRM, {"token": token}).status_code == 410
    # Even with my waiting file's record in their session (a session that outlived a
    # sign-in, a copied cookie's data), the file is only ever mine to load.
    session = their_client.session
    session["restore_pending"] = my_client.session["restore_pending"]
    session.save()
    assert their_client.get(CONFIRM).status_code == 410
    assert their_client.post(CONFIRM, {"token": token}).status_code == 410
    assert nothing_stored(theirs)
    assert nothing_stored(mine)
    assert profile(theirs)["display_name"] == "Other"
    assert my_client.post(CONFIRM, {"token": token}).status_code == 302
    assert not nothing_stored(mine)
    assert nothing_stored(theirs)


def test_a_page_for_a_file_since_replaced_does_not_load_the_newer_one(ana, frozen):
    seed_patient(ana)
    client = signed_in(make_user("newcomer"))
    first = choose(client, export_json(ana, NOW))
    other = json.loads(export_json(ana, NOW))
    other["profile"]["display_name"] = "Someone Else"
    choose(client, json.dumps(other).encode(), "other.json")
    response = client.post(CONFIRM, {"token": first}, follow=True)
    page = text(response)
    assert "You chose another file since" in page
    assert "Someone Else" in page  # the newer file's own page, to check before loading
    assert nothing_stored(response.wsgi_request.user)
    assert len(waiting_files()) == 1


def test_a_file_left_waiting_too_long_asks_to_choose_it_again(export, frozen):
    newcomer = make_user("newcomer")
    client = signed_in(newcomer)
    token = choose(client, export)
    frozen.shift(timedelta(minutes=31))
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 410
    page = text(response)
    assert "has been removed unloaded: choose it again to load it." in page
    assert 'href="/my-data/#restore-h">Choose the file again</a>' in page
    assert nothing_stored(newcomer)
    assert waiting_files() == []


def test_old_files_nobody_came_back_for_are_removed(export, frozen):
    choose(signed_in(make_user("left")), export)
    frozen.shift(timedelta(minutes=31))
    later = signed_in(make_user("later"))
    choose(later, export)
    assert len(waiting_files()) == 1
    assert waiting_files()[0].name.startswith(f"u{User.objects.get(username='later').pk}-")


def test_entries_made_meanwhile_refuse_the_load_as_before(export):
    """The account took entries after the page was shown (in another window): "Load it" is
    refused as the one-step load was, nothing of the file is stored, and the file is gone."""
    from tests.progress_data import log

    newcomer = make_user("newcomer")
    client = signed_in(newcomer)
    token = choose(client, export)
    log(newcomer, NOW.date(), 4)
    page = text(client.post(CONFIRM, {"token": token}, follow=True))
    assert "Nothing was loaded: the account &#x27;newcomer&#x27; already holds data" in page
    assert [found.name for found in TABLES if found.rows(newcomer.pk).exists()] == ["checkins"]
    assert waiting_files() == []
