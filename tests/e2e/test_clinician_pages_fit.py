"""The clinician's list and patient page as a busy clinician meets them: on a phone the
status and key figures come before the actions, on a laptop the pain chart's axis text is
body-sized rather than larger than the headings, and every link is a 44 px tap target."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from playwright.sync_api import Browser, Page

from tests.care.conftest import verify_second_factor
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
NOW = datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC)
#: The rendered size of the chart's axis text: its CSS size times the drawing's scale.
LABEL_PX = """svg => parseFloat(getComputedStyle(svg.querySelector('.chart-label')).fontSize)
    * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width"""
BODY_PX = "() => parseFloat(getComputedStyle(document.body).fontSize)"


@pytest.fixture
def clinician_session(site: str) -> Iterator[tuple[str, int]]:
    """A clinician past both sign-in steps, linked to a patient with four months of diary."""
    from backcare.accounts.models import User
    from backcare.care import linking
    from backcare.progress.demo import create_demo

    with time_machine.travel(NOW, tick=True):
        clinician = make_user("cyra", role="clinician", display_name="Dr Cyra Osei")
        patient = User.objects.get(username=create_demo("demo", 120, password=PASSWORD).username)
        linking.accept_invitation(linking.create_invitation(clinician), patient)
        cookie = verify_second_factor(Client(), clinician).cookies["sessionid"].value
        yield cookie, patient.pk


def open_page(browser: Browser, site: str, cookie: str, path: str, viewport: dict) -> Page:  # type: ignore[type-arg]
    context = browser.new_context(viewport=viewport, service_workers="block")  # type: ignore[arg-type]
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
    page = context.new_page()
    page.goto(site + path)
    return page


def height(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["height"]


def test_on_a_phone_the_status_and_figures_come_first(
    browser: Browser, site: str, clinician_session: tuple[str, int]
) -> None:
    cookie, patient_id = clinician_session
    page = open_page(browser, site, cookie, f"/clinician/patients/{patient_id}/", PHONE)
    figures = page.locator(".attention .row-figures").bounding_box()
    tabs = page.locator(".tabs").bounding_box()
    assert figures is not None
    assert tabs is not None
    assert figures["y"] + figures["height"] <= tabs["y"], "the key figures are above the fold"
    actions = page.locator(".patient-actions a")
    assert actions.count() == 5
    for index in range(5):
        box = actions.nth(index).bounding_box()
        assert box is not None
        assert box["height"] >= 44
        assert box["y"] > figures["y"] + figures["height"]
    assert height(page, ".back-link a") >= 44
    page.context.close()


def test_on_a_laptop_the_chart_text_is_body_sized(
    browser: Browser, site: str, clinician_session: tuple[str, int]
) -> None:
    cookie, patient_id = clinician_session
    page = open_page(browser, site, cookie, f"/clinician/patients/{patient_id}/", LAPTOP)
    chart = page.locator("#pain-h ~ figure svg.chart")
    body = page.evaluate(BODY_PX)
    assert chart.evaluate(LABEL_PX) <= body * 1.1
    assert page.locator("#pain-h ~ figure .chart-flare").count() >= 1
    assert height(page, ".back-link a") >= 44
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1280"])
def test_the_patients_name_on_the_list_is_a_full_tap_target(
    browser: Browser,
    site: str,
    clinician_session: tuple[str, int],
    viewport: dict,  # type: ignore[type-arg]
) -> None:
    page = open_page(browser, site, clinician_session[0], "/clinician/", viewport)
    assert height(page, ".patient-list h2 a") >= 44
    page.context.close()
