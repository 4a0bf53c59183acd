"""A plan six months on still prints on two A4 pages, with every warning sign, grade, caution,
source and the disclaimer: the page a person hands to a clinician or puts on the fridge.

It once took three: after 26 weeks the routine has stepped up, the flare section lists gentle
moves, "For later" and "Ask a clinician about" fill in, and the numbered sources grow to 16,
so the end of the sources and the disclaimer spilled onto a third page."""

from __future__ import annotations

import datetime
import re
from html import escape

import pytest
import time_machine

from backcare.assessments.models import Assessment
from backcare.domain.progression import DayResponse, progress
from backcare.plans import planning
from backcare.plans.models import Plan, Preferences
from backcare.plans.presenting import printed_changes
from backcare.plans.snapshots import plan_from_body
from tests.web.test_print_plan import render

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 9, 1, 8, tzinfo=datetime.UTC)
WEEKS = 26
#: A desk worker with stress, morning stiffness and long sitting, pain for a week and a half.
FINDINGS = {
    "where": ["lower_back"],
    "feel": ["pain", "stiffness", "tension"],
    "intensity_now": 6,
    "onset": "gradual",
    "onset_days_ago": 10,
    "problem_duration": "under_2_weeks",
    "worse_times": ["after_sitting", "on_waking"],
    "triggers": ["long_sitting", "stress"],
    "age": 41,
}
FACTORS = [{"id": "stress_anxiety"}, {"id": "sedentary"}, {"id": "age_stiffness"}]
PREFERENCES = {
    "minutes_per_day": 15,
    "equipment": ["chair", "foam_roller", "massage_gun", "mat", "pillow", "towel", "wall"],
    "goals": ["move_easier", "less_stress"],
    "sleep_position": "side",
}


def good_week(first: datetime.date, slugs: frozenset[str]) -> list[DayResponse]:
    """Seven days with everything done and pain low and steady, walking rated as helping."""
    return [
        DayResponse(
            date=first + datetime.timedelta(days=n),
            pain_usual=2,
            pain_after_exercise=2,
            pain_next_morning=2,
            done=tuple(sorted(slugs | {"walking-programme"})),
            relief={"walking-programme": 7},
        )
        for n in range(7)
    ]


@pytest.fixture
def half_a_year(ana):
    """ana's plan built on START and progressed through a good week, every week, for 26
    weeks, each version dated the morning it was made; the clock then stands in week 26."""
    with time_machine.travel(START, tick=False):
        assessment = Assessment.objects.create(
            user=ana,
            findings=FINDINGS,
            level="self_care",
            result={},
            factors=FACTORS,
            course={"stage": "acute"},
        )
        Preferences.objects.create(user=ana, **PREFERENCES)
        latest = planning.rebuild_plan(ana)
        data = planning.plan_input(ana, assessment)
    for week in range(1, WEEKS):
        made = START + datetime.timedelta(weeks=week)
        previous = plan_from_body(latest.body)
        responses = good_week(
            (made - datetime.timedelta(days=7)).date(), planning.exercise_slugs(previous)
        )
        plan, changes = progress(previous, data, responses)
        latest = Plan.objects.create(
            user=ana,
            week=plan.week,
            assessment=assessment,
            status=plan.status,
            body=planning._json(plan.to_dict()),
            changes=[{"slug": c.slug, "action": c.action, "sentence": c.sentence} for c in changes],
            created_at=made,
        )
    with time_machine.travel(made + datetime.timedelta(days=2), tick=False):
        yield latest


def small_text(box, found: set[tuple[float, str]]) -> set[tuple[float, str]]:
    """Every piece of text set under 8 pt, with its size in points."""
    if (
        type(box).__name__ == "TextBox"
        and box.text.strip()
        and box.style["font_size"] < 8 * 96 / 72
    ):
        found.add((round(box.style["font_size"] * 72 / 96, 1), box.text.strip()))
    for child in getattr(box, "children", None) or ():
        small_text(child, found)
    return found


#: Lisbon's words are short; the UK's crisis line is long; where the place is not known, every
#: emergency and crisis number is listed, twice (it printed on three pages until the margins
#: and the last paragraphs were tightened).
PLACES = ["Europe/Lisbon", "Europe/London", "Asia/Tokyo"]


@pytest.mark.parametrize("zone", PLACES)
def test_a_plan_in_week_26_prints_on_two_readable_a4_pages(ana_client, half_a_year, zone):
    assert half_a_year.week == WEEKS
    ana = half_a_year.user
    ana.time_zone = zone
    ana.save(update_fields=["time_zone"])
    document, _ = render(ana_client)
    assert len(document.pages) == 2
    tiny: set[tuple[float, str]] = set()
    for page in document.pages:
        small_text(page._page_box, tiny)
    assert not tiny, sorted(tiny)[:5]


def test_paper_keeps_every_warning_sign_grade_and_the_disclaimer(ana_client, half_a_year):
    html = ana_client.get("/plan/print/").content.decode()
    half_a_year.refresh_from_db()  # the warning signs as shown: in the person's place's words
    body = half_a_year.body
    words = re.sub(r'<span class="unbroken">([^<]*)</span>', r"\1", html)  # a number kept whole
    for rule in body["stop_rules"]:
        assert escape(rule["text"]) in words
    assert escape(body["disclaimer"]) in html
    items = html.count('class="plan-item') + html.count("<li data-slug=")
    assert items
    assert html.count("Evidence: ") == items
    assert html.count('class="refs">[') >= items + len(body["stop_rules"])
    shown = len(half_a_year.changes) - 3
    assert f"And {shown} more changes this week" in html


def change(action: str, n: int) -> dict[str, str]:
    return {"slug": f"item-{n}", "action": action, "sentence": f"Change {n}."}


def test_paper_lists_every_step_back_then_the_first_other_changes():
    week = [change("keep", 1), change("progress", 2), change("step_back", 3)]
    week += [change("keep", 4), change("step_back", 5), change("add_toolbox", 6)]
    assert [c["slug"] for c in printed_changes(week)] == ["item-1", "item-3", "item-5"]
    assert printed_changes(week[:2]) == week[:2]
