"""Sign-up errors are summed up above the form, announced and focused, each one linked to
its field, in words that say what to do."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.conftest import PASSWORD


def sign_up(client, **data):  # type: ignore[no-untyped-def]
    fields = {"username": "", "email": "", "password1": "", "password2": "", **data}
    return client.post(reverse("accounts:signup"), fields).content.decode()


def summary_of(html: str) -> str:
    found = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_the_errors_are_summed_up_in_an_alert_that_takes_the_focus(client, db):
    html = sign_up(client, username="eve", password1=PASSWORD, password2=PASSWORD + "x")
    summary = summary_of(html)
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert "autofocus" in summary
    assert "Please check these details" in summary
    assert 'href="#id_email"' in summary
    assert 'href="#id_password2"' in summary
    assert "autofocus" not in re.search(r'<input[^>]*id="id_username"[^>]*>', html).group(0)


def test_the_title_says_there_is_an_error(client, db):
    html = sign_up(client)
    assert re.search(r"<title>Error: Sign up", html)
    assert re.search(r"<title>Sign up", client.get(reverse("accounts:signup")).content.decode())


def test_a_missing_email_says_what_it_is_for(client, db):
    html = sign_up(client, username="eve", password1=PASSWORD, password2=PASSWORD)
    assert "so you can reset your password" in summary_of(html)
    assert "This field is required" not in re.search(r'id="id_email_error".*?</ul>', html, re.S)[0]


def test_a_malformed_email_shows_an_example(client, db):
    html = sign_up(client, username="eve", email="eve", password1=PASSWORD, password2=PASSWORD)
    assert "name@example.org" in summary_of(html)


def test_a_clean_form_has_no_summary_and_focuses_the_username(client, db):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert "error-summary" not in html
    assert "autofocus" in re.search(r'<input[^>]*id="id_username"[^>]*>', html).group(0)
