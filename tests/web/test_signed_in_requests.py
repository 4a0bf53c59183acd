"""Each signed-in request reads its session and its person in one prebuilt statement
(backcare/accounts/request_user.py); what it reads must be what Django's ORM reads."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backcare.accounts.models import AccountSession
from backcare.accounts.request_user import AccountBackend, SessionStore
from tests.conftest import PASSWORD

User = get_user_model()
BACKEND = "backcare.accounts.request_user.AccountBackend"


def same(read: object, orm: object) -> bool:
    """Equal, of the same type, and (for a date-time) in the same time zone object."""
    return (read, type(read), getattr(read, "tzinfo", None)) == (
        orm,
        type(orm),
        getattr(orm, "tzinfo", None),
    )


def test_a_signed_in_request_reads_session_and_person_in_one_statement(ana_client):
    with CaptureQueriesContext(connection) as queries:
        assert ana_client.get("/api/me").status_code == 200
    reads = [q["sql"] for q in queries if '"accounts_' in q["sql"]]
    assert len(reads) == 1, reads
    assert 'FROM "accounts_session"' in reads[0]
    assert 'JOIN "accounts_user"' in reads[0]


def test_the_person_read_with_the_session_equals_the_orm_read(ana_client, ana):
    ana.last_login = timezone.now() - timedelta(days=2)
    ana.save()
    store = SessionStore(ana_client.cookies["sessionid"].value)
    assert store[SESSION_KEY] == str(ana.pk)
    expected = User.objects.get(pk=ana.pk)
    assert store.account is not None
    for field in User._meta.concrete_fields:
        assert same(getattr(store.account, field.attname), getattr(expected, field.attname))
    assert not store.account._state.adding


def test_the_session_row_names_whoever_signed_in(client, ana, bo):
    client.post(reverse("accounts:login"), {"username": "ana", "password": PASSWORD})
    key = client.cookies["sessionid"].value
    assert AccountSession.objects.get(session_key=key).user_id == ana.pk
    client.post(reverse("accounts:logout"))
    assert not AccountSession.objects.filter(session_key=key).exists()
    assert AccountSession.objects.filter(user=bo).count() == 0


def test_a_session_whose_person_is_gone_is_signed_out(ana_client, ana):
    """No foreign-key constraint on the session's person: a row can outlive the account."""
    key = ana_client.cookies["sessionid"].value
    AccountSession.objects.filter(session_key=key).update(user_id=ana.pk + 1000)
    assert SessionStore(key).account is None
    assert ana_client.get("/api/me").status_code == 200  # the session still names ana: re-read
    User.objects.filter(pk=ana.pk).update(is_active=False)
    assert ana_client.get("/api/me").status_code == 401


def test_deleting_the_account_deletes_its_sessions(ana_client, ana, bo):
    bos = Client()
    bos.force_login(bo)
    assert AccountSession.objects.filter(user=ana).exists()
    pk = ana.pk
    ana.delete()
    assert not AccountSession.objects.filter(user_id=pk).exists()
    assert ana_client.get("/api/me").status_code == 401
    assert bos.get("/api/me").status_code == 200


