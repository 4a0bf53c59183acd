"""What the intake said reaches the plan and the preferences page, with the reason shown."""

from __future__ import annotations

import time_machine
from django.utils.html import escape

from backcare.assessments.context import clinical_context_for
from backcare.assessments.intake import assess
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
        assert clinical_context_for(ana).age == 36
    ana.year_of_birth = 1980
    ana.save()
    with time_machine.travel("2027-05-01 09:00 +0000", tick=False):
        assert clinical_context_for(ana).age == 47  # the profile wins


def test_a_fact_told_only_on_the_preferences_page_is_not_credited_to_the_intake(ana):
    assessment = assess(ana, intake(pregnant="no"))
    Preferences.objects.create(user=ana, pregnant=True, conditions=["heart_disease"])
    assert planning.context_reasons(ana) == {}
    prefs = planning.plan_input(ana, assessment).preferences
    assert prefs.pregnant
    assert "heart_disease" in prefs.conditions
    assert clinical_context_for(ana).pregnant == "yes"  # a later "yes" counts
