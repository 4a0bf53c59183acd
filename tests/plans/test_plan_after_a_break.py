"""The plan holds a week without check-ins, and after a break of two weeks or more it starts
again easier, in the same week, once per break; home and the plan say the same week."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from backcare.domain.exercises import exercises
from backcare.plans import planning
from backcare.plans.models import Plan
from tests.plans.break_story import NOW, WEEK, checkin, levels, plan_at_week, ten_weeks_away


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _meta(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("plans:plan")).content.decode()
    return page.split('class="plan-meta">')[1].split("</p>")[0]


def test_a_week_without_check_ins_holds_and_the_plan_says_so(ana, ana_client):
    plan_at_week(ana, 5, NOW - datetime.timedelta(days=8))
    checkin(ana, NOW - datetime.timedelta(days=9), 3)  # before the week: not in it
    meta = _meta(ana_client)
    latest = planning.latest_plan(ana)
    assert latest.week == 5  # not 6
    assert "Week 5" in meta
    assert "stays here until you check in" in meta
    assert any("stays at week 5" in c["sentence"] for c in latest.changes)
    home = ana_client.get(reverse("web:home")).content.decode()
    assert "Week 5 of your plan" in home


def test_a_week_with_a_check_in_moves_on_and_home_says_the_same_week_first(ana, ana_client):
    plan_at_week(ana, 5, NOW - datetime.timedelta(days=8))
    checkin(ana, NOW - datetime.timedelta(days=2), 3)
    home = ana_client.get(reverse("web:home")).content.decode()  # home before the plan
    assert "Week 6 of your plan" in home
    assert "Week 6" in _meta(ana_client)
    assert Plan.objects.filter(user=ana, week=6).count() == 1


def test_after_ten_weeks_away_the_plan_starts_again_easier_in_the_same_week(ana, ana_client):
    before = ten_weeks_away(ana)
    meta = _meta(ana_client)
    after = planning.latest_plan(ana)
    assert after.week == WEEK
    assert "easier again after 10 weeks away" in meta
    assert "builds up week by week" in meta
    was, now = levels(before), levels(after)
    assert "dead-bug" not in now  # the reviewer's 8 reps x 2 sets
    assert sum(now.values()) < sum(was.values())
    assert all(level == 1 for level in now.values())  # 8 weeks or more: the easiest versions
    assert after.body["walking"]["minutes_per_day"] == 10  # from 25
    said = " ".join(c["sentence"] for c in after.changes)
    assert "You have not checked in for 10 weeks" in said
    assert "graded activity" in said


def test_the_plan_page_cites_why_it_starts_easier(ana, ana_client):
    ten_weeks_away(ana)
    page = ana_client.get(reverse("plans:plan")).content.decode()
    section = page.split('class="plan-restarted"')[1].split("</section>")[0]
    assert "https://pubmed.ncbi.nlm.nih.gov/20395306/" in section  # Macedo 2010
    assert reverse("plans:article", args=["pacing-and-graded-activity"]) in section
    assert reverse("diary:today") in section


def test_a_break_restarts_the_plan_once_not_again_on_coming_back(ana, ana_client, frozen_clock):
    ten_weeks_away(ana)
    ana_client.get(reverse("plans:plan"))
    versions = Plan.objects.filter(user=ana).count()
    ana_client.get(reverse("plans:plan"))
    frozen_clock.shift(datetime.timedelta(days=1))
    checkin(ana, NOW + datetime.timedelta(days=1), 3)  # back
    ana_client.get(reverse("plans:plan"))
    ana_client.get(reverse("web:home"))
    assert Plan.objects.filter(user=ana).count() == versions
    frozen_clock.shift(datetime.timedelta(days=6))  # a week on, with a check-in in it
    ana_client.get(reverse("plans:plan"))
    assert planning.latest_plan(ana).week == WEEK + 1


@pytest.mark.parametrize(("away", "steps_back"), [(16, 1), (30, 2)])
def test_a_shorter_break_steps_back_less(ana, ana_client, away, steps_back):
    last = NOW - datetime.timedelta(days=away)
    before = plan_at_week(ana, WEEK, last - datetime.timedelta(days=1))
    checkin(ana, last, 3)
    ana_client.get(reverse("plans:plan"))
    after = planning.latest_plan(ana)
    said = " ".join(c["sentence"] for c in after.changes)
    words = "16 days" if away == 16 else "4 weeks"
    assert f"After {words} away" in said
    was = before.body["walking"]["minutes_per_day"]
    assert after.body["walking"]["minutes_per_day"] == (was - 5 if steps_back == 1 else 10)
    assert sum(levels(after).values()) < sum(levels(before).values())


def test_home_first_makes_the_same_restart_the_plan_page_then_shows(ana, ana_client):
    ten_weeks_away(ana)
    home = ana_client.get(reverse("web:home")).content.decode()
    versions = Plan.objects.filter(user=ana).count()
    assert f"Week {WEEK} of your plan" in home
    assert "easier again" in _meta(ana_client)
    assert Plan.objects.filter(user=ana).count() == versions


def test_breathing_and_relaxation_are_not_eased_after_a_break(ana, ana_client):
    ten_weeks_away(ana)
    ana_client.get(reverse("plans:plan"))
    after = planning.latest_plan(ana)
    relaxing = {s for s, ex in exercises().items() if ex.category == "relaxation"}
    for change in after.changes:
        assert change["slug"] not in relaxing, change["sentence"]
