"""The clinician's list on a phone opens on patients: the first patient is above the fold at
390 px (the ordering rule and the access-log note are folded, the search is one short row),
and the search, the filter and the folded notes stay reachable with 44 px targets. The
check-in figure reads "12 of 14 days"; a new patient's chart starts on their first day."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from tests.care.conftest import link, verify_second_factor
from tests.conftest import make_user
from tests.e2e.helpers import too_small

pytestmark = pytest.mark.e2e

NOW = datetime.datetime(2026, 12, 5, 9, tzinfo=datetime.UTC)
SHOTS = Path("/tmp/care-shots")


@pytest.fixture
def clinician_page(phone_as, site):  # type: ignore[no-untyped-def]
    """A 390 px page of a clinician past both steps, with three patients, one of them new."""
    from backcare.diary.models import CheckIn

    with time_machine.travel(NOW, tick=True):
        clinician = make_user("cyra", role="clinician", display_name="Dr Cyra Osei")
        for name in ("Noor Haddad", "Ben Ode", "Ilse Varga"):
            patient = make_user(name.split()[0].lower(), display_name=name)
            link(clinician, patient)
            for offset in range(12):
                day = datetime.date(2026, 12, 5) - datetime.timedelta(offset)
                CheckIn.objects.create(user=patient, day=day, pain=3 + offset % 4)
        cookie = verify_second_factor(Client(), clinician).cookies["sessionid"].value
        page = phone_as(make_user("nobody"))
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
        yield page


def test_the_first_patient_is_above_the_fold_and_all_stays_reachable(clinician_page, site):
    page = clinician_page
    page.goto(site + "/clinician/")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "list-390.png", full_page=True)
    # The fold is the top of the tab bar fixed at the bottom of the screen.
    fold = page.locator(".clinician-tab").first.bounding_box()
    figures = page.locator(".patient-row .row-figures").first.bounding_box()
    assert fold is not None
    assert figures is not None
    assert figures["y"] + figures["height"] <= fold["y"], (
        f"the first patient's figures end at {figures['y'] + figures['height']:.0f} px, "
        f"the fold is at {fold['y']:.0f} px"
    )
    assert page.get_by_label("Search by name").is_visible()
    assert page.get_by_label("Show").is_visible()
    assert (
        too_small(page, ".patient-filter input, .patient-filter select, .patient-filter button")
        == []
    )
    page.locator(".list-notes summary").click()
    assert page.get_by_text("written to their access log", exact=False).is_visible()
    assert page.get_by_text("12 of 14 days").first.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=SHOTS / "list-1280.png", full_page=True)
    page.get_by_label("Search by name").fill("Ben")
    page.get_by_role("button", name="Filter").click()
    assert page.locator(".patient-list h2 a").all_inner_texts() == ["Ben Ode"]


def test_a_new_patients_charts_start_on_their_first_day(clinician_page, phone_as, site):
    from backcare.accounts.models import User

    noor = User.objects.get(username="noor")
    page = clinician_page
    page.goto(site + f"/clinician/patients/{noor.pk}/")
    page.screenshot(path=SHOTS / "patient-390.png", full_page=True)
    caption = page.locator("#pain-h + figure figcaption").inner_text()
    assert "since 24 Nov, when they started" in caption
    own = phone_as(noor)
    with time_machine.travel(NOW, tick=True):
        own.goto(site + "/dashboard/")
    own.screenshot(path=SHOTS / "progress-390.png", full_page=True)
    assert "since 24 Nov, when you started" in own.locator("#pain-caption").inner_text()
    dots = own.locator("svg.chart-pain circle.chart-dot").evaluate_all(
        "els => els.map(el => el.getBoundingClientRect().x)"
    )
    svg = own.locator("svg.chart-pain").bounding_box()
    assert svg is not None
    assert min(dots) - svg["x"] < svg["width"] * 0.2, "the first day is at the left, not squashed"
    own.set_viewport_size({"width": 1280, "height": 800})
    own.screenshot(path=SHOTS / "progress-1280.png", full_page=True)
