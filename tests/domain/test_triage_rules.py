"""Every red-flag rule: when it fires, when it does not, and that nothing overrides it.

Each case starts from a full intake with every red-flag question answered "no", adds the
answers in the table, and checks the rule's reason and the overall level.
"""

from __future__ import annotations

import pytest

from backcare.domain.context import FACT_IDS, ClinicalContext
from backcare.domain.findings import FindingError, checkin_ids, red_flag_ids, validate_findings
from backcare.domain.triage import LEVELS, level_rank, rules, triage, triage_checkin

BASE: dict[str, object] = {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual"}

# A patient who sounds reassuring in every other way: low pain, improving, eases with rest.
REASSURING: dict[str, object] = {
    "intensity_now": 1,
    "intensity_worst_24h": 2,
    "trend": "getting_better",
    "eases": ["rest", "moving", "heat"],
    "pattern": "comes_and_goes",
    "stops_daily_activities": "no",
    "struggling_to_cope": "no",
    "stress_level": 1,
    "where": ["lower_back"],
    "onset": "gradual",
    "onset_days_ago": 2,
    "problem_duration": "under_2_weeks",
}

# rule id -> (answers that fire it, level it fires at, near-miss answers that must not fire it)
CASES: dict[str, tuple[dict[str, object], str, dict[str, object]]] = {
    "ces_bladder": ({"bladder_change": "yes"}, "emergency", {"urinary_symptoms": "yes"}),
    "ces_bowel": ({"bowel_change": "yes"}, "emergency", {"worse_cough_sneeze_strain": "yes"}),
    "ces_saddle_numbness": ({"saddle_numbness": "yes"}, "emergency", {"numbness_tingling": "yes"}),
    "ces_both_legs": ({"both_legs": "yes"}, "emergency", {"pain_spreading_down_leg": "yes"}),
    "ces_sexual_dysfunction": ({"sexual_dysfunction": "yes"}, "emergency", {"stress_level": 9}),
    "neuro_progressive_deficit": (
        {"weakness_getting_worse": "yes"},
        "emergency",
        {"leg_weakness": "yes"},
    ),
    "neuro_gait_or_hands": ({"walking_difficulty": "yes"}, "emergency", {"leg_weakness": "yes"}),
    "leg_weakness_one_side": ({"leg_weakness": "yes"}, "urgent", {"numbness_tingling": "yes"}),
    "numbness_one_side": ({"numbness_tingling": "yes"}, "soon", {"where": ["leg"]}),
    "chest_pain": ({"chest_pain": "yes"}, "emergency", {"thoracic_pain": "yes"}),
    "major_trauma": (
        {"major_trauma": "yes"},
        "emergency",
        {"onset": "fall_or_accident", "injury_mechanism": "trip_or_slip"},
    ),
    "collapse": ({"collapse": "yes"}, "emergency", {"abdominal_pain": "yes"}),
    "tearing_pain": ({"tearing_pain": "yes"}, "emergency", {"intensity_now": 10}),
    "aaa_older_belly_pain": (
        {"abdominal_pain": "yes", "age": 65},
        "emergency",
        {"abdominal_pain": "yes", "age": 64},
    ),
    "abdominal_pain": ({"abdominal_pain": "yes"}, "urgent", {"urinary_symptoms": "yes"}),
    "self_harm": ({"self_harm_thoughts": "yes"}, "emergency", {"struggling_to_cope": "yes"}),
    "cancer_with_neuro": (
        {"cancer_history": "yes", "numbness_tingling": "yes"},
        "emergency",
        {"cancer_history": "yes", "pain_spreading_down_leg": "yes"},
    ),
    "cancer_history": ({"cancer_history": "yes"}, "urgent", {"weight_loss": "yes"}),
    "weight_loss": ({"weight_loss": "yes"}, "urgent", {"cancer_history": "yes"}),
    "lump_or_shape_change": ({"lump_or_shape_change": "yes"}, "urgent", {"feel": ["knots"]}),
    "worse_cough_sneeze_strain": (
        {"worse_cough_sneeze_strain": "yes"},
        "urgent",
        {"onset": "sudden_movement"},
    ),
    "thoracic_pain": ({"thoracic_pain": "yes"}, "soon", {"where": ["upper_back", "neck"]}),
    "thoracic_pain_with_risk": (
        {"thoracic_pain": "yes", "cancer_history": "yes"},
        "urgent",
        {"thoracic_pain": "yes", "age": 49},
    ),
    "night_or_rest_pain": (
        {"pain_not_eased_by_rest": "yes"},
        "soon",
        {"worse_times": ["at_night", "when_resting"]},
    ),
    "night_pain_with_risk": (
        {"pain_not_eased_by_rest": "yes", "age": 50},
        "urgent",
        {"pain_not_eased_by_rest": "yes", "age": 49},
    ),
    "fever": ({"fever": "yes"}, "urgent", {"recent_infection_or_procedure": "yes"}),
    "infection_with_risk": (
        {"fever": "yes", "iv_drug_use": "yes"},
        "emergency",
        {"iv_drug_use": "yes", "weak_immune_system": "yes"},
    ),
    "infection_with_neuro": (
        {"fever": "yes", "leg_weakness": "yes"},
        "emergency",
        {"fever": "yes", "pain_spreading_down_leg": "yes"},
    ),
    "infection_risk_no_fever": (
        {"iv_drug_use": "yes"},
        "urgent",
        {"long_term_steroids": "yes"},
    ),
    "infection_risk_with_neuro": (
        {"weak_immune_system": "yes", "numbness_tingling": "yes"},
        "emergency",
        {"weak_immune_system": "yes", "pain_spreading_down_leg": "yes"},
    ),
    "very_unwell": ({"very_unwell": "yes"}, "emergency", {"fever": "yes"}),
    "urinary_symptoms": ({"urinary_symptoms": "yes"}, "urgent", {"abdominal_pain": "yes"}),
    "fracture_risk_after_fall": (
        {"osteoporosis": "yes", "onset": "fall_or_accident", "injury_mechanism": "trip_or_slip"},
        "urgent",
        {"osteoporosis": "yes", "onset": "gradual"},
    ),
    "fracture_risk": (
        {"age": 71, "onset": "sudden_movement"},
        "urgent",
        {"age": 70, "onset": "out_of_the_blue", "intensity_worst_24h": 9},
    ),
    "injury_significant_mechanism": (
        {"onset": "fall_or_accident", "injury_mechanism": "height_or_stairs"},
        "urgent",
        {"onset": "fall_or_accident", "injury_mechanism": "trip_or_slip"},
    ),
    "injury_with_nerve_symptoms": (
        {
            "onset": "fall_or_accident",
            "injury_mechanism": "trip_or_slip",
            "leg_weakness": "no",
            "numbness_tingling": "yes",
        },
        "urgent",
        {"onset": "sudden_movement", "numbness_tingling": "yes"},
    ),
    "minor_injury": (
        {"onset": "fall_or_accident", "injury_mechanism": "trip_or_slip"},
        "soon",
        {"onset": "sudden_movement"},
    ),
    "cannot_stand_or_walk": (
        {"cannot_stand_or_walk": "yes"},
        "urgent",
        {"stops_daily_activities": "yes", "intensity_now": 9},
    ),
    "inflammatory_back_pain": (
        {
            "age_when_started": 30,
            "problem_duration": "over_a_year",
            "wakes_second_half_night": "yes",
            "better_with_movement": "yes",
        },
        "soon",
        {
            "age_when_started": 30,
            "problem_duration": "6_to_12_weeks",
            "wakes_second_half_night": "yes",
            "better_with_movement": "yes",
        },
    ),
    "spa_peripheral_features": (
        {"enthesitis": "yes", "morning_stiffness_minutes": 45},
        "soon",
        {"enthesitis": "yes", "morning_stiffness_minutes": 10},
    ),
    "spa_associated_conditions": (
        {"uveitis": "yes", "age_when_started": 30, "problem_duration": "over_a_year"},
        "soon",
        {"uveitis": "yes", "age_when_started": 50, "age": 60, "problem_duration": "over_a_year"},
    ),
    "red_painful_eye": (
        {"red_painful_eye": "yes"},
        "urgent",
        {"uveitis": "yes"},
    ),
    "pregnancy_warning_signs": (
        {"pregnant": "yes", "pregnancy_warning_signs": "yes"},
        "emergency",
        {"pregnant": "yes"},
    ),
    "pregnancy_warning_signs_any": (
        {"pregnant": "no", "pregnancy_warning_signs": "yes"},
        "urgent",
        {"pregnant": "yes"},
    ),
    "pregnancy_infection_signs": (
        {"pregnant": "yes", "urinary_symptoms": "yes"},
        "urgent",
        {"pregnant": "yes", "stress_level": 8},
    ),
    "pain_into_leg": (
        {"where": ["lower_back", "leg"]},
        "soon",
        {"where": ["lower_back", "buttock"]},
    ),
    "leg_pain_on_walking": (
        {"leg_pain_on_walking": "yes"},
        "soon",
        {"leg_pain_on_walking": "not_sure"},
    ),
    "spasm_over_a_week": (
        {"feel": ["spasm"], "onset_days_ago": 8},
        "soon",
        {"feel": ["spasm"], "onset_days_ago": 7},
    ),
    "keeps_returning": (
        {"keeps_returning_despite_rest": "yes"},
        "soon",
        {"earlier_episodes": "several"},
    ),
    "severe_or_worsening": ({"intensity_now": 8}, "soon", {"intensity_now": 7}),
    "no_improvement": (
        {"onset_days_ago": 28, "trend": "about_the_same"},
        "soon",
        {"onset_days_ago": 400, "trend": "about_the_same", "problem_duration": "over_a_year"},
    ),
    "young_back_worse_arching_or_sport": (
        {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching"]},
        "soon",
        {"age": 20, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]},
    ),
    "widespread_pain_with_fatigue": (
        {"widespread_pain": "yes", "fatigue": "yes"},
        "soon",
        {"widespread_pain": "yes", "sleep_quality": "fair", "fatigue": "no"},
    ),
    "struggling_to_cope": ({"struggling_to_cope": "yes"}, "soon", {"stress_level": 10}),
}


def run(answers: dict[str, object]):
    return triage(validate_findings({**BASE, **answers}, require_red_flags=True))


def fired(result) -> dict[str, str]:
    return {reason.rule_id: reason.level for reason in result.reasons if not reason.not_sure}


def test_every_rule_in_content_has_a_case_here():
    assert set(CASES) == {rule.id for rule in rules()}


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_the_rule_fires_at_its_level(rule_id):
    answers, level, _ = CASES[rule_id]
    result = run(answers)
    assert fired(result).get(rule_id) == level
    assert level_rank(result.level) <= level_rank(level)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_the_rule_does_not_fire_on_a_near_miss(rule_id):
    _, _, near_miss = CASES[rule_id]
    assert rule_id not in fired(run(near_miss))
    assert rule_id not in fired(run({}))


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_reassuring_answers_cannot_override_the_rule(rule_id):
    answers, level, _ = CASES[rule_id]
    result = run({**REASSURING, **answers})
    assert fired(result).get(rule_id) == level
    assert level_rank(result.level) <= level_rank(level)


def test_a_full_intake_with_nothing_worrying_is_self_care_with_safety_netting():
    result = run(REASSURING)
    assert result.level == "self_care"
    assert result.reasons == ()
    assert "emergency" in result.safety_net
    assert result.action


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({"age": 75}, "self_care"),  # age alone is a soft flag
        ({"age": 55, "worse_times": ["at_night"]}, "self_care"),  # common night ache
        ({"pain_not_eased_by_rest": "yes", "age": 30}, "soon"),  # night pain alone: not urgent
        ({"pregnant": "yes", "where": ["lower_back"]}, "self_care"),  # pregnancy alone
        ({"where": ["upper_back"], "feel": ["tension", "knots"], "stress_level": 8}, "self_care"),
        ({"osteoporosis": "yes", "onset": "gradual"}, "self_care"),
    ],
)
def test_soft_flags_alone_do_not_send_ordinary_back_pain_to_urgent_care(answers, level):
    assert run(answers).level == level


