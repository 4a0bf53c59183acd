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


def signup_with(client, **extra):  # type: ignore[no-untyped-def]
    answer = client.post(
        reverse("accounts:signup"),
        {"username": "eve", "email": "eve@example.org", "password1": PASSWORD,
         "password2": PASSWORD, **extra},
    )  # fmt: skip
    assert answer.status_code == 302
    return User.objects.get(username="eve")


def test_the_account_starts_in_the_devices_time_zone(client, db):
    """Sent by accounts/time-zone.js: reminders, diary days and the emergency number fit
    from the first page (New York's is 911, where a zone-less account is offered 112)."""
    eve = signup_with(client, time_zone="America/New_York")
    assert eve.time_zone == "America/New_York"
    assert 'href="tel:911"' in client.get(reverse("web:warning_signs")).content.decode()


def test_an_unknown_or_missing_time_zone_starts_in_utc(client, db):
    assert signup_with(client, time_zone="Mars/Olympus_Mons").time_zone == "UTC"
    User.objects.all().delete()
    assert signup_with(client).time_zone == "UTC"


def test_the_page_carries_the_field_and_the_script_but_shows_no_label(client, db):
    html = client.get(reverse("accounts:signup")).content.decode()
    assert '<input type="hidden" name="time_zone"' in html
    assert 'src="/static/accounts/time-zone.js"' in html
    assert "Time zone" not in html
