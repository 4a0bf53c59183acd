"""What loading a file said is kept for a day so that "Load it" pressed again can say it is
loaded; deleting the data or the account removes it at once, and only that person's."""

from __future__ import annotations

import pytest
from django.test import Client

from backcare.exchange.data_import import RestoreSummary
from backcare.exchange.erasure import delete_all_data
from backcare.exchange.restore_preview import forget_loaded, loaded_root, remember_loaded
from tests.conftest import PASSWORD, make_user
from tests.exchange.conftest import NOW

pytestmark = pytest.mark.django_db


def notes_of(user) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(note.name for note in loaded_root().glob(f"u{user.pk}-*.json"))


@pytest.fixture
def two_loads():  # type: ignore[no-untyped-def]
    mine, theirs = make_user("mine"), make_user("theirs")
    for person in (mine, theirs):
        remember_loaded(person, f"token-{person.pk}", RestoreSummary({"checkins": 3}), NOW)
    assert notes_of(mine)
    assert notes_of(theirs)
    yield mine, theirs
    for person in (mine, theirs):  # later tests' people may be given the same ids
        forget_loaded(person.pk)


def test_delete_all_my_data_forgets_what_loading_said(two_loads):
    mine, theirs = two_loads
    delete_all_data(mine)
    assert notes_of(mine) == []
    assert notes_of(theirs)


def test_deleting_the_account_forgets_what_loading_said(two_loads):
    mine, theirs = two_loads
    client = Client()
    client.force_login(mine)
    response = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert notes_of(mine) == []
    assert notes_of(theirs)
