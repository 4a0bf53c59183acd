"""The report says what the person told backcare and what they were shown, in words: the
crisis message (not the level's script) when they reported thoughts of self-harm; where the
pain is, how long it has lasted and the answers behind each rule that applied; the plan as
their plan page sections it; and a period and a clock that start with their own data.

Each failed before: the report gave a self-harm crisis the physical-emergency advice ("Do
not drive yourself"), listed rule titles without the answers behind them, named the plan
"care_first", put later habits among the current ones, began three months back for an
account made that day, and so named two UTC offsets for a clock that had not changed.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string

from backcare.assessments.intake import assess
from backcare.domain.factors import why_of_them
from backcare.exchange.report import build_report
from tests.conftest import make_user
from tests.exchange.conftest import red_flag_free_intake, seed_patient
from tests.progress_data import log

pytestmark = pytest.mark.django_db

DECEMBER = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def text_of(page: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def report_text(user, today: date, **kwargs) -> str:  # type: ignore[no-untyped-def]
    report = build_report(user, today, **kwargs)
    return text_of(render_to_string("exchange/report.html", {"report": report, "pdf": True}))


def test_a_crisis_reads_as_the_crisis_message_the_person_was_shown(db):
    person = make_user("cal", time_zone="America/New_York", date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        assess(person, {**red_flag_free_intake(), "self_harm_thoughts": "yes"})
        text = report_text(person, date(2026, 12, 7))
    advice = text.split("Advice shown to the person")[1].split("Reasons:")[0]
    assert "Please talk to someone now" in advice  # the crisis message's heading
    assert "988" in advice  # the crisis line of the person's place
    assert "Lines offered to call: emergency number 911; " in advice
    assert "Do not drive yourself" not in text  # the physical emergency's script


def inflammatory_answers() -> dict[str, object]:
    return {
        **red_flag_free_intake(),
        "age": 27,
        "where": ["lower_back", "buttock"],
        "side": "both",
        "onset": "gradual",
        "onset_days_ago": 180,
        "problem_duration": "3_to_12_months",
        "age_when_started": 26,
        "morning_stiffness_minutes": 75,
        "wakes_second_half_night": "yes",
        "better_with_movement": "yes",
        "psoriasis": "yes",
    }


def test_what_they_told_the_back_check_gives_the_answers_behind_each_rule(db):
    person = make_user("ines", time_zone="Europe/London", date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        assessment = assess(person, inflammatory_answers())
        text = report_text(person, date(2026, 12, 7))
    told = text.split("What they told the back check")[1].split("Questionnaires")[0]
    assert "Where: Lower back; Buttock (both sides)." in told
    assert "began about 6 months before the back check" in told
    assert "3 to 12 months" in told
    assert "back pain like this first began at 26" in told
    assert "Morning stiffness: 75 minutes." in told
    # Each rule that applied, with the answers its stored result names.
    rules = {r["title"]: r for r in assessment.result["reasons"]}
    assert "Features of inflammatory back pain" in rules
    rule = told.split("Features of inflammatory back pain :")[1].split(".")[0]
    for said in (
        "Age when back pain first began: 26 years",
        "Woken by pain in the early hours",
        "Better with movement or exercise",
        "Psoriasis now or before",
    ):
        assert said in rule
    psoriasis_rule = "Long-standing back pain with psoriasis, uveitis or bowel inflammation :"
    assert "Psoriasis now or before" in told.split(psoriasis_rule)[1].split(".")[0]
    # The possible contributors, with the reasons the result gave ("Why we suggest it"),
    # said of the person as the content words them for a clinician.
    for factor in assessment.factors:
        assert factor["title"] in told
        for why in factor["why"]:
            assert why_of_them(why) in told


def test_the_plan_is_said_in_words_never_its_code_name(db):
    person = make_user("cora", time_zone="Europe/London", date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        assess(person, {**red_flag_free_intake(), "leg_weakness": "yes"})  # urgent: care first
        from backcare.plans.planning import rebuild_plan

        assert rebuild_plan(person).status == "care_first"
        text = report_text(person, date(2026, 12, 7))
    plan = text.split("Current self-care plan")[1]
    assert "care_first" not in text
    assert "Week 1 of the plan, from 7 Dec 2026. No exercise plan for now" in plan


def test_the_period_starts_with_the_account_or_its_first_data(db):
    new = make_user("nell", time_zone="Europe/London", date_joined=DECEMBER)
    restored = make_user("rory", time_zone="Europe/London", date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        log(new, date(2026, 12, 7), 5)
        log(restored, date(2026, 11, 20), 5)  # a diary older than the account (restored)
        assert "from 7 Dec 2026 to 7 Dec 2026" in report_text(new, date(2026, 12, 7))
        assert "from 20 Nov 2026 to 7 Dec 2026" in report_text(restored, date(2026, 12, 7))
        old = make_user(
            "olga", time_zone="Europe/London", date_joined=DECEMBER - timedelta(days=400)
        )
        assert "from 8 Sep 2026 to 7 Dec 2026" in report_text(old, date(2026, 12, 7))


@pytest.mark.parametrize(
    ("zone", "offset"), [("Europe/London", "UTC+00:00"), ("Pacific/Auckland", "UTC+13:00")]
)
def test_a_new_account_names_one_offset(db, zone, offset):
    person = make_user("zed", time_zone=zone, date_joined=DECEMBER)
    with time_machine.travel(DECEMBER, tick=False):
        text = report_text(person, date(2026, 12, 7))
    assert f"Dates and times are the person's local time ({offset})." in text


def test_a_period_across_a_clock_change_says_when_it_changed(db):
    person = make_user(
        "lon", time_zone="Europe/London", date_joined=datetime(2026, 10, 1, tzinfo=UTC)
    )
    with time_machine.travel(DECEMBER, tick=False):
        report = build_report(person, date(2026, 12, 7))
    assert report["zone_label"] == (
        "UTC+01:00 until the clocks changed on 25 Oct 2026, then UTC+00:00"
    )


def later_titles(plan_page: str) -> list[str]:
    """The titles under "For later" on the person's plan page."""
    later = plan_page.split('id="later-title"')[1].split("<section")[0].split("what-about-link")[0]
    later = later.split("The evidence for these is weaker")[0]  # "also consider": not the plan
    return [text_of(t).strip() for t in re.findall(r'<span class="item-title">(.*?)</span>', later)]


def test_the_plans_sections_are_those_of_the_plan_page(ana_client, ana, frozen):
    from backcare.plans.models import ToolboxPin

    seed_patient(ana)
    page = ana_client.get("/plan/").content.decode()
    later = later_titles(page)
    assert later, "the plan page keeps some habits for later"
    report = build_report(ana, date(2026, 3, 20))
    plan = report["plan"]
    now = [item["title"] for group in plan["groups"] for item in group["items"]]
    assert [item["title"] for item in plan["later"]] == later
    assert not set(later) & set(now)
    text = text_of(render_to_string("exchange/report.html", {"report": report}))
    assert "For later" in text.split("Current self-care plan")[1]
    # A habit the person pinned moves into this week, on their page and in the report alike.
    pinned = plan["later"][0]
    ToolboxPin.objects.create(user=ana, exercise=pinned["slug"])
    assert pinned["title"] not in later_titles(ana_client.get("/plan/").content.decode())
    again = build_report(ana, date(2026, 3, 20))["plan"]
    assert pinned["title"] in [i["title"] for g in again["groups"] for i in g["items"]]
