"""Possible contributing factors (content/factors.toml): which answers suggest which factor."""

from __future__ import annotations

import pytest

from backcare.domain.content import GRADES
from backcare.domain.factors import EDUCATION_SLUGS, FACTOR_IDS, contributing_factors, factor_book
from backcare.domain.findings import FindingError, red_flag_ids, validate_findings


def suggested(answers: dict[str, object], scores=None) -> dict[str, tuple[str, ...]]:
    factors = contributing_factors(validate_findings(answers), scores)
    return {factor.id: factor.why for factor in factors}


# factor id -> (answers, scores, a phrase the "why" must contain, near-miss answers)
CASES = {
    "stress_anxiety": ({"stress_level": 7}, None, "stress at 6 or more", {"stress_level": 5}),
    "sedentary": ({"sitting_hours": 9}, None, "7 hours or more", {"sitting_hours": 6}),
    "deconditioning": (
        {"less_active_lately": "yes"},
        None,
        "less active",
        {"less_active_lately": "not_sure"},
    ),
    "overuse": (
        {"unaccustomed_activity": "yes"},
        None,
        "more than usual",
        {"onset": "gradual", "worse_times": ["after_activity"]},
    ),
    "sleep_position": (
        {"sleep_position": "stomach"},
        None,
        "stomach",
        {"sleep_position": "side", "worse_times": ["on_waking"], "sleep_quality": "poor"},
    ),
    "poor_sleep": (
        {"sleep_position": "side", "sleep_quality": "poor"},
        None,
        "sleeping badly",
        {"sleep_quality": "fair", "fatigue": "not_sure"},
    ),
    "dehydration": (
        {"water_glasses": 3, "feel": ["spasm"]},
        None,
        "4 glasses or fewer",
        {"water_glasses": 3, "feel": ["stiffness"]},
    ),
    "inflammatory_features": (
        {
            "morning_stiffness_minutes": 45,
            "wakes_second_half_night": "yes",
            "better_with_movement": "yes",
        },
        None,
        "more than 30 minutes",
        {"morning_stiffness_minutes": 45, "better_with_movement": "yes"},
    ),
    "widespread_pain": ({"widespread_pain": "yes"}, None, "many parts", {"sleep_quality": "poor"}),
    "age_stiffness": (
        {"age": 30, "morning_stiffness_minutes": 30},
        None,
        "half an hour or more",
        {
            "age": 60,
            "feel": ["stiffness"],
            "worse_times": ["after_sitting"],
            "morning_stiffness_minutes": 29,
        },
    ),
    "pregnancy_pgp": (
        {"pregnant": "yes", "where": ["pelvis_front"], "triggers": ["turning_in_bed"]},
        None,
        "turning over in bed",
        {"pregnant": "not_sure", "where": ["pelvis_front"], "triggers": ["turning_in_bed"]},
    ),
}


def test_there_is_a_case_for_every_factor():
    assert set(CASES) == set(FACTOR_IDS)
    assert tuple(rule.id for rule in factor_book().factors) == FACTOR_IDS


@pytest.mark.parametrize("factor_id", FACTOR_IDS)
def test_the_factor_is_suggested_with_the_answers_behind_it(factor_id):
    answers, scores, phrase, _ = CASES[factor_id]
    why = suggested(answers, scores)[factor_id]
    assert any(phrase in sentence for sentence in why), why


@pytest.mark.parametrize("factor_id", FACTOR_IDS)
def test_the_factor_is_not_suggested_on_a_near_miss(factor_id):
    _, _, _, near_miss = CASES[factor_id]
    assert factor_id not in suggested(near_miss)


@pytest.mark.parametrize(
    ("scores", "factor_id", "phrase"),
    [
        ({"gad7": {"total": 12, "band": "moderate"}}, "stress_anxiety", "GAD-7"),
        ({"phq4": {"anxiety": 3, "depression": 1}}, "stress_anxiety", "PHQ-4"),
        ({"startback": {"total": 5, "distress": 4, "risk": "high"}}, "stress_anxiety", "STarT"),
        ({"startback": {"total": 5, "distress": 2, "risk": "high"}}, "stress_anxiety", "STarT"),
        ({"asas_ibp": {"met": 1}}, "inflammatory_features", "ASAS"),
        ({"acr2016_fm": {"met": 1}}, "widespread_pain", "fibromyalgia"),
    ],
)
def test_questionnaire_scores_can_suggest_a_factor(scores, factor_id, phrase):
    why = suggested({}, scores)[factor_id]
    assert any(phrase in sentence for sentence in why)


