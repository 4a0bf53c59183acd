"""Shared fixtures: the personas every web, API and CLI test is written around.

ana and bo are patients, cy is a clinician, dee is a stranger who must never see anyone's data.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

# Property tests must not depend on how busy the machine is: no per-example time limit.
hypothesis_settings.register_profile("backcare", deadline=None)
hypothesis_settings.load_profile("backcare")

IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct horse battery staple"


#: Every test starts with the clock at this instant (ISO 8601 with offset), never the wall
#: clock's; ``BACKCARE_TEST_INSTANT=2026-03-29T00:30:00+00:00 pytest`` picks another one.
TEST_INSTANT = os.environ.get("BACKCARE_TEST_INSTANT") or "2026-06-15T10:00:00+00:00"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(  # type: ignore[no-untyped-def]
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """On SQLite the tests use a database file, as a running backcare does, not Django's
    in-memory default: with a file (WAL) a page is read while the browser tests' live server
    writes, where in-memory SQLite refuses the read ("database table is locked"); and
    commits queue and sync through backcare.sqlite_writers as they do in production.
    ``BACKCARE_TEST_SQLITE`` names another file. Under pytest-xdist each worker has its own
    temporary folder, hence its own file (pytest-django's suffix alone would name
    ``test_<the product's database path>``, as for any engine it does not know as SQLite)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != settings.SQLITE_ENGINE:
        return
    if not os.environ.get("BACKCARE_TEST_SQLITE"):  # a chosen file gets xdist's suffix: fine
        folder = tmp_path_factory.mktemp("database")
        database["TEST"]["NAME"] = str(folder / "backcare-test.sqlite3")


@pytest.fixture(autouse=True)
def _travel_to_test_instant(request):  # type: ignore[no-untyped-def]
    if request.node.get_closest_marker("e2e"):  # a real browser keeps real time for cookies
        yield
        return
    with time_machine.travel(datetime.fromisoformat(TEST_INSTANT), tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Cached dashboards are keyed by person and data version; with time frozen or ids
    reused, a result from an earlier test could otherwise be served to the next one."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import caches

        for alias in settings.CACHES:
            caches[alias].clear()


#: Instants at which day boundaries are easy to get wrong: the persons live in Lisbon, New York
#: and UTC, so at each of these at least two of them are on different dates or clock rules.
TRICKY_INSTANTS = {
    "just-after-midnight-utc": "2026-12-03T00:20:00+00:00",
    "europe-dst-starts": "2026-03-29T00:40:00+00:00",  # Lisbon jumps 01:00 -> 02:00 UTC+1
    "america-dst-ends": "2026-11-01T05:30:00+00:00",  # New York repeats 01:00-02:00 local
    "leap-day": "2028-02-29T02:30:00+00:00",  # still 28 February in New York
    "new-years-eve-late": "2026-12-31T23:40:00+00:00",  # New Year in Lisbon soon, not in NY
}


@pytest.fixture(params=list(TRICKY_INSTANTS.values()), ids=list(TRICKY_INSTANTS))
def at_each_instant(request):  # type: ignore[no-untyped-def]
    """Run a test once at each tricky instant; date-sensitive modules opt in with
    ``pytestmark = pytest.mark.usefixtures("at_each_instant")``."""
    with time_machine.travel(datetime.fromisoformat(request.param), tick=True):
        yield request.param


def _postgres_unreachable() -> str | None:
    """Return why the configured PostgreSQL cannot be used, or None if it can."""
    from django.conf import settings

    if not settings.configured:
        return None
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    import psycopg

    try:
        psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname=db.get("NAME"),
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


#: Modules whose every test carries these marks and whose collection alone takes seconds
#: (schemathesis builds the fuzzing cases as it collects): not collected when ``-m`` leaves
#: out tests so marked. tests/test_conftest.py checks that the modules carry the marks.
COSTLY_TO_COLLECT = {"test_api_fuzz.py": frozenset({"slow"})}


def pytest_ignore_collect(collection_path, config: pytest.Config) -> bool | None:  # type: ignore[no-untyped-def]
    marks = COSTLY_TO_COLLECT.get(collection_path.name)
    if marks is None or not config.option.markexpr:
        return None
    from _pytest.mark.expression import Expression

    expression = Expression.compile(config.option.markexpr)
    return None if expression.evaluate(lambda name, **_: name in marks) else True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _postgres_unreachable()
    if reason is None:
        return
    message = (
        f"PostgreSQL is not reachable ({reason}). Start it or point TEST_DATABASE_URL at a server "
        "to run the PostgreSQL pass."
    )
    if IN_CI:
        pytest.exit(f"CI requires PostgreSQL: {message}", returncode=1)
    skip = pytest.mark.skip(reason=message)
    for item in items:
        item.add_marker(skip)


def make_user(  # type: ignore[no-untyped-def]
    username: str, role: str = "patient", *, email_confirmed: bool = True, **fields: object
):
    """A person whose address is confirmed, as every account from before confirmation is,
    unless the test asks for one that is not."""
    from backcare.accounts.models import User

    email = f"{username}@example.org"
    confirmed = email if email_confirmed else ""
    user = User(username=username, email=email, confirmed_email=confirmed, role=role, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def ana(db):  # type: ignore[no-untyped-def]
    return make_user(
        "ana", display_name="Ana", year_of_birth=1985, sex="female", time_zone="Europe/Lisbon"
    )


@pytest.fixture
def bo(db):  # type: ignore[no-untyped-def]
    return make_user("bo", display_name="Bo", year_of_birth=1960, time_zone="America/New_York")


@pytest.fixture
def cy(db):  # type: ignore[no-untyped-def]
    return make_user("cy", role="clinician", display_name="Dr Cy")


@pytest.fixture
def dee(db):  # type: ignore[no-untyped-def]
    return make_user("dee", display_name="Dee")


@pytest.fixture
def ana_client(client, ana):  # type: ignore[no-untyped-def]
    client.force_login(ana)
    return client


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords() -> None:
    """Argon2 is deliberately slow; the tests use a fast hasher (set once per session)."""
    from django.conf import settings

    if settings.configured:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def clear_content_caches() -> None:
    """Forget every loaded part of content/ so the next load reads BACKCARE_CONTENT_DIR.

    Exercises, interventions and articles are cached per content folder and need no reset.
    """
    from backcare.domain import (
        content,
        course,
        factors,
        findings,
        personal_warnings,
        phones,
        triage,
    )
    from backcare.domain.instruments import crisis_message, instruments
    from backcare.domain.message_warnings import message_warnings

    for cached in (
        content.references,
        findings.finding_schema,
        triage._book,  # rule_book(), for each place
        phones.place_words,
        phones.as_written,  # read from the place words
        phones.phone_book,
        phones.places,
        factors.factor_book,
        course.course_book,
        instruments,
        crisis_message,
        personal_warnings._warnings,  # read from the triage rules
        message_warnings,  # checked against the triage rules
    ):
        cached.cache_clear()


@pytest.fixture
def content_copy(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A private copy of content/ that a test may break; caches are reset around it."""
    import shutil

    from backcare.domain.content import CONTENT_DIR

    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    monkeypatch.setenv("BACKCARE_CONTENT_DIR", str(copy))
    clear_content_caches()
    yield copy
    monkeypatch.delenv("BACKCARE_CONTENT_DIR")
    clear_content_caches()


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once() -> None:
    """Background tasks run inside the request in tests; queue tests run the worker themselves."""
    from django.conf import settings
    from django.core.signals import setting_changed

    if settings.configured:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
        setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
