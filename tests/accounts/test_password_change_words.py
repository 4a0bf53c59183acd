"""The password-change page speaks as the sign-up page does: the same help under the fields,
the same linked error summary, the password rules said under the new password with what to
try instead."""

from __future__ import annotations

from django.urls import reverse

from backcare.accounts.forms import PASSWORD_HINT
from tests.conftest import PASSWORD

CHANGE = reverse("accounts:password_change")
NEW_PASSWORD_HELP = "At least 8 characters. A few unrelated words are easy to remember"
PASSWORD_AGAIN_HELP = "Type the same password again, to be sure."


def test_the_help_is_the_sign_up_pages_not_djangos(ana_client, client, db):
    page = ana_client.get(CHANGE).content.decode()
    assert NEW_PASSWORD_HELP in page
    assert PASSWORD_AGAIN_HELP in page
    assert "entirely numeric" not in page
    assert "Enter the same password as before" not in page
    assert 'aria-describedby="id_new_password1_helptext"' in page
    assert 'id="id_new_password1_helptext"' in page
    client.logout()
    signup = client.get(reverse("accounts:signup")).content.decode()
    assert NEW_PASSWORD_HELP in signup
    assert PASSWORD_AGAIN_HELP in signup


def test_a_weak_password_is_refused_under_the_new_password_with_a_linked_summary(ana_client, ana):
    data = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    page = ana_client.post(CHANGE, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: Change password" in html
    assert 'class="error-summary"' in html
    assert '<a href="#id_new_password1">New password: ' in html
    assert PASSWORD_HINT in html
    form = html[html.index("<form") : html.index("</form>")]
    assert "autofocus" not in form  # the summary takes the focus, not the first field
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_a_wrong_old_password_is_said_plainly(ana_client, ana):
    data = {"old_password": "nope", "new_password1": "kettle river blue tulip",
            "new_password2": "kettle river blue tulip"}  # fmt: skip
    html = ana_client.post(CHANGE, data).content.decode()
    assert '<a href="#id_old_password">Old password: That is not your current password.' in html
    assert "entered incorrectly" not in html