@pytest.mark.parametrize(
    "scores",
    [
        {"gad7": {"total": 9, "band": "mild"}},
        {"phq4": {"anxiety": 2}},
        {"startback": {"total": 3, "distress": 3, "risk": "low"}},
        {"asas_ibp": {"met": 0}},
        {"acr2016_fm": {"met": 0}},
        {},
    ],
)
def test_scores_below_thresholds_or_missing_suggest_nothing(scores):
    assert suggested({}, scores) == {}
    assert suggested({}, None) == {}


def test_a_score_of_the_wrong_type_is_a_clear_error():
    with pytest.raises(FindingError) as caught:
        suggested({}, {"gad7": {"total": "twelve"}})
    assert caught.value.field == "score.gad7.total"


def test_a_typical_desk_worker_gets_several_factors_each_with_reasons():
    answers = {
        "age": 45,
        "desk_work": True,
        "sitting_hours": 10,
        "stress_level": 8,
        "triggers": ["stress", "long_sitting"],
        "worse_times": ["after_sitting", "on_waking"],
        "feel": ["tension", "stiffness"],
    }
    found = suggested(answers)
    assert {"stress_anxiety", "sedentary", "age_stiffness"} <= set(found)
    assert "You work mostly at a desk or screen." in found["sedentary"]
    assert len(found["stress_anxiety"]) == 2


def test_factors_carry_evidence_references_and_known_education_slugs():
    for factor in contributing_factors(validate_findings(CASES["stress_anxiety"][0])):
        assert factor.references
        assert factor.evidence.references
        assert set(factor.education) <= EDUCATION_SLUGS
        assert factor.to_dict()["evidence"]["grade"] == factor.evidence.grade


def test_factor_wording_never_diagnoses():
    banned = ("you have fibromyalgia", "you have spondyl", "you have inflammatory", "diagnosis:")
    for rule in factor_book().factors:
        texts = [rule.title, rule.helps, *(item.text for item in rule.why)]
        for text in texts:
            assert not any(phrase in text.lower() for phrase in banned), text


@pytest.mark.parametrize(
    ("mechanism", "strain"),
    [
        (None, True),  # most people leave the question blank
        ("none", True),
        ("not_sure", True),
        ("trip_or_slip", False),
        ("road_collision", False),
        ("height_or_stairs", False),
        ("sports_or_blow", False),
    ],
)
def test_a_sudden_start_is_a_strain_unless_an_accident_was_named(mechanism, strain):
    """ "Suddenly, while lifting …" then "A road collision" is a crash, which triage weighs
    as an injury; "Overuse or strain" with "ease back on the activity" does not fit it."""
    answers: dict[str, object] = {"onset": "sudden_movement"}
    if mechanism:
        answers["injury_mechanism"] = mechanism
    assert ("overuse" in suggested(answers)) is strain
    if strain:
        assert "lifting, bending, twisting" in " ".join(suggested(answers)["overuse"])


def test_an_accident_does_not_hide_other_signs_of_strain():
    answers = {
        "onset": "sudden_movement",
        "injury_mechanism": "road_collision",
        "unaccustomed_activity": "yes",
    }
    why = " ".join(suggested(answers)["overuse"])
    assert "more than usual" in why
    assert "lifting, bending, twisting or a sudden movement" not in why


# A 45-year-old office worker, 3 weeks of low back pain, high stress, sleeping badly and
# waking exhausted, 10 minutes of morning stiffness, every warning sign answered "no".
OFFICE_WORKER: dict[str, object] = {
    **dict.fromkeys(red_flag_ids(), "no"),
    "age": 45,
    "where": ["lower_back"],
    "feel": ["pain", "stiffness"],
    "onset": "gradual",
    "onset_days_ago": 21,
    "desk_work": True,
    "sitting_hours": 8,
    "stress_level": 8,
    "sleep_position": "side",
    "sleep_quality": "poor",
    "fatigue": "yes",
    "morning_stiffness_minutes": 10,
    "worse_times": ["on_waking"],
}


