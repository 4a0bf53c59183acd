from django.urls import reverse

from backcare.accounts.models import User
from tests.conftest import PASSWORD


def test_it_creates_a_patient_and_logs_them_in(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "eve",
            "email": "Eve@Example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    user = User.objects.get(username="eve")
    assert user.role == "patient"
    assert user.email == "eve@example.org"
    assert client.get(reverse("web:home")).status_code == 200


def test_it_rejects_a_duplicate_email_with_a_message(client, ana):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "ana2",
            "email": "ANA@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert not User.objects.filter(username="ana2").exists()


def test_it_rejects_a_weak_password(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "eve",
            "email": "eve@example.org",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.exists()


def test_passwords_are_hashed_with_argon2_first():
    from backcare import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
