"""The intake schema (content/findings.toml) and validation of submitted answers."""

from __future__ import annotations

import pytest

from backcare.domain.findings import (
    TRISTATE_VALUES,
    FindingError,
    checkin_ids,
    finding_catalogue,
    finding_schema,
    findings_listing,
    red_flag_ids,
    validate_findings,
)

ALL_RED_FLAGS_NO = {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual"}


def options(finding_id: str) -> set[str]:
    return {option.value for option in finding_catalogue()[finding_id].options}


# --- the schema covers what people describe ----------------------------------------------


@pytest.mark.parametrize(
    ("finding_id", "expected"),
    [
        ("where", {"lower_back", "mid_back", "upper_back", "neck", "buttock", "leg"}),
        ("side", {"left", "right", "both"}),
        (
            "feel",
            {"pain", "stiffness", "soreness", "tension", "spasm", "locking", "knots"}
            | {"restricted_movement"},
        ),
        ("onset", {"sudden_movement", "fall_or_accident", "gradual", "out_of_the_blue"}),
        ("pattern", {"constant", "comes_and_goes", "in_waves", "shifting"}),
        ("worse_times", {"on_waking", "after_sitting", "at_night", "when_resting"}),
    ],
)
def test_it_offers_the_options_people_use_to_describe_their_back(finding_id, expected):
    assert expected <= options(finding_id)


@pytest.mark.parametrize(
    ("finding_id", "low", "high"),
    [("intensity_now", 0, 10), ("intensity_worst_24h", 0, 10), ("stress_level", 0, 10)],
)
def test_ratings_run_from_0_to_10(finding_id, low, high):
    finding = finding_catalogue()[finding_id]
    assert (finding.type, finding.minimum, finding.maximum) == ("int", low, high)


def test_it_asks_about_every_factor_input_and_history_item():
    wanted = {
        "age", "onset_days_ago", "morning_stiffness_minutes", "triggers", "eases",
        "earlier_episodes", "problem_duration", "sitting_hours", "sleep_position",
        "stress_level", "water_glasses", "activity_level", "unaccustomed_activity",
        "widespread_pain",
    }  # fmt: skip
    assert wanted <= set(finding_catalogue())


def test_every_red_flag_question_is_yes_no_or_not_sure():
    for fid in red_flag_ids():
        finding = finding_catalogue()[fid]
        assert finding.type == "tristate", fid
        assert [o.value for o in finding.options] == list(TRISTATE_VALUES)


def test_the_daily_checkin_asks_about_new_nerve_bladder_fever_and_chest_signs():
    required = {"numbness_tingling", "bladder_change", "bowel_change", "fever"}
    assert required | {"leg_weakness", "chest_pain"} <= set(checkin_ids())


def test_every_finding_belongs_to_a_wizard_step_with_a_question():
    steps = dict(finding_schema().steps)
    for finding in finding_catalogue().values():
        assert finding.step in steps
        assert finding.question.strip()
        assert finding.label.strip()


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field", "hint"),
    [
        ({"blader_change": "yes"}, "blader_change", "unknown finding id"),
        ({"fever": "maybe"}, "fever", "yes, no, not_sure"),
        ({"fever": True}, "fever", "must be one of"),
        ({"intensity_now": 11}, "intensity_now", "from 0 to 10"),
        ({"intensity_now": -1}, "intensity_now", "from 0 to 10"),
        ({"intensity_now": "high"}, "intensity_now", "whole number"),
        ({"intensity_now": True}, "intensity_now", "whole number"),
        ({"intensity_now": 4.5}, "intensity_now", "whole number"),
        ({"age": 15}, "age", "from 16 to 120"),
        ({"onset": "after_lunch"}, "onset", "sudden_movement"),
        ({"where": "lower_back"}, "where", "list of options"),
        ({"where": ["lower_back", "elbow"]}, "where", "elbow"),
        ({"desk_work": "yes"}, "desk_work", "true or false"),
        ({"age": 30, "age_when_started": 40}, "age_when_started", "more than your age"),
    ],
)
def test_it_rejects_bad_answers_naming_the_field(raw, field, hint):
    with pytest.raises(FindingError) as caught:
        validate_findings(raw)
    assert caught.value.field == field
    assert hint in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_it_returns_answers_in_canonical_form():
    findings = validate_findings(
        {
            "where": ["leg", "lower_back", "leg"],
            "intensity_now": "6",
            "age": 40.0,
            "desk_work": True,
        }
    )
    assert findings["where"] == frozenset({"leg", "lower_back"})
    assert findings["intensity_now"] == 6
    assert findings["age"] == 40
    assert findings.to_dict()["where"] == ["leg", "lower_back"]


def test_a_full_intake_must_answer_every_red_flag_question():
    incomplete = {k: v for k, v in ALL_RED_FLAGS_NO.items() if k != "saddle_numbness"}
    with pytest.raises(FindingError) as caught:
        validate_findings(incomplete, require_red_flags=True)
    assert caught.value.field == "saddle_numbness"
    validate_findings({**incomplete, "saddle_numbness": "not_sure"}, require_red_flags=True)


def test_a_checkin_may_send_only_its_short_set():
    findings = validate_findings(dict.fromkeys(checkin_ids(), "no"))
    assert set(findings) == set(checkin_ids())


def test_replace_revalidates():
    findings = validate_findings({"fever": "no"})
    assert findings.replace(fever="yes")["fever"] == "yes"
    with pytest.raises(FindingError):
        findings.replace(fever="perhaps")


def test_the_listing_gives_every_finding_with_its_meaning_and_type():
    listing = {item["id"]: item for item in findings_listing()}
    assert set(listing) == set(finding_catalogue())
    assert listing["intensity_now"]["range"] == {"min": 0, "max": 10, "unit": "/10"}
    assert {o["value"] for o in listing["fever"]["options"]} == set(TRISTATE_VALUES)
    assert listing["bladder_change"]["red_flag"] is True
    assert all(item["meaning"] and item["type"] for item in listing.values())
