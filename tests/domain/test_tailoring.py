"""A clinician's changes to a plan: checked against the safety screens, applied when the plan
is built, and kept through weekly progression."""

import datetime
from dataclasses import replace

import pytest

from backcare.domain import plan_rules
from backcare.domain.content import Evidence
from backcare.domain.exercises import exercises
from backcare.domain.plans import PlanInput, Preferences, build_plan, build_tailored, plan_context
from backcare.domain.progression import DayResponse, progress
from backcare.domain.tailoring import (
    Tailoring,
    TailoringError,
    apply,
    check,
    check_reasons,
    restore,
    ruled_out,
)

ALL_KIT = frozenset({"mat", "chair", "wall", "towel", "ball", "foam_roller", "pillow"})
START = datetime.date(2025, 3, 3)


def data_for(level="self_care", **prefs):
    prefs.setdefault("equipment", ALL_KIT)
    return PlanInput(level, preferences=Preferences(minutes_per_day=15, **prefs))


def add(slug, override=False, by="Dr Cy", covers=()):
    return Tailoring("add", slug, override=override, by=by, covers=frozenset(covers))


def slugs(plan):
    return [item.slug for item in plan.routine]


def good_week(routine_slugs, start=START):
    """Seven green days on which everything in the routine and walking was done."""
    done = (*routine_slugs, plan_rules.WALKING_SLUG)
    return [DayResponse(start + datetime.timedelta(days=n), 3, 3, 3, done=done) for n in range(7)]


# --- checking a new change ----------------------------------------------------------------


def test_an_exercise_the_person_can_do_is_accepted_and_added():
    data = data_for()
    plan = build_plan(data)
    assert "wall-sit" not in slugs(plan)
    ctx = plan_context(data)
    assert check(ctx, plan, [], add("wall-sit")) == ""
    tailored = build_plan(data, tailorings=[add("wall-sit")])
    item = next(i for i in tailored.routine if i.slug == "wall-sit")
    assert item.reason == "clinician"
    assert "Added by Dr Cy" in item.why
    assert item.grade == exercises()["wall-sit"].evidence.grade


def test_pregnancy_rules_out_press_ups_unless_overridden_with_a_reason():
    data = data_for(pregnant=True)
    ctx, plan = plan_context(data), build_plan(data)
    with pytest.raises(TailoringError) as refused:
        check(ctx, plan, [], add("press-up-prone-extension"))
    assert refused.value.field == "override"
    assert "Pregnancy" in refused.value.message
    with pytest.raises(TailoringError) as no_reason:
        check(ctx, plan, [], add("press-up-prone-extension", override=True), "")
    assert no_reason.value.field == "override_reason"
    said = check(ctx, plan, [], add("press-up-prone-extension", override=True), "Seen today")
    assert said.startswith("Pregnancy")
    overridden = add("press-up-prone-extension", override=True, covers={"condition:pregnancy"})
    tailored = build_plan(data, tailorings=[overridden])
    item = next(i for i in tailored.routine if i.slug == "press-up-prone-extension")
    assert any(
        "added this back to your plan knowing about your pregnancy" in c for c in item.cautions
    )


def test_without_an_override_a_ruled_out_addition_is_never_applied():
    data = data_for(pregnant=True)
    plan, left_out = build_tailored(data, [add("press-up-prone-extension")])
    assert "press-up-prone-extension" not in slugs(plan)
    assert left_out
    assert "left out" in left_out[0][1]


def test_osteoporosis_rules_out_the_foam_roller():
    data = data_for(conditions=frozenset({"osteoporosis"}))
    why = ruled_out(plan_context(data), exercises()["foam-roller-thoracic"])
    assert why is not None
    assert why.startswith("Fragile bones")
    with pytest.raises(TailoringError):
        check(plan_context(data), build_plan(data), [], add("foam-roller-thoracic"))


def test_care_first_refuses_every_exercise_change_but_takes_a_note():
    """A cancer history triages as urgent: the plan is paused and stays paused."""
    data = data_for(level="urgent")
    ctx, plan = plan_context(data), build_plan(data)
    for change in (add("cat-cow"), Tailoring("walking", walking_minutes=20)):
        with pytest.raises(TailoringError) as refused:
            check(ctx, plan, [], change)
        assert "care first" in refused.value.message
    assert check(ctx, plan, [], Tailoring("note")) == ""
    tailored = build_plan(data, tailorings=[add("cat-cow", override=True)])
    assert tailored.routine == ()
    assert tailored.status == "care_first"
    assert tailored.care_advice == plan.care_advice


