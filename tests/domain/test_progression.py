"""Progression rules: the traffic light, adherence, toolbox suggestions and status changes."""

import datetime
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.domain.content import RECOMMENDABLE_GRADES, Evidence, Meta
from backcare.domain.exercises import Caution, Dose, Exercise, exercises
from backcare.domain.plan_sections import exercise_item
from backcare.domain.plans import PlanInput, PlanInputError, Preferences, build_plan, plan_context
from backcare.domain.progression import DayResponse, day_light, progress

START = datetime.date(2025, 3, 3)


def _ex(slug, category, level=1, minutes=2.0, *, easier=None, harder=None, flare_safe=True,
        avoid=()):  # fmt: skip
    return Exercise(
        slug=slug, name=slug.replace("-", " ").capitalize(), category=category,
        targets=("lumbar spine",), summary=f"What {slug} does.", steps=("Do it slowly.",),
        dose=Dose(reps=10), minutes=minutes, equipment=frozenset({"mat"}), level=level,
        easier=easier, harder=harder, flare_safe=flare_safe,
        evidence=Evidence("low", "for", ("nice-ng59",)),
        cautions=tuple(Caution(c, "avoid", "avoid it") for c in avoid),
        illustration=f"{slug}.svg", alt=slug,
        meta=Meta(slug, "1", "CC-BY-SA-4.0", "unreviewed", ("nice-ng59",)),
    )  # fmt: skip


FAKE = {
    ex.slug: ex
    for ex in (
        _ex("rock", "mobility", harder="twist"),
        _ex("twist", "mobility", 2, 3, easier="rock", harder="twist-plus", flare_safe=False),
        _ex("twist-plus", "mobility", 3, 3, easier="twist", flare_safe=False),
        _ex("squeeze", "strengthening", harder="lift"),
        _ex(
            "lift", "strengthening", 2, 3, easier="squeeze", flare_safe=False, avoid=("pregnancy",)
        ),
        _ex("reach", "stretching", 1, 2),
        _ex("stroll", "walking", 1, 10),
    )
}


def data_for(level="self_care", minutes=10, **prefs):
    prefs.setdefault("equipment", frozenset({"mat"}))
    return PlanInput(level, frozenset(), None, {}, Preferences(minutes_per_day=minutes, **prefs))


def plan_with(routine, data=None):
    """A week-1 plan whose routine is exactly ``routine`` (exercise slugs)."""
    data = data or data_for()
    ctx = plan_context(data, FAKE)
    plan = build_plan(data, FAKE)
    return replace(plan, routine=tuple(exercise_item(ctx, FAKE[s], "baseline") for s in routine))


def week(done, days=7, usual=3.0, after=4.0, morning=3.0, relief=None, skip=()):
    """``days`` diary entries from START; ``done`` is done every day except ``skip``."""
    return [
        DayResponse(
            START + datetime.timedelta(days=n),
            usual,
            after,
            morning,
            () if n in skip else tuple(done),
            relief or {},
        )
        for n in range(days)
    ]


def changes_by_slug(changes):
    return {c.slug: c for c in changes}


# --- the traffic light -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("usual", "after", "morning", "light"),
    [
        (3, 3, 3, "green"),
        (3, 5, 3, "green"),  # +2 during/after is fine if it settles
        (3, 5, 2, "green"),
        (3, 5.5, 3, "red"),  # more than +2
        (3, 6, 3, "red"),
        (3, 4, 4, "red"),  # not settled by next morning
        (0, 2, 0, "green"),
        (8, 10, 8, "green"),
        (3, 6, None, "red"),  # already too high, whatever the morning
        (3, 4, None, None),  # cannot tell without the morning
        (3, None, 3, None),
        (3, None, 5, "red"),
        (3, None, None, None),
    ],
)
def test_day_light(usual, after, morning, light):
    assert day_light(DayResponse(START, usual, after, morning)) == light


