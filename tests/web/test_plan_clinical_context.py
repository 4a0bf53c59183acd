"""What the intake said reaches the plan and the preferences page, with the reason shown."""

from __future__ import annotations

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess, evaluate
from backcare.domain.findings import red_flag_ids
from backcare.plans import planning
from backcare.plans.models import Preferences

URL = "/plan/preferences/"


def intake(**answers: object) -> dict[str, object]:
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 34, "onset": "gradual", **answers}


def test_pregnancy_told_at_the_intake_reaches_the_plan_without_the_preferences_page(ana):
    assessment = assess(ana, intake(pregnant="yes"))
    data = planning.plan_input(ana, assessment)
    assert data.preferences.pregnant
    plan = planning.rebuild_plan(ana)
    assert "pregnant" in str(plan.body)


def test_steroids_at_the_intake_apply_the_fragile_bones_screen(ana):
    assessment = assess(ana, intake(long_term_steroids="yes"))
    assert "osteoporosis" in planning.plan_input(ana, assessment).preferences.conditions


def test_the_preferences_page_is_prefilled_from_the_context_and_says_why(ana_client, ana):
    assess(ana, intake(pregnant="yes", osteoporosis="yes"))
    html = ana_client.get(URL).content.decode()
    assert "Already ticked from your answers" in html
    assert escape("In your assessment on") in html
    assert escape("you told us you are or could be pregnant.") in html
    assert '<input type="checkbox" name="pregnant" id="id_pregnant" checked>' in html
    assert 'value="osteoporosis" id="id_conditions_' in html


@time_machine.travel("2026-03-02 09:00 +0000", tick=False)
def test_the_context_uses_the_profile_age_and_keeps_unknown_facts_unknown(ana):
    ana.year_of_birth = None
    ana.save()
    context = clinical_context_for(ana)
    assert context.age is None
    assert context.cancer_history is None
    assess(ana, intake(cancer_history="yes"))
    context = clinical_context_for(ana)
    assert (context.age, context.cancer_history) == (34, "yes")
    assert context.source.startswith("your assessment on")


def test_an_intake_age_grows_with_the_years_when_the_profile_has_none(ana):
    ana.year_of_birth = None
    ana.save()
    with time_machine.travel("2025-05-01 09:00 +0000", tick=False):
        assess(ana, intake())
    with time_machine.travel("2027-05-01 09:00 +0000", tick=False):
        assert clinical_context_for(ana).possible_ages() == (36, 37)
    with time_machine.travel("2027-04-30 09:00 +0000", tick=False):
        assert clinical_context_for(ana).possible_ages() == (35, 36)
    ana.year_of_birth = 1980
    ana.save()
    with time_machine.travel("2027-05-01 09:00 +0000", tick=False):
        assert clinical_context_for(ana).possible_ages() == (46, 47)  # the profile wins


def test_an_age_told_early_in_a_year_may_have_grown_by_its_end(ana):
    """49 in early January may be 50 by December of the same year: counting calendar years
    (as before) said 49, and the warning signs that begin at 50 were missed."""
    ana.year_of_birth = None
    ana.save()
    with time_machine.travel("2025-01-05 09:00 +0000", tick=False):
        assess(ana, intake(age=49))
    with time_machine.travel("2025-12-01 09:00 +0000", tick=False):
        assert clinical_context_for(ana).possible_ages() == (49, 50)


@time_machine.travel("2026-12-31 20:00 +0000", tick=False)  # 1 January 2027 in Tokyo
@pytest.mark.parametrize("server_zone", ["UTC", "Asia/Tokyo", "America/New_York"])
def test_ages_follow_the_persons_own_date_whatever_zone_is_active(ana, server_zone):
    """Someone in Tokyo born on 1 January 1977 is 50 there at this instant: the year of
    birth is read on their own date (2027: 49 or 50), not the server's (2026: 48 or 49)."""
    ana.year_of_birth, ana.time_zone = 1977, "Asia/Tokyo"
    ana.save()
    with timezone.override(server_zone):
        assert clinical_context_for(ana).possible_ages() == (49, 50)


def test_a_fact_told_only_on_the_preferences_page_is_not_credited_to_the_intake(ana):
    assessment = assess(ana, intake(pregnant="no"))
    Preferences.objects.create(user=ana, pregnant=True, conditions=["heart_disease"])
    assert planning.context_reasons(ana) == {}
    prefs = planning.plan_input(ana, assessment).preferences
    assert prefs.pregnant
    assert "heart_disease" in prefs.conditions
    assert clinical_context_for(ana).pregnant == "yes"  # a later "yes" counts


@time_machine.travel("2026-06-01 09:00 +0000", tick=False)
@pytest.mark.parametrize(
    ("born", "singled_out"),
    [(2006, True), (1976, True), (2005, False), (1977, False)],  # 19/20, 49/50, 20/21, 48/49
)
def test_an_intake_that_leaves_age_to_the_profile_weighs_both_ages(ana, born, singled_out):
    """Night pain at 19 or younger, or at 50 or older, is a same-day warning sign: a year of
    birth that leaves one of those ages possible raises it."""
    ana.year_of_birth = born
    ana.save()
    answers = {k: v for k, v in intake(pain_not_eased_by_rest="yes").items() if k != "age"}
    answers.update(dict.fromkeys(("long_term_steroids", "weak_immune_system"), "no"))
    evaluation = evaluate(answers, context=clinical_context_for(ana))
    fired = {r.rule_id for r in evaluation.result.reasons}
    assert ("night_pain_with_risk" in fired) is singled_out


@pytest.mark.parametrize(
    ("zone", "day"), [("Asia/Tokyo", "11 March 2026"), ("America/Los_Angeles", "10 March 2026")]
)
def test_the_assessment_is_dated_in_the_persons_own_days(ana, zone, day):
    """23:30 UTC is already the next day in Tokyo: the date a person reads is their own,
    whatever zone the server or the request runs in."""
    ana.time_zone = zone
    ana.save()
    with time_machine.travel("2026-03-10 23:30 +0000", tick=False):
        assess(ana, intake(pregnant="yes"))
    with timezone.override("UTC"):
        assert clinical_context_for(ana).source == f"your assessment on {day}"
