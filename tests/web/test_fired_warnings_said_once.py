"""Priya (67, Auckland: breast cancer in 2019, osteoporosis, a blood thinner; new pain between
the shoulder blades, worse at night, after lifting her grandson) is told to speak to a
clinician today. The warnings her health makes more urgent are listed under "any other sign"
on her result, her plan and her report, except those whose rule her own answers already
fired: those are her own signs, listed once with their timeframe, never twice in the same
words. A warning that did not fire (new numbness with her cancer history: call now) still
shows on each page, as strong as before.

At 19:00 UTC on 7 December it is already 8 December in Auckland."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from backcare.assessments.intake import assess
from backcare.domain.own_signs import generic_stop_rules
from backcare.domain.personal_warnings import PREFIX, already_said
from backcare.exchange.report import build_report
from backcare.exchange.views import today_for
from tests.conftest import make_user
from tests.intake_data import calm_answers

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-12-07T19:00:00+00:00")  # 8 December in Auckland

PRIYA = calm_answers(
    age=67,
    onset="sudden_movement",
    osteoporosis="yes",
    cancer_history="yes",
    thoracic_pain="yes",
    pain_not_eased_by_rest="yes",
)
#: The rules her answers fire whose warning her health also makes more urgent, with words
#: only their advice says.
FIRED = {
    "night_pain_with_risk": "Pain that does not settle with rest or is worse at night",
    "thoracic_pain_with_risk": "Pain from the spine in the upper or middle back",
}
#: Warnings her health makes more urgent that her answers did not fire.
NOT_FIRED = (
    "Back pain with numbness, weakness or other nerve symptoms in someone who has or has had "
    "cancer needs an urgent scan",
    "even a minor fall or knock can break a bone in the spine",
)


@pytest.fixture
def priya(client):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        person = make_user(
            "priya",
            display_name="Priya",
            year_of_birth=1959,
            sex="female",
            time_zone="Pacific/Auckland",
        )
        assessment = assess(person, PRIYA)
        client.force_login(person)
        yield person, assessment


def _other_signs(html: str, marker: str) -> str:
    """What the page lists under "Any other sign" (its own signs come before it)."""
    return html.split(marker, 1)[1].split("Any other sign", 1)[1].split("</ul>", 1)[0]


def test_her_answers_fire_the_rules_her_warnings_name(priya):
    _, assessment = priya
    fired = {reason["rule_id"]: reason["level"] for reason in assessment.result["reasons"]}
    assert assessment.level == "urgent"
    assert {rule: fired.get(rule) for rule in FIRED} == dict.fromkeys(FIRED, "urgent")


def test_her_result_says_each_fired_warning_once(priya, client):
    _, assessment = priya
    html = client.get(reverse("assessments:result", kwargs={"pk": assessment.pk})).content
    html = html.decode()
    others = _other_signs(html, 'id="safety-title"')
    for rule, words in FIRED.items():
        title = next(r["title"] for r in assessment.result["reasons"] if r["rule_id"] == rule)
        assert html.count(f"<strong>{escape(title)}:</strong>") == 1  # her own sign, once
        assert html.count(words) == 1  # what it can mean, folded under it
        assert words not in others
    for words in NOT_FIRED:
        assert html.count(words) == 1
        assert words in others
    assert escape(PREFIX) in others


def test_her_plan_says_each_fired_warning_once(priya, client):
    _, assessment = priya
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("plans:plan")).content.decode()
    stop = html.split('id="stop-title"', 1)[1].split("</section>", 1)[0]
    own = stop.split("Any other sign", 1)[0]
    others = _other_signs(html, 'id="stop-title"')
    for rule in FIRED:
        title = next(r["title"] for r in assessment.result["reasons"] if r["rule_id"] == rule)
        assert own.count(f"<strong>{escape(title)}:</strong>") == 1
        assert stop.count(FIRED[rule]) == 0  # the plan names her own signs by title
    for words in NOT_FIRED:
        assert others.count(words) == 1


@pytest.mark.parametrize("for_the_person", [True, False])
def test_her_report_says_each_fired_warning_once(priya, for_the_person):
    person, assessment = priya
    with time_machine.travel(NOW, tick=False):
        report = build_report(
            person, today_for(person), identified=True, for_the_person=for_the_person
        )
    rules = [rule["text"] for rule in report["plan"]["view"]["stop_rules"]]
    said = " ".join(rules)
    for words in FIRED.values():
        assert words not in said
    for words in NOT_FIRED:
        assert said.count(words) == 1
    titles = report["triage"]["reasons"]  # her own signs: the safety section lists them
    for rule in FIRED:
        title = next(r["title"] for r in assessment.result["reasons"] if r["rule_id"] == rule)
        assert titles.count(title) == 1


def test_her_report_page_says_them_once(priya, client):
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("exchange:report")).content.decode()
    stop = html.split("When to stop and seek care", 1)[1].split("</div>", 1)[0]
    for words in FIRED.values():
        assert words not in stop
    for words in NOT_FIRED:
        assert stop.count(words) == 1


WARNING = PREFIX + (
    "Pain from the spine in the upper or middle back, together with your age, your history or "
    "your medicines, is a combination clinicians like to check promptly. Ask your doctor for an "
    "urgent appointment or call {line} today."
)


@pytest.mark.parametrize(
    ("reason", "left_out"),
    [
        ({"rule_id": "thoracic_pain_with_risk", "level": "urgent"}, True),
        ({"rule_id": "thoracic_pain_with_risk", "level": "emergency"}, True),
        # Fired only on a "not sure", or at a later timeframe: the warning stays.
        ({"rule_id": "thoracic_pain_with_risk", "level": "urgent", "not_sure": True}, False),
        ({"rule_id": "thoracic_pain_with_risk", "level": "soon"}, False),
        ({"rule_id": "thoracic_pain", "level": "urgent"}, False),  # another rule
        ({"rule_id": "no_such_rule", "level": "urgent"}, False),
    ],
)
def test_only_a_warning_whose_rule_fired_as_soon_is_left_out(reason, left_out):
    # Made for the place she is in now, while her result was stored for another place.
    here = WARNING.format(line="Healthline on 0800 611 116 (free, day or night)")
    stored = {**reason, "advice": WARNING.removeprefix(PREFIX).format(line="NHS 111")}
    assert already_said(here, "urgent", [stored]) is left_out
    kept = generic_stop_rules([{"text": here, "level": "urgent"}], [stored])
    assert bool(kept) is not left_out


def test_the_warning_read_for_any_place_is_the_rules_own():
    """The place words are read as any words, never the rest of the advice."""
    reason = {"rule_id": "thoracic_pain_with_risk", "level": "urgent"}
    other = re.sub("upper or middle", "lower", WARNING.format(line="111"))
    assert not already_said(other, "urgent", [reason])