HARD_RULES = sorted(rule.id for rule in rules() if rule.hard)


@pytest.mark.parametrize("rule_id", HARD_RULES)
def test_not_sure_on_a_hard_sign_is_never_read_as_no(rule_id):
    (finding_id,) = next(rule for rule in rules() if rule.id == rule_id).finding_ids
    result = run({**REASSURING, finding_id: "not_sure"})
    assert level_rank(result.level) <= level_rank("urgent")
    reason = next(r for r in result.reasons if r.rule_id == rule_id)
    assert reason.not_sure
    assert finding_id in reason.finding_ids
    assert "not sure" in reason.title
    assert "today" in reason.advice


def test_the_hard_flags_named_by_the_content_rules_are_all_hard():
    assert set(HARD_RULES) >= {
        "ces_bladder", "ces_bowel", "ces_saddle_numbness", "ces_both_legs",
        "ces_sexual_dysfunction", "chest_pain", "major_trauma", "collapse",
        "neuro_progressive_deficit", "self_harm",
    }  # fmt: skip


def test_not_sure_in_a_combination_escalates_to_its_not_sure_level():
    result = run({"cancer_history": "yes", "leg_weakness": "not_sure"})
    reason = next(r for r in result.reasons if r.rule_id == "cancer_with_neuro")
    assert (reason.level, reason.not_sure) == ("urgent", True)
    assert reason.finding_ids == ("cancer_history", "leg_weakness")