@pytest.mark.parametrize(
    ("usual_morning", "morning", "light"),
    [
        (5.0, 5, "green"),  # stiffer on waking than the day's mean of 3.5: usual for a morning
        (5.0, 6, "red"),  # a whole point above the usual morning
        (3.43, 4, "green"),  # mornings of 3 and 4: a 4 is within them
        (3.43, 5, "red"),
        (3.0, 4, "red"),
        (None, 4, "green"),  # no earlier morning: the day's usual of 3.5 stands in
        (None, 5, "red"),
    ],
)
def test_the_next_morning_is_compared_with_usual_mornings(usual_morning, morning, light):
    day = DayResponse(START, 3.5, 4, morning, pain_usual_morning=usual_morning)
    assert day_light(day) == light


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"pain_usual": 11}, "pain_usual"),
        ({"pain_usual": -1}, "pain_usual"),
        ({"pain_usual": True}, "pain_usual"),
        ({"pain_usual": 3, "pain_after_exercise": 12}, "pain_after_exercise"),
        ({"pain_usual": 3, "pain_next_morning": "bad"}, "pain_next_morning"),
        ({"pain_usual": 3, "done": ["rock"]}, "done"),
        ({"pain_usual": 3, "relief": {"rock": 11}}, "relief"),
        ({"pain_usual": 3, "relief": {"rock": 6.5}}, "relief"),
    ],
)
def test_bad_diary_entries_name_the_field(kwargs, field):
    with pytest.raises(PlanInputError, match=field):
        DayResponse(START, **kwargs)


def test_bad_diaries_are_rejected():
    plan = plan_with(["rock"])
    with pytest.raises(PlanInputError, match="more than one entry"):
        progress(plan, data_for(), week(["rock"], days=1) * 2, FAKE)
    with pytest.raises(PlanInputError, match="rokc"):
        progress(plan, data_for(), week(["rokc"]), FAKE)


# --- routine rules -----------------------------------------------------------------------


def test_a_green_week_with_good_adherence_steps_up():
    new, changes = progress(
        plan_with(["rock", "squeeze"]), data_for(), week(["rock", "squeeze"]), FAKE
    )
    assert [i.slug for i in new.routine] == ["twist", "lift"]
    by_slug = changes_by_slug(changes)
    assert by_slug["rock"].action == "progress"
    assert "Twist" in by_slug["rock"].sentence
    assert new.week == 2


@pytest.mark.parametrize(
    ("diary", "action"),
    [
        (week(["twist"], after=6), "step_back"),  # more than +2 once is enough
        (week(["twist"], morning=4), "step_back"),  # not settled by morning
        (week(["twist"], after=5), "progress"),  # +2 exactly is green
    ],
)
def test_the_traffic_light_decides_step_back_or_progress(diary, action):
    new, changes = progress(plan_with(["twist"]), data_for(), diary, FAKE)
    assert changes_by_slug(changes)["twist"].action == action
    assert new.routine[0].slug == {"step_back": "rock", "progress": "twist-plus"}[action]


def test_a_single_red_day_steps_back_even_in_an_otherwise_green_week():
    diary = week(["twist"])
    diary[3] = replace(diary[3], pain_after_exercise=7.0)
    new, changes = progress(plan_with(["twist"]), data_for(), diary, FAKE)
    assert new.routine[0].slug == "rock"
    assert "On 1 day after" in changes_by_slug(changes)["twist"].sentence


def test_a_red_day_without_an_easier_version_says_to_ease_off():
    new, changes = progress(plan_with(["rock"]), data_for(), week(["rock"], after=7), FAKE)
    change = changes_by_slug(changes)["rock"]
    assert new.routine[0].slug == "rock"
    assert change.action == "step_back"
    assert "fewer repetitions" in change.sentence


@pytest.mark.parametrize(
    ("skip", "action", "words"),
    [
        ((), "progress", "steps up"),
        ((5, 6), "progress", "steps up"),  # 5 of 7 = 71%
        ((4, 5, 6), "keep", "5 or more"),  # 4 of 7 = 57%
    ],
)
def test_adherence_thresholds(skip, action, words):
    _, changes = progress(plan_with(["rock"]), data_for(), week(["rock"], skip=skip), FAKE)
    change = changes_by_slug(changes)["rock"]
    assert change.action == action
    assert words in change.sentence


def test_low_adherence_keeps_and_shortens_the_routine():
    plan = plan_with(["rock", "squeeze", "reach"])
    diary = week(["rock", "squeeze", "reach"], skip=(2, 3, 4, 5, 6))  # 2 of 7 days
    new, changes = progress(plan, data_for(), diary, FAKE)
    assert [i.slug for i in new.routine] == ["rock", "squeeze"]
    actions = {c.slug: c.action for c in changes}
    assert actions == {
        "rock": "keep",
        "squeeze": "keep",
        "reach": "shorten",
        "walking-programme": "keep",
    }


def test_too_few_green_days_or_a_part_week_keeps_the_level():
    _, changes = progress(plan_with(["rock"]), data_for(), week(["rock"], morning=None), FAKE)
    sentence = changes_by_slug(changes)["rock"].sentence
    assert "0 of the 7 days you did it" in sentence
    assert "at least 3" in sentence
    _, changes = progress(plan_with(["rock"]), data_for(), week(["rock"], days=4), FAKE)
    sentence = changes_by_slug(changes)["rock"].sentence
    assert "full week" in sentence
    assert "covers 4 days" in sentence


