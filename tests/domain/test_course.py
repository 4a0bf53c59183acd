"""Expected course (content/course.toml) and the spasm/flare episode check."""

from __future__ import annotations

import math

import pytest

from backcare.domain.course import (
    EpisodeError,
    course_book,
    episode_check,
    expected_course,
    safety_net_for,
)
from backcare.domain.findings import red_flag_ids, validate_findings
from backcare.domain.phones import for_place
from backcare.domain.triage import LEVELS, triage


def course_for(answers: dict[str, object]):
    base = {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual"}
    findings = validate_findings({**base, **answers})
    return expected_course(findings, triage(findings))


@pytest.mark.parametrize(
    ("answers", "stage"),
    [
        ({"onset_days_ago": 0}, "acute"),
        ({"onset_days_ago": 42}, "acute"),
        ({"onset_days_ago": 43}, "subacute"),
        ({"onset_days_ago": 84}, "subacute"),
        ({"onset_days_ago": 85}, "persistent"),
        ({"problem_duration": "2_to_6_weeks"}, "acute"),
        ({"problem_duration": "6_to_12_weeks"}, "subacute"),
        ({"problem_duration": "over_a_year"}, "persistent"),
        ({"onset_days_ago": 3, "earlier_episodes": "most_of_the_time"}, "persistent"),
        ({}, "acute"),
    ],
)
def test_the_stage_follows_how_long_the_episode_has_lasted(answers, stage):
    assert course_for(answers).stage == stage


def test_the_acute_course_quotes_the_natural_course_figures_with_references():
    course = course_for({"onset_days_ago": 3})
    text = " ".join(course.what_usually_happens)
    for figure in ("52", "23", "12", "7 in 10"):
        assert figure in text
    assert {"pengel-2003", "menezes-costa-2012", "henschke-2008"} <= set(course.references)


def test_the_summary_follows_the_triage_level():
    summaries = course_book().summary
    assert set(summaries) == set(LEVELS) - {"self_care"}
    assert course_for({"chest_pain": "yes"}).summary == summaries["emergency"]


@pytest.mark.parametrize(
    ("answers", "says", "never"),
    [
        ({"onset_days_ago": 3}, "usually improves a lot within a few weeks", "12 weeks"),
        ({"onset_days_ago": 60}, "6 to 12 weeks is often still improving", "a few weeks,"),
        ({"onset_days_ago": 200}, "more than 12 weeks usually eases more slowly", "a few weeks"),
        ({"problem_duration": "over_a_year"}, "more than 12 weeks", "a few weeks"),
    ],
)
def test_without_a_warning_sign_the_summary_follows_the_stage(answers, says, never):
    """Pain of months was told it "usually improves a lot within a few weeks", right above
    "Pain for more than 12 weeks"."""
    course = course_for(answers)
    assert course.summary == course_book().stages[course.stage].self_care
    assert says in course.summary
    assert never not in course.summary


def test_every_course_carries_the_see_a_clinician_safety_net():
    safety_net = " ".join(course_for({}).safety_net)
    for phrase in ("4 to 6 weeks", "more than a week", "even when you rest", "down a leg"):
        assert phrase in safety_net
    assert "warning sign" in safety_net
    assert [item.id for item in course_book().safety_net] == [
        "no_improvement",
        "spasm_over_a_week",
        "keeps_returning",
        "spreading_to_leg",
        "new_red_flags",
        "same_day_signs",
    ]


ALL = [item.id for item in course_book().safety_net]


@pytest.mark.parametrize(
    ("answers", "level", "said"),
    [
        ({"chest_pain": "yes"}, "emergency", []),
        ({"fever": "yes"}, "urgent", ["new_red_flags"]),
        ({"pain_spreading_down_leg": "yes"}, "soon", ALL),
        ({}, "self_care", ALL),
    ],
)
def test_under_a_same_day_or_emergency_result_the_safety_net_says_nothing_milder(
    answers, level, said
):
    """ "See a clinician if it is no better after 4 to 6 weeks" under "speak to a clinician
    today", or "the same day if you get a fever" to a person with a fever, read as leave to
    wait: only what makes it more urgent is said there."""
    base = {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual"}
    findings = validate_findings({**base, **answers})
    result = triage(findings)
    assert result.level == level
    assert [item.id for item in safety_net_for(level)] == said
    items = safety_net_for(level)
    assert expected_course(findings, result).safety_net == tuple(
        for_place(item.text, None) for item in items
    )


def test_spasm_and_pregnancy_add_their_notes():
    assert not course_for({"feel": ["stiffness"]}).notes
    spasm, pregnancy = course_book().notes["spasm"], course_book().notes["pregnancy"]
    assert course_for({"feel": ["spasm"]}).notes == (spasm,)
    assert course_for({"feel": ["locking"], "pregnant": "yes"}).notes == (spasm, pregnancy)


@pytest.mark.parametrize(
    ("days", "episodes", "level", "reasons"),
    [
        (0, 0, "self_care", ()),
        (0.5, 1, "self_care", ()),
        (7, 2, "self_care", ()),
        (7.1, 1, "soon", ("too_long",)),
        (14, 0, "soon", ("too_long",)),
        (1, 3, "soon", ("recurring",)),
        (10, 4, "soon", ("too_long", "recurring")),
    ],
)
def test_episode_check_escalates_after_a_week_or_on_the_third_flare(days, episodes, level, reasons):
    advice = episode_check(days, episodes)
    assert (advice.level, advice.reasons) == (level, reasons)
    assert advice.message
    assert advice.references


def test_episode_check_names_the_count_in_its_message():
    assert "flare 4 in the last 90 days" in episode_check(1, 4).message


@pytest.mark.parametrize(
    ("days", "episodes", "field"),
    [
        (-1, 0, "days_since_start"),
        (math.nan, 0, "days_since_start"),
        (math.inf, 0, "days_since_start"),
        ("3", 0, "days_since_start"),
        (2, -1, "episodes_last_90_days"),
        (2, 1.5, "episodes_last_90_days"),
        (2, True, "episodes_last_90_days"),
    ],
)
def test_episode_check_rejects_bad_input_naming_the_field(days, episodes, field):
    with pytest.raises(EpisodeError) as caught:
        episode_check(days, episodes)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
