from django.urls import reverse

from tests.conftest import PASSWORD


def test_it_changes_the_password(ana_client, ana):
    response = ana_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.check_password("a new long passphrase 42")


def test_it_refuses_a_wrong_old_password(ana_client, ana):
    response = ana_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == 200
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)