def test_pregnancy_blocks_a_harder_version_to_avoid():
    data = data_for(pregnant=True)
    new, changes = progress(plan_with(["squeeze"], data), data, week(["squeeze"]), FAKE)
    assert new.routine[0].slug == "squeeze"
    assert changes_by_slug(changes)["squeeze"].action == "keep"


def test_an_item_that_no_longer_suits_is_swapped():
    data = data_for(pregnant=True)
    new, changes = progress(plan_with(["lift"]), data, week(["lift"]), FAKE)
    assert "lift" not in {i.slug for i in new.routine}
    assert changes_by_slug(changes)["lift"].action in ("swap", "step_back")


def test_a_smaller_budget_trims_the_routine():
    plan = plan_with(["rock", "squeeze", "reach"], data_for(minutes=10))
    new, changes = progress(
        plan, data_for(minutes=5), week(["rock", "squeeze", "reach"], after=9), FAKE
    )
    assert new.routine_minutes <= 5
    assert any(c.action == "shorten" and "5 minutes" in c.sentence for c in changes)


def test_progress_respects_the_budget():
    plan = plan_with(["rock", "squeeze", "reach"], data_for(minutes=6))
    new, changes = progress(plan, data_for(minutes=6), week(["rock", "squeeze", "reach"]), FAKE)
    assert new.routine_minutes <= 6
    assert any(c.action == "keep" and "does not fit" in c.sentence for c in changes)


# --- walking -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "start", "diary", "expected"),
    [
        ("self_care", 15, week(["walking-programme"]), 20),
        ("self_care", 15, week(["stroll"]), 20),  # a walking exercise counts too
        ("self_care", 30, week(["walking-programme"]), 30),  # already at the top
        ("self_care", 15, week(["walking-programme"], after=7), 10),
        ("self_care", 5, week(["walking-programme"], after=7), 5),  # never below 5
        ("self_care", 15, week(["walking-programme"], skip=(0, 1, 2, 3)), 15),
        ("soon", 15, week(["walking-programme"]), 15),  # gentle plans cap at 15
    ],
)
def test_walking_target(level, start, diary, expected):
    data = data_for(level)
    plan = build_plan(data, FAKE)
    plan = replace(plan, walking=replace(plan.walking, minutes_per_day=start))
    new, _ = progress(plan, data, diary, FAKE)
    assert new.walking.minutes_per_day == expected


def test_a_walk_already_at_its_shortest_is_not_said_to_go_down():
    data = data_for("self_care")
    plan = build_plan(data, FAKE)
    plan = replace(plan, walking=replace(plan.walking, minutes_per_day=5))
    _, changes = progress(plan, data, week(["walking-programme"], after=7), FAKE)
    [walking] = [c for c in changes if c.slug == "walking-programme"]
    assert walking.action == "keep"
    assert "down to" not in walking.sentence
    assert "already at its shortest" in walking.sentence


# --- toolbox and status ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "pinned", "suggested"),
    [
        ({0: 6, 2: 7, 4: 9}, (), True),
        ({0: 6, 2: 7}, (), False),  # only two days
        ({0: 5, 2: 5, 4: 5, 5: 5}, (), False),  # never 6 or more
        ({0: 6, 2: 7, 4: 9}, ("reach",), False),  # already pinned
    ],
)
def test_toolbox_suggestions(ratings, pinned, suggested):
    data = data_for(toolbox=pinned)
    diary = [replace(day, relief={"reach": ratings[n]} if n in ratings else {})
             for n, day in enumerate(week(["reach"]))]  # fmt: skip
    _, changes = progress(plan_with(["reach"], data), data, diary, FAKE)
    adds = [c for c in changes if c.action == "add_toolbox"]
    assert bool(adds) is suggested
    if suggested:
        assert adds[0].slug == "reach"
        assert "3 days" in adds[0].sentence


def test_no_toolbox_suggestion_for_what_a_condition_holds_back():
    """An exercise in the routine despite a screen (a clinician's override) may help, but
    the flare protocol would skip it: the toolbox is not suggested."""
    diary = [replace(day, relief={"lift": 8}) for day in week(["lift"])]
    _, changes = progress(plan_with(["lift"]), data_for(), diary, FAKE)
    assert [c.slug for c in changes if c.action == "add_toolbox"] == ["lift"]
    pregnant = data_for(pregnant=True)
    _, changes = progress(plan_with(["lift"], pregnant), pregnant, diary, FAKE)
    assert [c.slug for c in changes if c.action == "add_toolbox"] == []


