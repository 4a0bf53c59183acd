import json

import pytest

from backcare.assessments.models import Assessment
from backcare.cli import main
from backcare.domain.plans import build_plan
from backcare.plans.models import Plan
from backcare.plans.plan_input import plan_input_from_mapping
from backcare.plans.snapshots import plan_from_body

INPUT = {
    "triage_level": "self_care",
    "factor_ids": ["stress_anxiety", "sedentary"],
    "startback_risk": "high",
    "scores": {"nrs": {"total": 5}},
    "preferences": {
        "minutes_per_day": 15,
        "equipment": ["mat", "chair"],
        "goals": ["stronger_back"],
        "sleep_position": "side",
        "toolbox": ["knee-rocking"],
    },
}


def run(*argv):
    """Run `backcare plan ...` as the console script does."""
    return main(["plan", *argv])


def write(tmp_path, data):
    path = tmp_path / "input.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_an_input_file_round_trips_to_the_same_plan_as_json(tmp_path, capsys):
    assert run("--input", str(write(tmp_path, INPUT)), "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    expected = build_plan(plan_input_from_mapping(INPUT))
    assert printed == json.loads(json.dumps(expected.to_dict()))
    assert plan_from_body(printed) == expected  # nothing is lost in the JSON


def test_an_input_file_prints_readable_sections(tmp_path, capsys):
    assert run("--input", str(write(tmp_path, INPUT))) == 0
    out = capsys.readouterr().out
    for heading in ("Today's routine", "Walking target", "In a flare or spasm",
                    "When to stop and get help", "does not diagnose or prescribe"):  # fmt: skip
        assert heading in out
    assert "evidence:" in out


def test_an_urgent_input_prints_care_advice_only(tmp_path, capsys):
    assert run("--input", str(write(tmp_path, {"triage_level": "urgent"}))) == 0
    out = capsys.readouterr().out
    assert "clinician should check today" in out
    assert "Today's routine" not in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON"),
        ([], "must be a JSON object"),
        ({}, "triage_level is required"),
        ({"triage_level": "whenever"}, "triage_level must be one of"),
        ({"triage_level": "soon", "factor_ids": ["gremlins"]}, "factor_ids has unknown"),
        ({"triage_level": "soon", "preferences": {"minutes_per_day": 99}}, "minutes_per_day"),
        ({"triage_level": "soon", "preferences": {"cannot_do": ["moonwalk"]}}, "cannot_do"),
        ({"triage_level": "soon", "colour": "blue"}, "colour is not a field"),
        ({"triage_level": "soon", "scores": {"nrs": 5}}, "scores must map"),
    ],
)
def test_a_bad_input_file_exits_2_with_the_reason(tmp_path, capsys, data, message):
    assert (
        run("--input", str(write(tmp_path, data if isinstance(data, str) else json.dumps(data))))
        == 2
    )
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_a_missing_input_file_exits_2(tmp_path, capsys):
    assert run("--input", str(tmp_path / "nope.json")) == 2
    assert "cannot read" in capsys.readouterr().err


def test_it_prints_a_persons_current_plan(ana, capsys):
    Assessment.objects.create(
        user=ana, findings={}, level="soon", result={}, factors=[{"id": "sedentary"}]
    )
    assert run("--user", "ana", "--json") == 0
    body = json.loads(capsys.readouterr().out)
    assert body["status"] == "gentle"
    assert body["id"] == Plan.objects.get(user=ana).pk
    assert run("--user", "ana") == 0
    assert "book to see a clinician" in capsys.readouterr().out


def test_without_an_assessment_it_prints_the_general_plan(ana, capsys):
    assert run("--user", "ana") == 0
    assert "No assessment for ana yet" in capsys.readouterr().out
    assert not Plan.objects.exists()


def test_an_unknown_user_exits_2(db, capsys):
    assert run("--user", "nobody") == 2
    assert "no account named 'nobody'" in capsys.readouterr().err


def test_it_needs_a_user_or_an_input_file(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 2


def test_the_input_context_applies_its_safety_screens():
    pregnant = plan_input_from_mapping(
        {"triage_level": "self_care", "context": {"pregnant": "yes"}}
    )
    assert pregnant.preferences.pregnant
    steroids = {"triage_level": "self_care", "context": {"long_term_steroids": "not_sure"}}
    assert "osteoporosis" in plan_input_from_mapping(steroids).preferences.conditions
    with pytest.raises(ValueError, match=r"context\.pregnant"):
        plan_input_from_mapping({"triage_level": "self_care", "context": {"pregnant": "maybe"}})
    with pytest.raises(ValueError, match="context"):
        plan_input_from_mapping({"triage_level": "self_care", "context": {"smoker": "yes"}})


def test_the_input_context_takes_both_possible_ages():
    """Born in 1955 and asked in 2026: 70 or 71, and back pain after a fall is urgent over
    70, so it becomes one of the plan's stop rules (night pain and pain between the shoulder
    blades are urgent from 50, at either age)."""
    ages = {"triage_level": "self_care", "context": {"age": 70, "age_up_to": 71}}
    known = {"triage_level": "self_care", "context": {"age": 70}}
    both = [w.text for w in plan_input_from_mapping(ages).personal_warnings]
    seventy = [w.text for w in plan_input_from_mapping(known).personal_warnings]
    assert [text for text in both if text not in seventy] == both[:1]
    assert "fall" in both[0]
    assert not any("fall" in text for text in seventy)
    for wrong in ({"age_up_to": 71}, {"age": 70, "age_up_to": 69}, {"age": 70, "age_up_to": 72}):
        with pytest.raises(ValueError, match=r"context\.age_up_to"):
            plan_input_from_mapping({"triage_level": "self_care", "context": wrong})
    for wrong in ({"age": 500}, {"age": -5}, {"age": "old"}, {"age": 70, "age_up_to": 1000}):
        with pytest.raises(ValueError, match=r"context\.age"):
            plan_input_from_mapping({"triage_level": "self_care", "context": wrong})