def test_the_result_lists_every_reason_most_urgent_first_with_deduplicated_references():
    result = run({"fever": "yes", "iv_drug_use": "yes", "where": ["leg"], "chest_pain": "yes"})
    assert result.level == "emergency"
    ranks = [level_rank(r.level) for r in result.reasons]
    assert ranks == sorted(ranks)
    assert {"chest_pain", "infection_with_risk", "fever", "pain_into_leg"} <= set(fired(result))
    assert len(result.references) == len(set(result.references))
    assert set(result.references) >= {ref for r in result.reasons for ref in r.references}


def test_self_harm_opens_the_crisis_pathway():
    result = run({"self_harm_thoughts": "yes"})
    assert result.crisis
    assert result.level == "emergency"
    assert run({"self_harm_thoughts": "not_sure"}).crisis


def test_to_dict_is_json_ready():
    import json

    data = run({"bladder_change": "yes"}).to_dict()
    json.dumps(data)
    assert data["level"] == "emergency"
    assert data["level"] in LEVELS
    assert data["reasons"][0]["rule_id"] == "ces_bladder"
    assert all({"id", "citation", "url"} <= set(ref) for ref in data["references"])


# --- a missing answer never switches a rule off -----------------------------------------------

RULES_READING_AGE_OR_ONSET = sorted(
    rule.id for rule in rules() if {"age", "onset"} & set(rule.finding_ids)
)


