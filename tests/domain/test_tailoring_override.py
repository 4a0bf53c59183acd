"""An override covers the screens it was given for: a later screen holds the exercise back,
and the person is told only about the screens the clinician overrode."""

from backcare.domain import tailoring as tailor
from backcare.domain.exercises import exercises
from backcare.domain.plans import PlanInput, Preferences, build_tailored, plan_context
from backcare.domain.progression import progress
from backcare.domain.tailoring import Tailoring, may_keep

PRESS_UP = "press-up-prone-extension"  # needs a mat; avoid in pregnancy and after surgery
NO_MAT = frozenset({"chair", "wall", "towel", "foam_roller", "pillow"})


def data_for(equipment=NO_MAT, **prefs):
    return PlanInput("self_care", preferences=Preferences(15, equipment=equipment, **prefs))


def added(*covers):
    return Tailoring("add", PRESS_UP, override=True, by="Dr Cy", covers=frozenset(covers))


def test_only_the_screens_an_override_names_are_covered():
    ctx = plan_context(data_for(pregnant=True, conditions=frozenset({"recent_surgery"})))
    ex = exercises()[PRESS_UP]
    add = added("equipment:mat", "condition:pregnancy")
    assert [s.ids for s in tailor.overridden(ctx, ex, add)] == [
        {"condition:pregnancy"},
        {"equipment:mat"},
    ]
    assert [s.ids for s in tailor.new_screens(ctx, ex, add)] == [{"condition:recent_surgery"}]
    assert not may_keep(ctx, PRESS_UP, [add])
    assert len(tailor.new_screens(ctx, ex, Tailoring("add", PRESS_UP))) == 3, "no override: all new"


def test_a_new_screen_leaves_an_overridden_addition_out_naming_only_that_screen():
    plan, left_out = build_tailored(data_for(pregnant=True), [added("equipment:mat")])
    assert PRESS_UP not in [item.slug for item in plan.routine]
    [(slug, sentence)] = left_out
    assert slug == PRESS_UP
    assert "(Pregnancy: Lying on your front" in sentence
    assert "mat" not in sentence


def test_a_kept_addition_names_every_screen_overridden_and_no_other():
    plan, left_out = build_tailored(
        data_for(pregnant=True), [added("equipment:mat", "condition:pregnancy")]
    )
    assert left_out == ()
    item = next(i for i in plan.routine if i.slug == PRESS_UP)
    [said] = [c for c in item.cautions if "added this back" in c]
    assert said == (
        "Dr Cy, your clinician, added this back to your plan knowing about your pregnancy and "
        "the mat it needs, which you have not said you have."
    )


def test_a_screen_partly_covered_counts_as_new():
    ctx = plan_context(data_for(equipment=frozenset()))
    roller = next(ex for ex in exercises().values() if len(ex.equipment) > 1)
    add = Tailoring("add", roller.slug, override=True, covers=frozenset({"equipment:mat"}))
    assert not may_keep(ctx, roller.slug, [add])


def test_progression_screens_an_addition_again_and_redoes_its_cautions():
    changes = [added("equipment:mat")]
    plan, _ = build_tailored(data_for(), changes)
    assert PRESS_UP in [item.slug for item in plan.routine]
    with_mat, _ = progress(plan, data_for(equipment=NO_MAT | {"mat"}), [], tailorings=changes)
    item = next(i for i in with_mat.routine if i.slug == PRESS_UP)
    assert not any("override" in c for c in item.cautions), "the mat screen no longer applies"
    pregnant, said = progress(plan, data_for(pregnant=True), [], tailorings=changes)
    assert PRESS_UP not in [item.slug for item in pregnant.routine]
    assert any(c.slug == PRESS_UP and "Pregnancy" in c.sentence for c in said)
