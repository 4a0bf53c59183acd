"""Signing out on the other devices: from the profile's security section, and after a
password change (whose done page says so). The session making the request stays."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from backcare.accounts.models import AccountSession
from tests.conftest import PASSWORD, make_user

HOME = reverse("web:home")
PROFILE = reverse("accounts:profile")
NEW_PASSWORD = "kettle river blue tulip"


def signed_in(username: str = "ana", password: str = PASSWORD) -> Client:
    """A browser that signed in with the password, as each device does."""
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert client.get(HOME).status_code == 200
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(PROFILE).status_code == 200


def test_the_profile_says_how_many_other_devices_are_signed_in(ana):
    phone, laptop = signed_in(), signed_in()
    page = phone.get(PROFILE).content.decode()
    assert "You are also signed in on 1 other device or browser." in page
    assert "Sign out on all other devices" in page
    laptop.post(reverse("accounts:logout"))
    assert "You are not signed in on any other device" in phone.get(PROFILE).content.decode()


def test_it_ends_every_other_session_of_the_person_and_keeps_this_one(ana):
    bo = make_user("bo")
    here, lost_phone, old_laptop, someone_else = (
        signed_in(),
        signed_in(),
        signed_in(),
        signed_in("bo"),
    )
    page = here.post(reverse("accounts:sign_out_others"), follow=True)
    assert "You are signed out on 2 other devices or browsers" in page.content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(lost_phone)
    assert not is_signed_in(old_laptop)
    assert is_signed_in(someone_else)  # another person's sessions are theirs
    assert AccountSession.objects.filter(user_id=ana.pk).count() == 1
    assert AccountSession.objects.filter(user_id=bo.pk).count() == 1


def test_a_password_change_signs_out_the_other_devices_as_its_page_says(ana):
    here, other = signed_in(), signed_in()
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    page = here.post(reverse("accounts:password_change"), data, follow=True)
    assert "You are now signed out on your other devices" in page.content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(other)
    assert AccountSession.objects.filter(user_id=ana.pk).count() == 1  # gone, not just stale


def test_a_copied_cookie_of_a_signed_out_device_stays_out(ana):
    here, other = signed_in(), signed_in()
    cookie = other.cookies["sessionid"].value
    here.post(reverse("accounts:sign_out_others"))
    thief = Client()
    thief.cookies["sessionid"] = cookie
    assert not is_signed_in(thief)
