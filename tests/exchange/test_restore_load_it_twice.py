""" "Load it" pressed twice (a double tap, a slow connection, the page sent again): the file
is loaded once, and the second press says so, with the way to the diary. It once answered
"No file is waiting to be loaded: choose your file again. Nothing was loaded: your account
is as it was." while the file was loaded; choosing it again was then refused with the
database's names for what the account holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from backcare.diary.models import CheckIn
from backcare.exchange.data_export import export_json
from backcare.exchange.data_import import PLAIN_NAMES
from backcare.exchange.erasure import delete_all_data
from backcare.exchange.tables import TABLES
from tests.conftest import make_user
from tests.exchange.conftest import NOW, seed_patient
from tests.exchange.test_restore_asks_first import (
    CONFIRM,
    choose,
    nothing_stored,
    signed_in,
    text,
)
from tests.exchange.test_restore_twice_at_once import at_once, on_postgresql

LOADED = "Your file is loaded"


@pytest.fixture
def export(ana, frozen) -> bytes:  # type: ignore[no-untyped-def]
    seed_patient(ana)
    return export_json(ana, NOW)


def checkins_in(export: bytes) -> int:
    return len(json.loads(export)["tables"]["checkins"])


def test_load_it_twice_loads_once_and_says_it_is_loaded(export):
    newcomer = make_user("newcomer")
    client = signed_in(newcomer)
    token = choose(client, export)
    first = client.post(CONFIRM, {"token": token})
    assert first["Location"] == "/my-data/#main"
    said = text(client.get("/my-data/"))  # the first press's own message
    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 200
    page = text(again)
    assert LOADED in page
    assert f"{checkins_in(export)} check-ins" in page
    assert f"{checkins_in(export)} check-ins" in said
    assert "Nothing was loaded" not in page
    assert "No file is waiting" not in page
    assert 'href="/diary/"' in page
    assert 'href="/my-data/"' in page
    assert CheckIn.objects.filter(user=newcomer).count() == checkins_in(export)
    # Coming back to the page (the Back button, a reload) says the same.
    assert LOADED in text(client.get(CONFIRM))


def test_a_second_press_that_raced_the_first_says_it_is_loaded(export):
    """Both presses sent at once: the second read the session before the first loaded the
    file. Whether it finds the file gone or the account full, it says the file is loaded."""
    newcomer = make_user("newcomer")
    client = signed_in(newcomer)
    token = choose(client, export)
    before = client.session["restore_pending"]
    kept = Path(settings.DATA_DIR) / "kept-copy"
    shutil.copytree(before["folder"], kept)
    client.post(CONFIRM, {"token": token})
    for file_there in (False, True):
        session = client.session
        session["restore_pending"] = before  # as the second request read it
        session.save()
        if file_there:
            shutil.copytree(kept, before["folder"])
        page = text(client.post(CONFIRM, {"token": token}, follow=True))
        assert LOADED in page
        assert "Nothing was loaded" not in page
    assert CheckIn.objects.filter(user=newcomer).count() == checkins_in(export)


def test_after_deleting_the_data_a_second_press_does_not_claim_it_is_loaded(export):
    newcomer = make_user("newcomer")
    client = signed_in(newcomer)
    token = choose(client, export)
    client.post(CONFIRM, {"token": token})
    delete_all_data(newcomer)
    again = client.post(CONFIRM, {"token": token})
    assert again.status_code == 410
    assert LOADED not in text(again)
    assert nothing_stored(newcomer)


def test_another_person_with_my_token_is_not_told_about_my_load(export):
    mine, theirs = make_user("newcomer"), make_user("other")
    my_client = signed_in(mine)
    token = choose(my_client, export)
    my_client.post(CONFIRM, {"token": token})
    response = signed_in(theirs).post(CONFIRM, {"token": token})
    assert response.status_code == 410
    assert LOADED not in text(response)
    assert nothing_stored(theirs)


def test_a_file_refused_for_an_account_with_data_names_what_it_holds_in_words(export):
    newcomer = make_user("newcomer")
    client = signed_in(newcomer)
    client.post(CONFIRM, {"token": choose(client, export)})
    upload = SimpleUploadedFile("backcare-2026-03-20.json", export)
    refused = client.post("/my-data/restore/", {"file": upload})
    assert refused.status_code == 422
    page = text(refused)
    assert "Nothing was loaded: the account &#x27;newcomer&#x27; already holds data (" in page
    assert "back checks, questionnaires, sets of plan preferences" in page
    listed = page.split("already holds data (")[1].split(")")[0]
    held = [t.name for t in TABLES if t.importable and t.rows(newcomer.pk).exists()]
    assert listed == ", ".join(PLAIN_NAMES[name][1] for name in held)


def test_every_table_has_a_name_in_words():
    assert [found.name for found in TABLES if found.name not in PLAIN_NAMES] == []


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_presses_at_once_load_once_and_both_say_so(ana, frozen):
    """A double tap sends both presses together from one session: one loads the file, the
    other waits for it and says the file is loaded (never that nothing was)."""
    seed_patient(ana)
    body = export_json(ana, NOW)
    for attempt in range(3):
        fresh = make_user(f"fresh{attempt}")
        client = signed_in(fresh)
        token = choose(client, body)
        twin = Client()
        twin.cookies = client.cookies  # the same browser: the same session
        presses = iter([client, twin])

        def press(presses=presses, token=token):  # type: ignore[no-untyped-def]
            return next(presses).post(CONFIRM, {"token": token})

        answers = at_once(2, press)
        statuses = sorted(answer.status_code for answer in answers)  # type: ignore[attr-defined]
        assert statuses == [200, 302], answers
        page = text(next(a for a in answers if a.status_code == 200))  # type: ignore[attr-defined]
        assert LOADED in page
        assert CheckIn.objects.filter(user=fresh).count() == checkins_in(body)
