from django.urls import reverse

from tests.conftest import PASSWORD


def test_it_logs_in_with_the_right_password(client, ana):
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("web:home")).context["user"] == ana


def test_it_locks_out_after_repeated_failures(client, ana, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "ana", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert "locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_logs_out_only_by_post(ana_client):
    assert ana_client.get(reverse("accounts:logout")).status_code == 405
    assert ana_client.post(reverse("accounts:logout")).status_code == 302
    assert ana_client.get(reverse("web:home")).status_code == 302


def test_home_needs_login(client, db):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
