"""Jean-Marc (58, axial spondyloarthritis a clinician diagnosed) on a 390 px phone, on the
questionnaires page: the ASAS check he took before his diagnosis shows its result and history
but no "Take again", with one line saying why; his back-function questionnaire (RMDQ) keeps
"Take again"; the Berlin and Calin checks are named as not listed for him. Screenshots at 390
and 1280 px in /tmp/shots-quest."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare.assessments.intake import assess
from backcare.domain.instruments import instrument
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_plan_with_a_known_condition import JEAN_MARC

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-quest")
WHY = instrument("asas_ibp").known.retake  # type: ignore[union-attr]


@pytest.fixture
def jean_marc(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user(
        "jm", display_name="Jean-Marc", year_of_birth=1968, time_zone="America/Toronto"
    )
    record_response(person, "asas_ibp", {item.id: 1 for item in instrument("asas_ibp").items})
    record_response(person, "rmdq", {item.id: 1 for item in instrument("rmdq").scored_items[:5]})
    assess(person, {**JEAN_MARC, "age": 58, "age_when_started": 18})
    return person


def test_his_screening_result_reads_without_a_retake_and_says_why(  # type: ignore[no-untyped-def]
    phone_as, site, jean_marc
) -> None:
    phone = phone_as(jean_marc)
    phone.goto(f"{site}/questionnaires/")
    asas = phone.locator("li", has=phone.get_by_role("heading", name="ASAS"))
    assert asas.get_by_role("link", name="History").is_visible()
    assert asas.locator("p.latest a").first.is_visible()  # the result, to read
    assert asas.get_by_role("link", name="Take again").count() == 0
    why = asas.locator("p.no-retake")
    assert why.is_visible()
    assert why.inner_text() == WHY
    rmdq = phone.locator("li", has=phone.get_by_role("heading", name="RMDQ"))
    assert rmdq.get_by_role("link", name="Take again").is_visible()
    assert phone.locator("p.left-out").is_visible()
    assert "Berlin" in phone.locator("p.left-out").inner_text()
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"the page is {wide} px wide"
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SHOTS / "list-390.png", full_page=True)
    asas.screenshot(path=SHOTS / "asas-card-390.png")

    asas.locator("p.latest a").first.click()
    assert phone.locator("p.no-retake").inner_text() == WHY
    assert phone.get_by_role("link", name="Take again").count() == 0
    phone.screenshot(path=SHOTS / "asas-result-390.png", full_page=True)

    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto(f"{site}/questionnaires/")
    assert phone.locator("p.no-retake").is_visible()
    phone.screenshot(path=SHOTS / "list-1280.png", full_page=True)
    phone.goto(f"{site}/questionnaires/asas_ibp/history/")
    assert phone.locator("p.no-retake").is_visible()
    phone.screenshot(path=SHOTS / "asas-history-1280.png", full_page=True)