def test_sessions_signed_in_before_the_upgrade_stay_signed_in(ana):
    """The migration carries live sessions over from Django's own table."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore

    old = DjangoStore()
    old.update({SESSION_KEY: str(ana.pk), BACKEND_SESSION_KEY: BACKEND})
    old.create()
    anonymous = DjangoStore()
    anonymous["answers"] = {"pain": 3}
    anonymous.create()
    migration = import_module("backcare.accounts.migrations.0004_account_session")
    migration.keep_everyone_signed_in(apps, SimpleNamespace(connection=connection))
    carried = SessionStore(old.session_key)
    assert carried[SESSION_KEY] == str(ana.pk)
    assert carried.account is not None
    assert carried.account.pk == ana.pk
    assert SessionStore(anonymous.session_key)["answers"] == {"pain": 3}
    assert AccountSession.objects.get(session_key=anonymous.session_key).user_id is None


def test_the_person_read_equals_the_orm_read(ana):
    ana.last_login = timezone.now() - timedelta(days=2)
    ana.save()
    loaded = AccountBackend().get_user(str(ana.pk))
    expected = User.objects.get(pk=ana.pk)
    assert loaded is not None
    for field in User._meta.concrete_fields:
        assert same(getattr(loaded, field.attname), getattr(expected, field.attname)), field.name
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


def test_expiry_is_compared_with_now_as_the_field_prepares_it(db):
    from backcare.accounts.request_user import _now_param

    field = AccountSession._meta.get_field("expire_date")
    with time_machine.travel(timezone.now(), tick=False):
        assert _now_param("default") == field.get_db_prep_value(timezone.now(), connection)


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


def test_the_remembered_session_hash_is_djangos_for_each_key_and_password(ana, settings):
    """User._get_session_auth_hash remembers Django's HMAC by password hash and secret key."""
    from django.contrib.auth.base_user import AbstractBaseUser

    def djangos(secret=None):
        return AbstractBaseUser._get_session_auth_hash(ana, secret)

    first = ana.get_session_auth_hash()
    assert first == djangos() == ana.get_session_auth_hash()
    settings.SECRET_KEY_FALLBACKS = ["an older key " + "y" * 40]
    assert list(ana.get_session_auth_fallback_hash()) == [djangos(settings.SECRET_KEY_FALLBACKS[0])]
    settings.SECRET_KEY = "a new key " + "z" * 40
    assert ana.get_session_auth_hash() == djangos() != first
    ana.set_password("a new and different passphrase")
    assert ana.get_session_auth_hash() == djangos()


def test_a_session_signed_with_a_fallback_key_stays_signed_in(ana_client, settings):
    assert ana_client.get("/api/me").status_code == 200  # its hash is now remembered
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new key that signed nothing yet " + "x" * 20
    assert ana_client.get("/api/me").status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert ana_client.get("/api/me").status_code == 200  # Django re-signed it with the new key


# A row's signature is checked once per process (SessionStore.decode); these hold it to
# Django's own checks.


def test_a_tampered_session_row_is_signed_out_even_after_the_true_one_was_read(ana_client, ana):
    key = ana_client.cookies["sessionid"].value
    assert ana_client.get("/api/me").status_code == 200  # the true row is now known
    row = AccountSession.objects.get(session_key=key)
    data, _, signature = row.session_data.rpartition(":")
    row.session_data = f"{data}:{signature[::-1]}"
    row.save()
    assert SessionStore(key).load() == {}
    assert ana_client.get("/api/me").status_code == 401


def test_a_new_secret_key_ends_sessions_unless_the_old_one_is_a_fallback(ana_client, settings):
    key = ana_client.cookies["sessionid"].value
    assert SessionStore(key).load()  # the row's signature is checked and remembered
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "a new key that signed nothing yet " + "x" * 20
    settings.SECRET_KEY_FALLBACKS = [old]
    assert SessionStore(key).load()[SESSION_KEY]
    settings.SECRET_KEY_FALLBACKS = []
    assert SessionStore(key).load() == {}
    assert ana_client.get("/api/me").status_code == 401


def test_each_read_of_a_session_gets_its_own_copy(ana_client):
    key = ana_client.cookies["sessionid"].value
    first = SessionStore(key).load()
    first.clear()
    assert SessionStore(key).load()[SESSION_KEY]


def test_a_session_reads_back_nested_answers_untouched_by_an_earlier_reader(db):
    store = SessionStore()
    store["draft"] = {"answers": ["no"]}
    store.create()
    first = SessionStore(store.session_key).load()
    first["draft"]["answers"].append("yes")
    assert SessionStore(store.session_key).load()["draft"] == {"answers": ["no"]}


def test_the_request_holds_the_person_itself_with_its_second_factor_state(ana_client, ana):
    """Not a lazy stand-in: each attribute read through one raised and caught an exception."""
    person = ana_client.get("/api/me").wsgi_request.user
    assert type(person) is User
    assert person.pk == ana.pk
    assert person.otp_device is None
    assert not person.is_verified()
    anonymous = Client().get("/health/").wsgi_request.user
    assert not anonymous.is_authenticated
    assert not anonymous.is_verified()
