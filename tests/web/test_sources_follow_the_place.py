"""The sources of a line that gives numbers are the person's place's: someone in Auckland is
shown Healthline's, 111's and 1737's pages beside "When to get help" on their result and
plan, never the NHS page that says "call 999 or go to A&E"; someone whose place is not known
reads every place's numbers, and a place-neutral source for the crisis lines.

Failed before: every result and plan listed the NHS's urgent mental-health page, whatever the
place, and a page that gave New Zealand's numbers listed none of New Zealand's sources.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.domain.phones import phones_for
from backcare.domain.plans import stop_rules_for
from backcare.plans import planning
from tests.conftest import make_user
from tests.web.test_services_by_place import full

NZ_SOURCES = ("phones-new-zealand-111", "phones-new-zealand-healthline", "crisis-1737-new-zealand")
NHS_CRISIS = "crisis-nhs-urgent-mental-health"
NOW = datetime(2026, 12, 7, 18, 52, tzinfo=UTC)  # already 8 Dec in Auckland


def test_lines_in_new_zealand_cite_new_zealand_sources_only() -> None:
    rules = stop_rules_for((), phones_for("Pacific/Auckland", "", "112"))
    crisis = next(rule for rule in rules if "harming yourself" in rule.text)
    assert "1737" in crisis.text
    # The sources of the services it names (111 and 1737), not Healthline's, which it does not.
    assert {"phones-new-zealand-111", "crisis-1737-new-zealand"} <= set(crisis.references)
    assert "phones-new-zealand-healthline" not in crisis.references
    every = {ref for rule in rules for ref in rule.references}
    assert NHS_CRISIS not in every
    assert "crisis-samaritans" not in every
    assert "nhs-back-pain" in every  # a clinical source stays wherever the person is
    assert "crisis-find-a-helpline" not in every  # the place-neutral one, for words for anywhere


def test_the_uk_keeps_its_own_and_an_unknown_place_cites_every_line() -> None:
    uk = stop_rules_for((), phones_for("Europe/London", "", "112"))
    crisis = next(rule for rule in uk if "harming yourself" in rule.text)
    assert NHS_CRISIS in crisis.references
    assert not set(NZ_SOURCES) & {ref for rule in uk for ref in rule.references}
    anywhere = stop_rules_for((), phones_for("Asia/Tokyo", "", "112"))
    crisis = next(rule for rule in anywhere if "harming yourself" in rule.text)
    assert "1737 in New Zealand" in crisis.text
    assert crisis.references == ("crisis-find-a-helpline",)  # place-neutral, as its words


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.django_db
def test_priyas_result_and_plan_list_new_zealands_sources(client) -> None:
    with time_machine.travel(NOW, tick=False):
        priya = make_user("priya", year_of_birth=1959, sex="female", time_zone="Pacific/Auckland")
        assessment = assess(priya, full(age=67))
        planning.rebuild_plan(priya)
        client.force_login(priya)
        for url in (f"/assessments/{assessment.pk}/", "/plan/"):
            page = text_of(client.get(url).content.decode())
            assert "1737 Need to talk?" in page, url
            assert "Healthline" in page, url
            assert "call 999 or go to A&E" not in page, url
