"""A move a clinician put back with an override is in the plan and not held back by it.

Sam, 16, back worse bending backwards: the young rule holds back the moves that arch the
back. His clinician adds cat-cow back with an override (it covers the back-arching screen).
The plan's routine has cat-cow and its "held back" list no longer names it, while the other
arching moves stay listed; pinned to his toolbox it leads his flare protocol and may be pinned
by his clinician. A back check that adds a screen the override does not cover (leg pain on
walking) holds it back, and lists it, again.

Failed before: the plan listed cat-cow as held back beside it in the routine, the flare
protocol left his pinned cat-cow out, and his clinician could not pin it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from backcare.domain import tailoring as tailor
from backcare.domain.plan_model import HOME_EQUIPMENT
from backcare.domain.plans import Plan, PlanInput, Preferences, build_tailored, plan_context

YOUNG = "young_back_worse_arching_or_sport"
SAM = PlanInput(
    triage_level="soon",
    factor_ids=frozenset({"sedentary"}),
    preferences=Preferences(minutes_per_day=15, equipment=HOME_EQUIPMENT | {"mat"}),
    triage_rules=frozenset({YOUNG}),
)
WITH_LEG_PAIN = replace(SAM, triage_rules=frozenset({YOUNG, "leg_pain_on_walking"}))


def override(data: PlanInput = SAM, slug: str = "cat-cow") -> tailor.Tailoring:
    covers = tailor.screen_ids(plan_context(data), slug)
    return tailor.Tailoring("add", slug, override=True, by="Dr Cy", covers=covers)


def plan(data: PlanInput = SAM, *changes: tailor.Tailoring) -> Plan:
    return build_tailored(data, changes)[0]


def held(built: Plan) -> set[str]:
    return {h.slug for h in built.held_back}


def test_without_an_override_cat_cow_is_held_back():
    assert "cat-cow" in held(plan())


def test_the_move_put_back_is_in_the_routine_and_not_held_back():
    built = plan(SAM, override())
    assert "cat-cow" in {item.slug for item in built.routine}
    assert "cat-cow" not in held(built)
    assert held(plan()) - {"cat-cow"} == held(built), "the others stay held back"


def test_a_new_rule_the_override_does_not_cover_holds_it_back_again():
    built = plan(WITH_LEG_PAIN, override())
    assert "cat-cow" not in {item.slug for item in built.routine}
    assert "cat-cow" in held(built)


@pytest.mark.parametrize(("data", "leads"), [(SAM, True), (WITH_LEG_PAIN, False)])
def test_pinned_it_leads_the_flare_protocol_while_the_override_covers_it(data, leads):
    pinned = replace(data, preferences=replace(data.preferences, toolbox=("cat-cow",)))
    slugs = [i.slug for i in plan(pinned, override()).flare_protocol.items]
    assert (slugs[:1] == ["cat-cow"]) is leads
    assert ("cat-cow" in slugs) is leads


def test_a_held_move_without_an_override_stays_out_of_the_flare_protocol():
    pinned = replace(SAM, preferences=replace(SAM.preferences, toolbox=("cat-cow",)))
    assert "cat-cow" not in {i.slug for i in plan(pinned).flare_protocol.items}


def test_the_clinician_may_pin_the_move_they_put_back_and_no_other_held_move():
    added = override()
    built = plan(SAM, added)
    ctx = plan_context(SAM)
    pin = tailor.Tailoring("pin", "cat-cow", by="Dr Cy")
    assert tailor.check(ctx, built, [added], pin) == ""
    other = tailor.Tailoring("pin", "thoracic-extension-chair", by="Dr Cy")
    with pytest.raises(tailor.TailoringError, match="cannot be pinned"):
        tailor.check(ctx, built, [added], other)