def test_urgent_triage_pauses_the_plan_and_self_care_resumes_it():
    plan = plan_with(["rock"])
    paused, changes = progress(plan, data_for("urgent"), week(["rock"]), FAKE)
    assert paused.status == "care_first"
    assert paused.routine == ()
    assert paused.recommendations() == ()
    assert [c.action for c in changes] == ["pause"]
    still, changes = progress(paused, data_for("urgent"), [], FAKE)
    assert [c.action for c in changes] == ["keep"]
    assert still.routine == ()
    resumed, changes = progress(still, data_for(), [], FAKE)
    assert resumed.status == "full"
    assert resumed.routine
    assert changes[0].action == "resume"


def test_soon_triage_steps_the_plan_back_to_gentle():
    new, changes = progress(plan_with(["twist"]), data_for("soon"), week(["twist"]), FAKE)
    assert new.status == "gentle"
    assert changes[0].action == "step_back"
    assert all(FAKE[i.slug].flare_safe and FAKE[i.slug].level == 1 for i in new.routine)


def test_an_empty_diary_changes_nothing():
    plan = plan_with(["rock"])
    new, changes = progress(plan, data_for(), [], FAKE)
    assert new.routine == plan.routine
    assert [c.slug for c in changes] == ["plan"]


# --- every change explained, deterministic ----------------------------------------------

diaries = st.lists(
    st.builds(
        lambda offset, usual, after, morning, done, relief: DayResponse(
            START + datetime.timedelta(days=offset), usual, after, morning, done, relief
        ),
        st.integers(0, 9),
        st.integers(0, 10),
        st.none() | st.integers(0, 10),
        st.none() | st.integers(0, 10),
        st.lists(st.sampled_from(sorted(FAKE)), unique=True).map(tuple),
        st.dictionaries(st.sampled_from(sorted(FAKE)), st.integers(0, 10), max_size=2),
    ),
    max_size=10,
    unique_by=lambda day: day.date,
)


@settings(max_examples=80, deadline=None)
@given(
    diary=diaries,
    routine=st.lists(
        st.sampled_from(["rock", "twist", "squeeze", "lift", "reach"]),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    pregnant=st.booleans(),
    level=st.sampled_from(["self_care", "soon", "urgent"]),
    seed=st.integers(0, 1000),
)
def test_progression_invariants(diary, routine, pregnant, level, seed):
    data = data_for(level, pregnant=pregnant)
    plan = plan_with(routine)
    new, changes = progress(plan, data, diary, FAKE)
    shuffled = diary[:]
    random.Random(seed).shuffle(shuffled)
    assert (new, changes) == progress(plan, data, shuffled, FAKE)  # order of entry is irrelevant
    held = not diary and new.status == plan.status  # a week with nothing logged holds
    assert new.week == plan.week + (0 if held else 1)
    said = any("stays at week" in change.sentence for change in changes)
    assert said == (held and plan.status != "care_first")
    assert new.routine_minutes <= data.preferences.minutes_per_day
    for change in changes:
        assert change.sentence.endswith(".")
        assert ". " not in change.sentence.rstrip(".")
    for item in new.recommendations():
        assert item.grade in RECOMMENDABLE_GRADES
        if item.kind == "exercise":
            assert not (pregnant and FAKE[item.slug].caution_for("pregnancy"))
            if new.status == "gentle":
                assert FAKE[item.slug].flare_safe
                assert FAKE[item.slug].level == 1


def test_progression_runs_on_the_real_catalogue():
    real = exercises()
    data = PlanInput(
        "self_care",
        frozenset({"deconditioning", "sedentary"}),
        None,
        {},
        Preferences(20, frozenset({"mat", "chair", "wall", "pillow"}), pregnant=True),
    )
    plan = build_plan(data)
    done = (*tuple(i.slug for i in plan.routine), "walking-programme")
    new, changes = progress(plan, data, week(done), real)
    assert any(c.action == "progress" for c in changes)
    assert new.routine_minutes <= 20
    for item in new.routine:
        assert real[item.slug].allowed_for({"pregnancy"})


# --- guided-session answers ----------------------------------------------------------------


def with_feelings(days, slug, feelings):
    """``feelings`` maps day index -> answer for ``slug``."""
    return [
        replace(day, feelings={slug: feelings[n]} if n in feelings else {})
        for n, day in enumerate(days)
    ]


@pytest.mark.parametrize(
    ("feelings", "action", "routine_after"),
    [
        ({0: "easier", 3: "same", 5: "easier"}, "progress", "twist"),  # green week, fine answers
        ({0: "harder"}, "progress", "twist"),  # harder alone is not a reason to hold back
        ({4: "hurt"}, "step_back", "rock"),  # rock has no easier version: stays, eases off
    ],
)
def test_session_answers_feed_the_decision(feelings, action, routine_after):
    diary = with_feelings(week(["rock"]), "rock", feelings)
    new, changes = progress(plan_with(["rock"]), data_for(), diary, FAKE)
    change = changes_by_slug(changes)["rock"]
    assert change.action == action
    assert [i.slug for i in new.routine] == [routine_after]
    if action == "step_back":
        assert "hurt on 1 day" in change.sentence
        assert "talk it over" in change.sentence
        assert "do fewer repetitions than shown, with a smaller movement" in change.sentence


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        (Dose(reps=10), "do fewer repetitions than shown, with a smaller movement"),
        (Dose(hold_seconds=5, reps=10), "hold it for less time than shown"),
        (Dose(hold_seconds=30), "hold it for less time than shown, and more gently"),
        (Dose(minutes=5), "do it for less time than shown, and more gently"),
    ],
)
def test_easing_off_without_an_easier_version_speaks_of_what_the_dose_counts(dose, words):
    """Belly breathing counts minutes: "fewer repetitions" made no sense of it."""
    catalogue = {**FAKE, "rock": replace(FAKE["rock"], dose=dose)}
    diary = week(["rock"], after=7.0)
    _, changes = progress(plan_with(["rock"]), data_for(), diary, catalogue)
    assert words in changes_by_slug(changes)["rock"].sentence


