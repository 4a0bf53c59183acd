"""Each standing fact in the report says where and when the person told it: a pregnancy
ticked in the plan preferences months after the back check is "plan preferences saved
3 Sep 2026", not the back check's day. It once read "Standing facts that change what is safe
(assessment of 9 Jun 2026): pregnancy", as if the back check had been told."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string

from backcare.assessments.intake import assess
from backcare.care.reports import report_json
from backcare.exchange.report import build_report
from backcare.plans import planning
from tests.conftest import make_user
from tests.exchange.conftest import red_flag_free_intake

pytestmark = pytest.mark.django_db

PAGO_PAGO = ZoneInfo("Pacific/Pago_Pago")  # UTC-11: its evenings are the next day in UTC
BACK_CHECK = datetime(2026, 6, 9, 20, 0, tzinfo=PAGO_PAGO)
TICKED = datetime(2026, 9, 3, 21, 0, tzinfo=PAGO_PAGO)
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=PAGO_PAGO)
TODAY = date(2026, 12, 7)
FACTS = "Standing facts that change what is safe: "


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def mele():  # type: ignore[no-untyped-def]
    """A history of cancer told at the back check of 9 Jun; "I am pregnant" ticked in the
    plan preferences on 3 Sep, both in the evening of her own day (the next day in UTC)."""
    person = make_user("mele", display_name="Mele", year_of_birth=1990, sex="female",
                       time_zone=PAGO_PAGO.key)  # fmt: skip
    with time_machine.travel(BACK_CHECK, tick=False):
        assess(person, {**red_flag_free_intake(), "cancer_history": "yes"})
        planning.rebuild_plan(person)
    with time_machine.travel(TICKED, tick=False):
        prefs = planning.screened_preferences(person)
        planning.save_preferences(person, dataclasses.replace(prefs, pregnant=True))
    return person


def facts_line(person, **options) -> str:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        report = build_report(person, TODAY, **options)
        page = render_to_string("exchange/report.html", {"report": report, "pdf": True})
    text = text_of(page)
    return text[text.index(FACTS) : text.index("Safety conditions the plan applies")]


@pytest.mark.parametrize("options", [{}, {"identified": True}, {"for_the_person": True}])
def test_each_fact_says_where_and_when_it_was_told(mele, options):
    line = facts_line(mele, **options)
    assert (
        f"{FACTS}pregnancy (plan preferences saved 3 Sep 2026); "
        "history of cancer (back check of 9 Jun 2026)."
    ) in line
    assert "assessment of" not in line


def test_facts_told_in_one_place_are_named_together(mele):
    from backcare.plans.models import Preferences

    with time_machine.travel(TICKED, tick=False):
        Preferences.objects.filter(user=mele).update(conditions=["heart_disease"])
    line = facts_line(mele)
    assert "pregnancy; heart disease (plan preferences saved 3 Sep 2026)" in line


def test_no_fact_names_the_back_check_that_asked(mele):
    from backcare.plans.models import Preferences

    Preferences.objects.filter(user=mele).update(pregnant=False)
    with time_machine.travel(NOW, tick=False):
        assess(mele, red_flag_free_intake())
    line = facts_line(mele)
    assert f"{FACTS}none reported at the back check of 7 Dec 2026." in line


def test_the_report_api_carries_where_each_fact_was_told(mele):
    with time_machine.travel(NOW, tick=False):
        facts = report_json(build_report(mele, TODAY))["standing_facts"]
    assert facts["possible"] == ["pregnancy", "history of cancer"]
    assert facts["told"] == [
        {"facts": ["pregnancy"], "where": "plan preferences saved 3 Sep 2026"},
        {"facts": ["history of cancer"], "where": "back check of 9 Jun 2026"},
    ]
    assert facts["source"] == "plan preferences saved 3 Sep 2026 and back check of 9 Jun 2026"
