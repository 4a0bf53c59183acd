"""Browser tests: Playwright driving Debian's Chromium against a live server."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("BACKCARE_CHROMIUM", "/usr/bin/chromium")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which(CHROMIUM):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: run `apt-get install chromium chromium-driver` "
        "to enable browser tests"
    )
    if IN_CI:
        pytest.exit(f"CI requires the browser tests: {message}", returncode=1)
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):  # type: ignore[no-untyped-def]
    return live_server.url


E2E_DIR = Path(__file__).resolve().parent
AXE_SCRIPT = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
NPM_CI = "npm ci --prefix tests/e2e"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's source, installed from tests/e2e/package-lock.json (CI installs it here)."""
    if not AXE_SCRIPT.exists():
        if not IN_CI:
            pytest.skip(f"axe-core is not installed: run `{NPM_CI}` to enable the audit")
        npm = shutil.which("npm")
        if npm is None:
            pytest.exit("CI requires npm to install axe-core for the accessibility audit", 1)
        subprocess.run([npm, "ci", "--prefix", str(E2E_DIR)], check=True)
    return AXE_SCRIPT.read_text(encoding="utf-8")


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_as(browser, site):  # type: ignore[no-untyped-def]
    """``phone_as(person, **options)``: a 390 px page signed in as ``person`` (a session made
    by Django's test client), with service workers blocked; ``options`` go to the context."""
    from django.test import Client

    contexts = []

    def open_as(person, **options):  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(person)
        context = browser.new_context(viewport=PHONE, service_workers="block", **options)
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def fay(transactional_db):  # type: ignore[no-untyped-def]
    """A typical person: stress and long sitting, ten minutes a day, a mat (a routine with a
    held stretch), who did the back check on 10 March 2026."""
    import datetime

    import time_machine

    from backcare.assessments.models import Assessment
    from backcare.plans.models import Preferences
    from tests.conftest import make_user

    with time_machine.travel(datetime.datetime(2026, 3, 10, 8, tzinfo=datetime.UTC)):
        user = make_user("fay", display_name="Fay", time_zone="Europe/London")
        Assessment.objects.create(
            user=user,
            findings={},
            level="self_care",
            result={},
            factors=[{"id": "stress_anxiety"}, {"id": "sedentary"}],
        )
        Preferences.objects.create(user=user, minutes_per_day=10, equipment=["mat"])
    return user
