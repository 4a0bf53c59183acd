"""Jean-Marc (58, axial spondyloarthritis on a biologic, back pain for 40 years) on a 390 px
phone: his ASAS result says what it means for someone already diagnosed, and his back check's
contributors say when to contact his rheumatology team once. Screenshots in /tmp/jm-shots."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.instruments import instrument
from backcare.domain.known_conditions import condition_book
from backcare.questionnaires.responses import record_response
from tests.conftest import make_user
from tests.e2e.test_plan_with_a_known_condition import FACT, JEAN_MARC

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/jm-shots")
CONTACT = next(
    line.text for line in condition_book().sections[FACT].contact if line.level == "soon"
)


@pytest.fixture
def jean_marc(transactional_db):  # type: ignore[no-untyped-def]
    person = make_user(
        "jm", display_name="Jean-Marc", year_of_birth=1968, time_zone="America/Toronto"
    )
    assess(person, {**JEAN_MARC, "age": 58, "age_when_started": 18, "weak_immune_system": "yes"})
    return person


def test_his_asas_result_adds_nothing_new(phone_as, site, jean_marc) -> None:  # type: ignore[no-untyped-def]
    taken = record_response(jean_marc, "asas_ibp", {i.id: 1 for i in instrument("asas_ibp").items})
    phone = phone_as(jean_marc)
    phone.goto(f"{site}{taken.get_absolute_url()}")
    meaning = phone.locator("p.known-meaning")
    assert meaning.is_visible()
    assert "adds nothing new" in meaning.inner_text()
    assert "worth asking a doctor" not in phone.locator("main").inner_text()
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SHOTS / "asas-result-390.png", full_page=True)
    phone.goto(f"{site}/questionnaires/")
    assert phone.locator("p.left-out").is_visible()
    phone.screenshot(path=SHOTS / "questionnaires-390.png", full_page=True)


def test_his_contributors_say_when_to_contact_the_team_once(phone_as, site, jean_marc) -> None:  # type: ignore[no-untyped-def]
    phone = phone_as(jean_marc)
    assessment = jean_marc.assessments.get()
    phone.goto(f"{site}{reverse('assessments:result', args=[assessment.pk])}")
    SHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=SHOTS / "result-390.png", full_page=True)
    # His weakened immune system makes it "today": the contributors wait on the details page.
    phone.get_by_role("link", name="What may be contributing, and what usually happens").click()
    phone.locator("section.factors details.result-more > summary").click()
    factors = phone.locator("section.factors")
    assert factors.get_by_text("Inflammatory arthritis (already diagnosed)").is_visible()
    assert factors.inner_text().count(CONTACT) == 1
    phone.screenshot(path=SHOTS / "details-390.png", full_page=True)
    factors.screenshot(path=SHOTS / "factors-390.png")
