"""Jean-Marc (66, Montréal) has ankylosing spondylitis and told the back check so: his plan
page says what helps with an inflammatory arthritis, what is usual with it and when to
contact his rheumatology team, in the flare section. Paper has no room left for it (a plan
in week 26 fills two pages). Nobody else reads it: not someone who said no or is not sure,
and not a plan paused for care."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from backcare.assessments.intake import assess
from backcare.domain.findings import red_flag_ids
from tests.conftest import make_user
from tests.web import test_print_long_plan as long_plan
from tests.web.test_print_plan import render

pytestmark = pytest.mark.django_db

half_a_year = long_plan.half_a_year  # the fixture: ana's plan in week 26

NOW = "2026-12-07 09:00 -0500"
FACT = "known_inflammatory_arthritis"
TITLE = "With your inflammatory arthritis"
EYE = "needs an eye check today"


def calm(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 66, "onset": "gradual", **answers}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def signed_in(answer: str | None, **answers: object) -> Client:
    person = make_user("jm", year_of_birth=1960, sex="male", time_zone="America/Toronto")
    assess(person, calm(**answers) if answer is None else calm(**{FACT: answer}, **answers))
    client = Client()
    client.force_login(person)
    return client


def section_of(html: str) -> str:
    found = re.search(r'<section class="section-condition.*?</section>', html, re.S)
    return text_of(found.group(0)) if found else ""


@time_machine.travel(NOW, tick=False)
def test_the_plan_page_shows_it_with_grades_sources_and_when_to_call_the_team() -> None:
    html = signed_in("yes").get(reverse("plans:plan")).content.decode()
    section = section_of(html)
    assert TITLE in section
    assert "does not replace the exercises they give you" in section
    assert "regular exercise is recommended" in section
    assert "Evidence: moderate" in section
    assert "eases as you move is usual with your condition" in section
    assert "take your medicines as your team prescribed" in section
    assert "Contact your rheumatology team or doctor if a flare does not settle" in section
    assert EYE in section
    assert "ASAS-EULAR recommendations for the management of axial spondyloarthritis" in section
    # In the folded flare section, whose summary says it is there.
    flare = html.index('<details class="plan-section section-flare">')
    assert flare < html.index(TITLE) < html.index('id="stop-title"')
    summary = text_of(html[flare:].split("</summary>", 1)[0]).strip()
    assert summary.endswith("; and your arthritis")


@pytest.mark.parametrize("zone", long_plan.PLACES)
def test_paper_leaves_it_out_so_a_plan_in_week_26_still_prints_on_two_pages(
    ana_client, half_a_year, zone
):
    ana = half_a_year.user
    ana.time_zone = zone
    ana.save(update_fields=["time_zone"])
    assessment = half_a_year.assessment
    assessment.findings = {**assessment.findings, FACT: "yes"}
    assessment.save(update_fields=["findings"])
    assert TITLE in ana_client.get(reverse("plans:plan")).content.decode()
    printed = ana_client.get(reverse("plans:print")).content.decode()
    assert TITLE not in printed
    assert "; and your arthritis" not in printed
    document, _ = render(ana_client)
    assert len(document.pages) == 2


@pytest.mark.parametrize("answer", ["no", "not_sure", None])
@time_machine.travel(NOW, tick=False)
def test_nobody_without_the_fact_reads_it(answer: str | None) -> None:
    client = signed_in(answer)
    for page in ("plans:plan", "plans:print"):
        html = client.get(reverse(page)).content.decode()
        assert TITLE not in html
        assert "section-condition" not in html
        assert "; and your arthritis" not in html
        assert "conditions.css" not in html


@time_machine.travel(NOW, tick=False)
def test_a_plan_paused_for_care_leaves_it_out() -> None:
    html = signed_in("yes", chest_pain="yes").get(reverse("plans:plan")).content.decode()
    assert "Your plan is paused" in html
    assert TITLE not in html


CONTACT = "Contact your rheumatology team or doctor if a flare does not settle"
PATTERN = {
    "age_when_started": 24, "problem_duration": "over_a_year", "morning_stiffness_minutes": 60,
    "better_with_movement": "yes", "wakes_second_half_night": "yes",
}  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_the_page_says_when_to_contact_the_team_once_and_paper_keeps_it() -> None:
    """The back check's words on his arthritis ('... Moving every day helps.') lead the plan
    without the contact line that the arthritis section says under 'When to contact your
    team'; paper, which has no arthritis section, keeps it after those words."""
    client = signed_in("yes", **PATTERN)
    page = text_of(client.get(reverse("plans:plan")).content.decode())
    assert page.count(CONTACT) == 1
    assert "your rheumatology team knows it. Moving every day helps." in page
    assert CONTACT in section_of(client.get(reverse("plans:plan")).content.decode())
    printed = text_of(client.get(reverse("plans:print")).content.decode())
    assert f"Moving every day helps. {CONTACT}" in printed