@pytest.mark.parametrize("left_out", ["age", "onset"])
@pytest.mark.parametrize("rule_id", RULES_READING_AGE_OR_ONSET)
def test_a_rule_reading_age_or_onset_cannot_be_silenced_by_leaving_it_out(rule_id, left_out):
    answers, level, _ = CASES[rule_id]
    given = {k: v for k, v in {**BASE, **answers}.items() if k != left_out}
    result = triage(validate_findings(given))
    reason = next((r for r in result.reasons if r.rule_id == rule_id), None)
    assert reason is not None, f"{rule_id} went silent without {left_out}"
    rule = next(r for r in rules() if r.id == rule_id)
    assert level_rank(reason.level) <= level_rank(rule.not_sure_level or level)


@pytest.mark.parametrize("onset", ["sudden_movement", "gradual", "out_of_the_blue", "not_sure"])
@pytest.mark.parametrize(
    ("mechanism", "rule_id"),
    [
        ("road_collision", "injury_significant_mechanism"),
        ("height_or_stairs", "injury_significant_mechanism"),
        ("sports_or_blow", "injury_significant_mechanism"),
        ("trip_or_slip", "minor_injury"),
    ],
)
def test_how_an_accident_happened_counts_whatever_the_onset_answer(onset, mechanism, rule_id):
    """A crash is sudden: "Suddenly, while lifting …" then "A road collision" is a crash."""
    result = triage(validate_findings({**BASE, "onset": onset, "injury_mechanism": mechanism}))
    reason = next((r for r in result.reasons if r.rule_id == rule_id), None)
    assert reason is not None
    assert not reason.not_sure
    assert "injury_mechanism" in reason.finding_ids