def test_poor_sleep_shows_as_a_contributor_for_a_tired_office_worker():
    factors = contributing_factors(validate_findings(OFFICE_WORKER))
    assert [f.id for f in factors] == ["stress_anxiety", "sedentary", "poor_sleep", "age_stiffness"]
    sleep = next(f for f in factors if f.id == "poor_sleep")
    assert sleep.why == (
        "You said you have been sleeping badly lately.",
        "You said you feel exhausted on most days, or wake up feeling you have not slept.",
    )
    assert sleep.evidence.grade == "low"
    assert "sleep-and-back-pain" in sleep.education
    assert "alsaadi-2014-sleep-lbp" in sleep.evidence.references


@pytest.mark.parametrize(
    "answers", [{"sleep_quality": "poor"}, {"fatigue": "yes"}], ids=["sleeps_badly", "exhausted"]
)
def test_either_poor_sleep_or_waking_unrefreshed_is_enough(answers):
    assert "poor_sleep" in suggested(answers)


@pytest.mark.parametrize("age", [25, 39, 45, 70])
def test_age_alone_never_makes_stiffness_a_contributor(age):
    """Ten minutes of morning stiffness reads the same at any age: no "age-related" claim."""
    answers = {**OFFICE_WORKER, "age": age}
    found = {f.id: f for f in contributing_factors(validate_findings(answers))}
    stiffness = found["age_stiffness"]
    assert "age" not in stiffness.title.lower()
    assert not any("40" in why or "inflammation" in why for why in stiffness.why)
    assert stiffness.evidence.grade == "very_low"


def test_the_best_supported_factors_come_first():
    answers = {
        "sleep_position": "stomach",  # very low evidence
        "water_glasses": 2,
        "feel": ["spasm"],  # very low
        "sitting_hours": 9,  # low
        "widespread_pain": "yes",  # moderate
    }
    factors = contributing_factors(validate_findings(answers))
    ranks = [GRADES.index(f.evidence.grade) for f in factors]
    assert ranks == sorted(ranks)
    assert [f.id for f in factors] == [
        "widespread_pain",
        "sedentary",
        "sleep_position",
        "dehydration",
    ]


@pytest.mark.parametrize(
    ("answers", "found"),
    [
        ({"age": 16, "morning_stiffness_minutes": 5, "worse_times": ["after_activity"]}, False),
        ({"age": 74, "morning_stiffness_minutes": 15}, False),
        ({"morning_stiffness_minutes": 29}, False),
        ({"morning_stiffness_minutes": 30}, True),
        ({"morning_stiffness_minutes": 0, "worse_times": ["on_waking"]}, True),
    ],
    ids=["sam_5_minutes", "walter_15_minutes", "29_minutes", "30_minutes", "worst_on_waking"],
)
def test_stiffness_after_rest_needs_half_an_hour_or_mornings_at_their_worst(answers, found):
    """A few minutes of stiffness on getting up is nearly everyone's (four in five with back
    pain, Arnbak 2016): the factor, and the night wake-up and warmth that read it, are for
    mornings that take half an hour to ease or are the worst time of day."""
    assert ("age_stiffness" in suggested(answers)) is found


def test_each_answer_behind_stiff_mornings_is_said_on_its_own():
    why = suggested({"morning_stiffness_minutes": 40, "worse_times": ["on_waking"]})
    assert why["age_stiffness"] == (
        "Your morning stiffness takes half an hour or more to ease.",
        "It is worst when you wake up.",
    )
    assert suggested({"morning_stiffness_minutes": 0, "worse_times": ["on_waking"]})[
        "age_stiffness"
    ] == ("It is worst when you wake up.",)
    version = tuple(int(part) for part in factor_book().meta.version.split("."))
    assert version >= (1, 7, 0)  # the version that split them
