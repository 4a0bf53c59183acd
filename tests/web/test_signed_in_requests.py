"""Each signed-in request reads its session and its person with prebuilt SQL
(backcare/accounts/request_user.py); what they read must be what Django's ORM reads."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backcare.accounts.request_user import AccountBackend, SessionStore
from tests.conftest import PASSWORD

User = get_user_model()


def test_a_signed_in_request_reads_session_and_person_with_one_query_each(ana_client):
    with CaptureQueriesContext(connection) as queries:
        assert ana_client.get("/api/me").status_code == 200
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in queries][:2]
    assert tables == ["django_session", "accounts_user"]


def test_the_person_read_equals_the_orm_read(ana):
    ana.last_login = timezone.now() - timedelta(days=2)
    ana.save()
    loaded = AccountBackend().get_user(str(ana.pk))
    expected = User.objects.get(pk=ana.pk)
    assert loaded is not None
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.date_joined.tzinfo is not None  # aware, as the ORM gives it
    assert not loaded._state.adding  # a stored row: saving it updates, never inserts


def test_no_person_for_an_unknown_malformed_or_inactive_id(ana):
    backend = AccountBackend()
    assert backend.get_user(str(ana.pk + 1000)) is None
    assert backend.get_user("not a number") is None
    User.objects.filter(pk=ana.pk).update(is_active=False)
    assert backend.get_user(ana.pk) is None


def test_a_session_reads_back_what_was_saved(db):
    store = SessionStore()
    store["answers"] = {"pain": 4}
    store.create()
    assert SessionStore(store.session_key)["answers"] == {"pain": 4}


def test_an_expired_or_deleted_session_is_empty_and_gets_a_new_key(db):
    store = SessionStore()
    store["answers"] = {"pain": 4}
    store.set_expiry(60)
    store.create()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        expired = SessionStore(store.session_key)
        assert dict(expired.items()) == {}
        assert expired.session_key is None
    SessionStore(store.session_key).delete()
    assert dict(SessionStore(store.session_key).items()) == {}


def test_signing_out_ends_the_session_for_a_copied_cookie(client, ana):
    client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    copied = client.cookies["sessionid"].value
    assert client.get("/api/me").status_code == 200
    client.post(reverse("accounts:logout"))
    client.cookies["sessionid"] = copied
    assert client.get("/api/me").status_code == 401


def test_a_password_change_elsewhere_ends_the_session(ana_client, ana):
    assert ana_client.get("/api/me").status_code == 200
    ana.set_password("a new and different passphrase")
    ana.save()
    assert ana_client.get("/api/me").status_code == 401