@pytest.mark.parametrize("onset", ["sudden_movement", "gradual", "out_of_the_blue"])
def test_a_mechanism_left_out_or_not_sure_makes_no_pain_an_injury(onset):
    """``missing = "no"``: without a fall or accident, an unanswered (or "not sure")
    mechanism adds nothing, where "not sure" after a fall is read as a hard one."""
    for answers in ({}, {"injury_mechanism": "not_sure"}):
        result = triage(validate_findings({**BASE, "onset": onset, **answers}))
        fired = {r.rule_id for r in result.reasons}
        assert not fired & {"injury_significant_mechanism", "minor_injury"}, (answers, fired)


def test_none_of_these_clears_a_mechanism_and_contradicts_a_fall():
    """A radio answer cannot be unticked: "It did not start with a fall …" takes back one
    left from before the onset was changed, and after "After a fall …" it is refused."""
    cleared = triage(validate_findings({**BASE, "onset": "gradual", "injury_mechanism": "none"}))
    assert not {r.rule_id for r in cleared.reasons} & {
        "minor_injury",
        "injury_significant_mechanism",
    }
    with pytest.raises(FindingError) as error:
        validate_findings(
            {**BASE, "onset": "fall_or_accident", "injury_mechanism": "none"},
            require_red_flags=True,
        )
    assert error.value.field == "injury_mechanism"


def test_a_full_intake_must_say_how_it_started_and_how_old_you_are():
    for field in ("age", "onset"):
        with pytest.raises(FindingError) as error:
            validate_findings({k: v for k, v in BASE.items() if k != field}, require_red_flags=True)
        assert error.value.field == field


def test_a_fall_without_its_mechanism_is_refused_and_never_read_as_minor():
    fall = {**BASE, "onset": "fall_or_accident"}
    with pytest.raises(FindingError) as error:
        validate_findings(fall, require_red_flags=True)
    assert error.value.field == "injury_mechanism"
    result = triage(validate_findings(fall))
    assert result.level == "urgent"
    reason = next(r for r in result.reasons if r.rule_id == "injury_significant_mechanism")
    assert reason.not_sure
    assert "injury_mechanism" in reason.finding_ids


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        # a trivial slip in a young person with mild pain: a routine check at most
        (
            {"onset": "fall_or_accident", "injury_mechanism": "trip_or_slip", "intensity_now": 3},
            "soon",
        ),
        # the same slip at 75, or with osteoporosis or steroids: same day
        ({"onset": "fall_or_accident", "injury_mechanism": "trip_or_slip", "age": 75}, "urgent"),
        (
            {
                "onset": "fall_or_accident",
                "injury_mechanism": "trip_or_slip",
                "long_term_steroids": "yes",
            },
            "urgent",
        ),
        ({"onset": "fall_or_accident", "injury_mechanism": "not_sure"}, "urgent"),
        ({"onset": "fall_or_accident", "injury_mechanism": "sports_or_blow"}, "urgent"),
        # sudden onset without a fall
        ({"onset": "sudden_movement", "osteoporosis": "yes"}, "urgent"),
        ({"onset": "gradual", "osteoporosis": "yes"}, "self_care"),
        # buttock pain alone is not pain spreading into the leg
        ({"where": ["lower_back", "buttock"]}, "self_care"),
        # thoracic pain: alone soon, with a risk factor today
        ({"thoracic_pain": "yes"}, "soon"),
        ({"thoracic_pain": "yes", "age": 55}, "urgent"),
        ({"thoracic_pain": "yes", "pain_not_eased_by_rest": "yes"}, "urgent"),
        # a long-standing stable problem is not "failing to improve"
        (
            {"problem_duration": "over_a_year", "onset_days_ago": 900, "trend": "about_the_same"},
            "self_care",
        ),
        (
            {"problem_duration": "6_to_12_weeks", "onset_days_ago": 60, "trend": "getting_worse"},
            "soon",
        ),
        # infection risk without fever
        ({"recent_infection_or_procedure": "yes"}, "urgent"),
        ({"iv_drug_use": "yes", "leg_weakness": "yes"}, "emergency"),
        ({"weak_immune_system": "not_sure", "both_legs": "yes"}, "emergency"),
        # pregnancy warning signs count even when the person answered "not pregnant"
        ({"pregnant": "no", "pregnancy_warning_signs": "yes"}, "urgent"),
        ({"pregnant": "not_sure", "pregnancy_warning_signs": "yes"}, "urgent"),
        # widespread pain needs tiredness or poor sleep too
        ({"widespread_pain": "yes", "sleep_quality": "poor"}, "soon"),
        ({"widespread_pain": "yes"}, "self_care"),
        ({"dactylitis": "yes", "problem_duration": "3_to_12_months"}, "soon"),
    ],
)
def test_the_gaps_named_by_the_clinical_review(answers, level):
    assert run(answers).level == level


