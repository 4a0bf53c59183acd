"""Every recommendation shown outside the plan carries its evidence grade and its sources, as
the plan does: a one-line "Evidence: ..." badge and a collapsed "Sources" list. The toolbox,
the guided session step, self-experiment options and insights tips are checked here; the
reminders in tests/reminders/test_reminder_evidence.py."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.utils.html import escape

from backcare.assessments.models import Assessment
from backcare.domain.content import references
from backcare.domain.exercises import exercises
from backcare.domain.interventions import interventions
from backcare.plans.library import grade_word
from backcare.plans.models import Plan, Preferences, RoutineSession
from backcare.progress.options import experiment_slugs
from tests.progress_data import heat_or_cat_cow, log, log_stress_then_pain, today_for

NOW = datetime.datetime(2026, 3, 10, 18, tzinfo=datetime.UTC)
SOURCES = "<summary>Sources</summary>"


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def content_evidence(slug: str) -> tuple[str, tuple[str, ...]]:
    item = exercises().get(slug) or interventions()[slug]
    return item.evidence.grade, item.evidence.references


def assert_graded(html: str, grade: str, refs: tuple[str, ...]) -> None:
    """``html`` shows the grade in words and lists every source, collapsed."""
    assert f"Evidence: {grade_word(grade)}</span>" in html
    assert SOURCES in html
    for ref in refs:
        assert escape(references()[ref].citation) in html


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


# --- the toolbox -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["knee-rocking", "superficial-heat"])
def test_each_pinned_entry_shows_its_grade_and_sources(ana_client, ana, slug):
    ana_client.post(f"/toolbox/{slug}/pin")
    html = ana_client.get("/toolbox/").content.decode()
    entry = between(html, f'data-slug="{slug}"', 'class="pin-form"')
    assert_graded(entry, *content_evidence(slug))


# --- the guided session ----------------------------------------------------------------


def test_each_session_step_shows_the_plan_items_grade_and_sources(ana_client, ana):
    Assessment.objects.create(
        user=ana, findings={}, level="self_care", result={}, factors=[{"id": "sedentary"}]
    )
    Preferences.objects.create(user=ana, minutes_per_day=15, equipment=["mat", "chair"])
    ana_client.get("/plan/")
    routine = [i for i in Plan.objects.get().body["routine"] if i["kind"] == "exercise"]
    assert routine
    ana_client.post("/plan/session/")
    session = RoutineSession.objects.get(user=ana)
    for number, item in enumerate(routine, 1):
        html = ana_client.get(f"/plan/session/{session.pk}/{number}/").content.decode()
        step = between(html, 'class="why-line"', "Leave the session")
        assert_graded(step, item["grade"], tuple(item["references"]))


# --- self-experiments ------------------------------------------------------------------


def test_each_option_offered_names_its_grade_and_every_source_is_listed(ana_client, ana):
    html = ana_client.get("/experiments/").content.decode()
    heat_grade, _ = content_evidence("superficial-heat")
    assert f"Warmth on the sore area (evidence: {grade_word(heat_grade)})</option>" in html
    sources = between(html, SOURCES, "</details>")
    for slug in experiment_slugs():
        for ref in content_evidence(slug)[1]:
            assert escape(references()[ref].citation) in sources


def test_an_experiment_shows_each_options_grade_and_their_sources(ana_client, ana):
    found = heat_or_cat_cow(ana)
    html = ana_client.get(f"/experiments/{found.pk}/").content.decode()
    shown = between(html, 'class="evidence-row option-evidence"', "</div>")
    for slug in ("superficial-heat", "cat-cow"):
        assert_graded(shown, *content_evidence(slug))


# --- insights --------------------------------------------------------------------------


def test_a_relief_tip_shows_the_options_grade_and_sources(ana_client, ana):
    today = today_for(ana)
    for back in range(5):
        log(ana, today - timedelta(days=back), 4, ratings={"superficial-heat": 7, "cat-cow": 2})
    html = ana_client.get("/insights/").content.decode()
    for slug, name in (("superficial-heat", "Warmth on the sore area"), ("cat-cow", "Cat-cow")):
        card = between(html, f'<p class="insight-headline">{name}', "</ol>")
        assert_graded(card, *content_evidence(slug))


def test_a_tip_for_a_link_between_days_shows_its_grade_and_sources(ana_client, ana):
    log_stress_then_pain(ana)
    html = ana_client.get("/insights/").content.decode()
    card = between(html, "<h3>Stress and pain the next day</h3>", "</ol>")
    assert "slow breathing" in card
    assert_graded(card, *content_evidence("slow-exhale-breathing"))