def test_a_gentle_plan_refuses_a_demanding_exercise_without_override():
    data = data_for(level="soon")
    with pytest.raises(TailoringError) as refused:
        check(plan_context(data), build_plan(data), [], add("side-plank"))
    assert "gentle" in refused.value.message


def test_walking_exercises_and_weak_evidence_are_never_added():
    data = data_for()
    ctx, plan = plan_context(data), build_plan(data)
    with pytest.raises(TailoringError, match="walking target"):
        check(ctx, plan, [], add("brisk-walk", override=True), "because")
    weak = replace(exercises()["wall-sit"], evidence=Evidence("low", "insufficient", ("x",)))
    catalogue = {**exercises(), "wall-sit": weak}
    with pytest.raises(TailoringError, match="only recommends"):
        check(plan_context(data, catalogue), plan, [], add("wall-sit", override=True), "x")


def test_doses_and_walking_minutes_stay_within_bounds():
    for fields in ({"reps": 0}, {"reps": 31}, {"sets": 6}, {"hold_seconds": 500}, {}):
        with pytest.raises(TailoringError):
            Tailoring("dose", "cat-cow", **fields)
    with pytest.raises(TailoringError) as walk:
        Tailoring("walking", walking_minutes=45)
    assert walk.value.field == "walking_minutes"
    data = data_for(level="soon")  # gentle: walking at most 15 minutes
    with pytest.raises(TailoringError, match="at most 15"):
        check(plan_context(data), build_plan(data), [], Tailoring("walking", walking_minutes=25))


def test_reasons_are_required():
    with pytest.raises(TailoringError):
        check_reasons("  ", False, "")
    with pytest.raises(TailoringError) as refused:
        check_reasons("Stronger hips", True, "")
    assert refused.value.field == "override_reason"


def test_remove_and_dose_need_an_exercise_in_the_routine():
    data = data_for()
    ctx, plan = plan_context(data), build_plan(data)
    missing = next(s for s in exercises() if s not in slugs(plan))
    for kind in ("remove", "dose"):
        with pytest.raises(TailoringError, match="not in the current routine"):
            check(ctx, plan, [], Tailoring(kind, missing, reps=5))


# --- applying -----------------------------------------------------------------------------


def test_remove_redose_and_walking_are_applied():
    data = data_for()
    plan = build_plan(data)
    first, second = slugs(plan)[:2]
    changes = [
        Tailoring("remove", first),
        Tailoring("dose", second, reps=4, sets=3),
        Tailoring("walking", walking_minutes=25),
    ]
    tailored = build_plan(data, tailorings=changes)
    assert first not in slugs(tailored)
    item = next(i for i in tailored.routine if i.slug == second)
    assert "4" in item.dose
    assert "3 sets" in item.dose
    assert tailored.walking is not None
    assert tailored.walking.minutes_per_day == 25


def test_apply_leaves_a_routine_alone_without_changes():
    data = data_for()
    plan = build_plan(data)
    applied = apply(plan_context(data), plan.routine, 15, [])
    assert applied.routine == plan.routine
    assert applied.walking_minutes == 15


def test_progression_keeps_what_the_clinician_set_over_several_weeks():
    data = data_for()
    base = build_plan(data)
    dosed = slugs(base)[0]
    changes = [
        add("wall-sit"),
        Tailoring("dose", dosed, reps=5, by="Dr Cy"),
        Tailoring("walking", walking_minutes=20, by="Dr Cy"),
    ]
    plan = build_plan(data, tailorings=changes)
    for week in range(3):
        diary = good_week(slugs(plan), START + datetime.timedelta(days=7 * week))
        plan, said = progress(plan, data, diary, tailorings=changes)
        assert "wall-sit" in slugs(plan)
        item = next(i for i in plan.routine if i.slug == dosed)
        assert item.dose.startswith("5 reps")
        assert plan.walking is not None
        assert plan.walking.minutes_per_day == 20
        about = {c.slug: c.sentence for c in said}
        assert "as Dr Cy set it" in about["wall-sit"]
        assert "the target Dr Cy set" in about[plan_rules.WALKING_SLUG]
    untailored = build_plan(data)
    for week in range(3):
        diary = good_week(slugs(untailored), START + datetime.timedelta(days=7 * week))
        untailored, _ = progress(untailored, data, diary)
    assert untailored.walking is not None
    assert untailored.walking.minutes_per_day > 20


