"""The plan's own words: one care deadline, an opening line that fits the stage of the
episode and the week of the plan, and stress named as a reason only where it leads."""

import pytest

from backcare.domain import plan_text
from backcare.domain.content import references
from backcare.domain.course import course_book
from backcare.domain.plan_rules import care_advice, intervention_reason, stage_in_week
from backcare.domain.plans import PlanInput, assemble_plan, build_plan, plan_context


def opening(stage, week):  # type: ignore[no-untyped-def]
    ctx = plan_context(PlanInput("self_care", stage=stage))
    return care_advice(ctx, week)[0]


@pytest.mark.parametrize(
    ("stage", "week", "expected"),
    [
        (None, 1, "acute"), ("acute", 1, "acute"), ("acute", 6, "acute"),
        ("acute", 7, "subacute"), ("acute", 13, "persistent"), ("acute", 26, "persistent"),
        ("subacute", 1, "subacute"), ("persistent", 1, "persistent"),
        ("persistent", 26, "persistent"),
    ],
)  # fmt: skip
def test_the_stage_moves_on_with_the_weeks_of_the_plan(stage, week, expected):  # type: ignore[no-untyped-def]
    assert stage_in_week(stage, week) == expected
    assert opening(stage, week) == plan_text.SELF_CARE[expected]


def test_a_plan_at_week_26_does_not_promise_recovery_within_a_few_weeks():
    plan = build_plan(PlanInput("self_care", stage="acute"))
    ctx = plan_context(PlanInput("self_care", stage="acute"))
    later = assemble_plan(ctx, plan.routine, 15, week=26)
    assert "first month" in plan.care_advice[0].text
    assert "12 weeks" in later.care_advice[0].text
    assert "first month" not in later.care_advice[0].text
    assert "within a few weeks" not in later.care_advice[0].text


def test_long_standing_pain_is_told_what_usually_happens_at_its_stage():
    text = opening("persistent", 1).text
    assert "12 weeks" in text
    assert "more slowly" in text
    assert "first month" not in text


def test_each_opening_line_cites_sources_of_its_stage():
    known = set(references())
    book = course_book()
    for stage, advice in plan_text.SELF_CARE.items():
        assert advice.references
        assert set(advice.references) <= known
        assert set(advice.references) <= set(book.stages[stage].references)  # type: ignore[index]


def test_a_soon_plan_gives_one_deadline_in_the_triage_levels_words():
    plan = build_plan(PlanInput("soon", triage_rules=frozenset({"spasm_over_a_week"})))
    assert plan.status == "gentle"
    assert "in the next few days" in plan.status_reason
    assert "in the next few days" in plan.care_advice[0].text
    assert "week" not in plan.care_advice[0].text


def test_a_review_only_soon_plan_does_not_say_it_keeps_to_gentle_movement():
    plan = build_plan(PlanInput("soon", triage_rules=frozenset({"no_improvement"})))
    assert plan.status == "full"
    assert "in the next few days" in plan.care_advice[0].text
    assert "gentle" not in plan.care_advice[0].text


def test_walking_names_its_own_reason_when_stress_is_not_the_only_one():
    from backcare.domain.interventions import interventions

    ctx = plan_context(
        PlanInput("self_care", factor_ids=frozenset({"stress_anxiety", "sedentary"}))
    )
    library = interventions()
    assert intervention_reason(library["walking-programme"], ctx) == "sedentary"
    assert intervention_reason(library["mindfulness-practice"], ctx) == "stress_anxiety"


def test_stress_still_leads_when_only_a_very_low_factor_competes():
    from backcare.domain.interventions import interventions

    ctx = plan_context(
        PlanInput("self_care", factor_ids=frozenset({"stress_anxiety", "age_stiffness"}))
    )
    assert intervention_reason(interventions()["walking-programme"], ctx) == "stress_anxiety"


def test_stress_is_the_reason_for_fewer_items_of_a_stressed_sitters_plan():
    plan = build_plan(
        PlanInput("soon", factor_ids=frozenset({"stress_anxiety", "sedentary", "poor_sleep"}))
    )
    stressed = [i.slug for i in plan.recommendations() if i.reason == "stress_anxiety"]
    assert "walking-programme" not in stressed
    assert all(i.reason != "stress_anxiety" for i in plan.keep_moving)
