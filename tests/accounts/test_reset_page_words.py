"""The page a reset link opens speaks as the sign-up and password-change pages do: the same
help under the fields ("a few unrelated words"), the same linked error summary, and the
password rules said under the new password with what to try instead, not Django's list
("Your password can't be entirely numeric", ...) and an error under the confirmation."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from backcare.accounts.forms import NEW_PASSWORD_HELP, PASSWORD_AGAIN_HELP, PASSWORD_HINT
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
GOOD = "kettle river blue tulip"


def reset_form_path(client: Client) -> str:
    """The page the e-mailed link opens (Django moves the token out of the address)."""
    client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    found = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    page = client.get(found.group(1), follow=True)
    assert page.context["validlink"]
    return str(page.redirect_chain[-1][0])


def test_the_help_is_the_sign_up_pages_not_djangos(client, ana):
    html = client.get(reset_form_path(client)).content.decode()
    assert NEW_PASSWORD_HELP in html
    assert PASSWORD_AGAIN_HELP in html
    assert "entirely numeric" not in html
    assert "too similar to your other personal information" not in html
    assert "Enter the same password as before" not in html
    assert 'aria-describedby="id_new_password1_helptext"' in html
    assert 'id="id_new_password1_helptext"' in html
    assert "whose username is <strong>ana</strong>" in html
    assert 'class="error-summary"' not in html


def test_a_weak_password_is_refused_under_the_new_password_with_a_linked_summary(client, ana):
    path = reset_form_path(client)
    page = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: Set a new password" in html
    assert 'class="error-summary"' in html
    assert '<a href="#id_new_password1">New password: ' in html
    assert "entirely numeric" in html  # what is wrong with it, then what to try
    assert PASSWORD_HINT in html
    assert 'href="#id_new_password2"' not in html  # the confirmation was typed right
    form = html[html.index("<form") : html.index("</form>")]
    assert "autofocus" not in form  # the summary takes the focus
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_two_different_passwords_are_linked_to_the_confirmation(client, ana):
    path = reset_form_path(client)
    html = client.post(path, {"new_password1": GOOD, "new_password2": GOOD + "s"}).content
    assert '<a href="#id_new_password2">New password confirmation: ' in html.decode()


def test_a_good_password_is_still_set(client, ana):
    path = reset_form_path(client)
    response = client.post(path, {"new_password1": GOOD, "new_password2": GOOD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    ana.refresh_from_db()
    assert ana.check_password(GOOD)