RULES_READING_A_STANDING_FACT = sorted(
    rule.id
    for rule in rules()
    if set(FACT_IDS) & set(rule.finding_ids)
    and set(checkin_ids()) & set(CASES[rule.id][0])
    and set(FACT_IDS) & set(CASES[rule.id][0])
)


@pytest.mark.parametrize("rule_id", RULES_READING_A_STANDING_FACT)
def test_a_checkin_cannot_silence_a_rule_by_an_unknown_history(rule_id):
    answers, _, _ = CASES[rule_id]
    today = {k: v for k, v in answers.items() if k in checkin_ids()}
    result = triage_checkin(validate_findings(today), ClinicalContext(age=35))
    assert rule_id in {r.rule_id for r in result.reasons}


# --- the young: a back worse arching backwards or with sport ----------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        # Sam: 16, hurling, 6 weeks, worse bending backwards, and getting better.
        {"age": 16, "onset_days_ago": 42, "triggers": ["back_arching"], "trend": "getting_better"},
        {"age": 19, "onset_days_ago": 22, "triggers": ["exercise"]},
        {"age": 17, "problem_duration": "6_to_12_weeks", "triggers": ["back_arching"]},
        {"age": 18, "problem_duration": "over_a_year", "triggers": ["exercise", "stress"]},
    ],
)
def test_a_young_back_worse_arching_or_with_sport_for_over_3_weeks_is_seen_within_days(answers):
    result = run({**REASSURING, **answers})
    assert fired(result).get("young_back_worse_arching_or_sport") == "soon"
    assert result.level == "soon"
    advice = next(
        r.advice for r in result.reasons if r.rule_id == "young_back_worse_arching_or_sport"
    )
    assert "doctor or physiotherapist in the next few days" in advice
    assert "spondyl" not in advice.lower()
    assert "fracture" not in advice.lower()


@pytest.mark.parametrize(
    "answers",
    [
        {"age": 16, "onset_days_ago": 21, "triggers": ["back_arching"]},  # 3 weeks, not more
        {"age": 16, "problem_duration": "2_to_6_weeks", "triggers": ["back_arching"]},
        {"age": 16, "onset_days_ago": 42, "triggers": ["lifting", "twisting_bending"]},
        {"age": 20, "onset_days_ago": 42, "triggers": ["back_arching", "exercise"]},
    ],
)
def test_the_young_rule_needs_the_age_the_weeks_and_arching_or_sport(answers):
    assert "young_back_worse_arching_or_sport" not in fired(run({**REASSURING, **answers}))
