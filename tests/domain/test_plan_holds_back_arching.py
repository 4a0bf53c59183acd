"""A young person's back worse bending backwards or with sport: until a clinician has checked
it, the plan leaves out every move that arches the back and lists each one it would otherwise
offer under "Held back for your safety", with the reason."""

from __future__ import annotations

from backcare.domain.exercises import exercises
from backcare.domain.plan_model import HOME_EQUIPMENT
from backcare.domain.plans import Plan, PlanInput, Preferences, build_plan, plan_context
from backcare.domain.tailoring import screens

YOUNG = "young_back_worse_arching_or_sport"
# Sam, 16: back pain for 6 weeks, worse bending backwards, no better after 4 weeks.
SAM: dict[str, object] = {
    "triage_level": "soon",
    "factor_ids": frozenset({"sedentary"}),
    "preferences": Preferences(minutes_per_day=15, equipment=HOME_EQUIPMENT | {"mat"}),
}
ARCHING = {
    "cat-cow",
    "foam-roller-thoracic",
    "hip-flexor-stretch-half-kneeling",
    "hip-flexor-stretch-standing",
    "press-up-prone-extension",
    "thoracic-extension-chair",
    "wall-angels",
}


def plan(*rules: str) -> Plan:
    return build_plan(PlanInput(**SAM, triage_rules=frozenset(rules)))  # type: ignore[arg-type]


def offered(built: Plan) -> set[str]:
    items = (*built.routine, *built.relaxation, *built.flare_protocol.items)
    return {item.slug for item in items if item.kind == "exercise"}


def test_the_moves_that_arch_the_back_are_the_ones_held_back():
    assert {s for s, ex in exercises().items() if ex.caution_for("back_arching")} == ARCHING
    assert all(exercises()[s].caution_for("back_arching").action == "avoid" for s in ARCHING)


def test_without_the_rule_the_plan_offers_moves_that_arch_the_back():
    assert offered(plan("no_improvement")) & ARCHING


def test_the_young_rule_leaves_every_arching_move_out_and_says_why():
    built = plan("no_improvement", YOUNG)
    assert not offered(built) & ARCHING
    assert built.routine, "the rest of the plan stays"
    held = {h.slug: h for h in built.held_back}
    listed = held.keys() & ARCHING
    assert listed, "the plan lists what it holds back"
    for slug in listed:
        assert held[slug].name == exercises()[slug].name
        assert "bending backwards" in held[slug].reason
        assert "doctor or physiotherapist" in held[slug].reason


def test_only_moves_the_plan_could_offer_are_listed():
    # The plan is gentle (see a clinician within days), so only gentle, flare-safe moves.
    built = plan(YOUNG)
    for held in built.held_back:
        if held.slug in ARCHING:
            assert exercises()[held.slug].level == 1
            assert exercises()[held.slug].flare_safe


def test_care_first_lists_nothing():
    urgent = {**SAM, "triage_level": "urgent"}
    built = build_plan(PlanInput(**urgent, triage_rules=frozenset({YOUNG})))  # type: ignore[arg-type]
    assert built.held_back == ()


def test_a_clinician_adding_one_is_told_why_it_is_held_back():
    ctx = plan_context(PlanInput(**SAM, triage_rules=frozenset({YOUNG})))  # type: ignore[arg-type]
    said = " ".join(s.sentence for s in screens(ctx, exercises()["thoracic-extension-chair"]))
    assert "bending backwards" in said