def test_hurt_steps_back_to_the_easier_version_even_on_a_green_week():
    diary = with_feelings(week(["twist"]), "twist", {2: "hurt", 5: "hurt"})
    new, changes = progress(plan_with(["twist"]), data_for(), diary, FAKE)
    assert [i.slug for i in new.routine] == ["rock"]
    assert "You said Twist hurt on 2 days" in changes_by_slug(changes)["twist"].sentence


def test_a_red_day_outranks_a_hurt_answer_in_the_sentence():
    diary = with_feelings(week(["twist"], after=7.0), "twist", {1: "hurt"})
    _, changes = progress(plan_with(["twist"]), data_for(), diary, FAKE)
    assert changes_by_slug(changes)["twist"].sentence.startswith("On 7 days after Twist")


def test_a_feeling_must_be_one_of_the_four_answers():
    with pytest.raises(PlanInputError, match="feeling for 'rock'"):
        DayResponse(START, 3, feelings={"rock": "fine"})


def test_a_feeling_for_an_unknown_exercise_is_refused():
    diary = [DayResponse(START, 3, feelings={"ghost": "same"})]
    with pytest.raises(PlanInputError, match="ghost"):
        progress(plan_with(["rock"]), data_for(), diary, FAKE)


# --- one sentence per item, with its numbers -----------------------------------------------


def test_a_shortened_routine_never_also_says_the_item_stays():
    diary = week(["rock"], skip=(0, 1, 2, 3, 4))  # 2 of 7 days: below half
    new, changes = progress(plan_with(["rock", "squeeze"]), data_for(), diary, FAKE)
    about_squeeze = [c for c in changes if c.slug == "squeeze"]
    assert [c.action for c in about_squeeze] == ["shorten"]
    assert "done 2 times out of a possible 14" in about_squeeze[0].sentence
    assert [i.slug for i in new.routine] == ["rock"]
    assert "on 2 of 7 days" in changes_by_slug(changes)["rock"].sentence


@settings(max_examples=60, deadline=None)
@given(
    done_days=st.lists(st.booleans(), min_size=7, max_size=7),
    after=st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=7, max_size=7),
    minutes=st.integers(5, 20),
)
def test_no_item_ever_gets_two_change_sentences(done_days, after, minutes):
    diary = [
        DayResponse(
            START + datetime.timedelta(days=n),
            3.0,
            after[n] if done_days[n] else None,
            3.0,
            ("rock", "squeeze", "reach") if done_days[n] else (),
            {"reach": 7} if done_days[n] else {},
        )
        for n in range(7)
    ]
    data = data_for(minutes=minutes)
    _, changes = progress(plan_with(["rock", "squeeze", "reach"], data), data, diary, FAKE)
    per_item = [c.slug for c in changes if c.action != "add_toolbox"]
    assert len(per_item) == len(set(per_item)), changes
    for change in changes:
        if change.action in ("progress", "shorten") or "stays the same" in change.sentence:
            assert any(ch.isdigit() for ch in change.sentence), change