def test_progression_tells_the_person_to_ease_off_a_clinician_exercise_that_hurt():
    data = data_for()
    plan = build_plan(data, tailorings=[add("wall-sit")])
    diary = [
        DayResponse(START + datetime.timedelta(days=n), 3, 7, 5, done=("wall-sit",))
        for n in range(7)
    ]
    _, said = progress(plan, data, diary, tailorings=[add("wall-sit")])
    sentence = next(c.sentence for c in said if c.slug == "wall-sit")
    assert "do less or skip it" in sentence
    assert "7 days" in sentence


def test_a_screen_that_applies_later_still_wins_over_an_addition():
    data = data_for()
    plan = build_plan(data, tailorings=[add("side-plank")])
    assert "side-plank" in slugs(plan)
    gentle = data_for(level="soon")
    later, said = progress(plan, gentle, [], tailorings=[add("side-plank")])
    assert "side-plank" not in slugs(later)
    assert any(c.slug == "side-plank" and "left out" in c.sentence for c in said)


def test_a_removed_exercise_does_not_come_back_with_progression_or_rebuild():
    data = data_for()
    plan = build_plan(data)
    removed = slugs(plan)[0]
    changes = [Tailoring("remove", removed)]
    rebuilt = build_plan(data, tailorings=changes)
    assert removed not in slugs(rebuilt)
    assert removed not in [i.slug for i in rebuilt.flare_protocol.items]
    later, _ = progress(rebuilt, data, good_week(slugs(rebuilt)), tailorings=changes)
    assert removed not in slugs(later)
    with pytest.raises(TailoringError, match="withdraw"):
        check(plan_context(data), rebuilt, changes, add(removed))


def test_a_withdrawn_removal_puts_the_exercise_back_as_the_engine_chose_it():
    data = data_for()
    plan = build_plan(data)
    removed = plan.routine[0]
    without = build_plan(data, tailorings=[Tailoring("remove", removed.slug)]).routine
    back = restore(plan_context(data), without, removed.slug)
    assert back[-1] == removed
    assert restore(plan_context(data), back, removed.slug) == back, "never twice"


def test_a_withdrawn_removal_brings_back_nothing_the_screens_now_rule_out():
    data = data_for()
    slug = "press-up-prone-extension"
    routine = build_plan(data, tailorings=[Tailoring("remove", slug)]).routine
    assert restore(plan_context(data), routine, slug) != routine
    for later in (
        data_for(pregnant=True),
        data_for(cannot_do=frozenset({slug})),
        data_for(level="emergency"),  # warning signs: the plan is paused
    ):
        assert restore(plan_context(later), routine, slug) == routine


def test_a_withdrawn_removal_adds_nothing_when_a_harder_version_took_its_place():
    data = data_for()
    catalogue = exercises()
    easy = next(s for s, ex in catalogue.items() if ex.harder in catalogue and ex.level == 1)
    harder = restore(plan_context(data), (), catalogue[easy].harder)  # progressed to it
    assert [i.slug for i in harder] == [catalogue[easy].harder]
    assert restore(plan_context(data), harder, easy) == harder


def test_a_pin_follows_the_screens_without_an_override():
    data = data_for(conditions=frozenset({"osteoporosis"}))
    ctx, plan = plan_context(data), build_plan(data)
    with pytest.raises(TailoringError, match="cannot be pinned: Fragile bones"):
        check(ctx, plan, [], Tailoring("pin", "foam-roller-thoracic", override=True), "x")
    assert check(ctx, plan, [], Tailoring("pin", "knee-rocking")) == ""
    weak = next(s for s, i in ctx.library.items() if not i.recommendable)
    with pytest.raises(TailoringError, match="not something backcare recommends"):
        check(ctx, plan, [], Tailoring("pin", weak))
