"""Username errors on sign-up speak the page's plain words and say what to change, not
Django's "@/./+/-/_ characters" or "A user with that username already exists"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from backcare.accounts.models import User
from tests.conftest import PASSWORD

RULE = "use only letters, numbers, dots, dashes and underscores, for example ana.silva"


def username_error(client, username: str) -> str:  # type: ignore[no-untyped-def]
    fields = {"username": username, "email": "new@example.org"}
    fields |= {"password1": PASSWORD, "password2": PASSWORD}
    html = client.post(reverse("accounts:signup"), fields).content.decode()
    errors = re.search(r'id="id_username_helptext">.*?</span>\s*(.*?)<input', html, re.S)
    assert errors, "no error under the username"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", errors.group(1))).strip()


@pytest.mark.parametrize(
    ("username", "said"),
    [
        ("ana silva", f"Leave out the spaces: {RULE}"),
        ("ana silva!", f"Leave out the spaces and “!”: {RULE}"),
        ("ana#1/", f"Leave out “#” and “/”: {RULE}"),
    ],
)
def test_a_refused_username_names_what_to_leave_out(client, db, username, said):
    error = username_error(client, username)
    assert said in error
    assert "@/./+/-/_" not in error
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_taken_username_says_what_to_do_whatever_its_case(client, ana):
    error = username_error(client, "ANA")
    assert "That username is taken: choose another" in error
    assert "If it is yours, log in instead." in error


def test_an_empty_or_too_long_username_says_what_to_choose(client, db):
    assert "Choose a username: the name you will log in with" in username_error(client, "")
    error = username_error(client, "a" * 151)
    assert "Choose a shorter username: at most 150 characters (this one has 151)." in error


@pytest.mark.parametrize("username", ["ana.silva", "ana_silva-2", "ana@example.org", "José"])
def test_what_the_rule_allows_still_signs_up(client, db, username):
    fields = {"username": username, "email": "new@example.org"}
    fields |= {"password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("accounts:signup"), fields)
    assert response.status_code == 302
    assert User.objects.get(email="new@example.org").username == username
