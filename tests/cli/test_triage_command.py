"""`backcare triage`: the same engine as the web intake and the API, on the command line."""

import io
import json

import pytest

from backcare import cli
from backcare.assessments.intake import evaluate
from backcare.domain.findings import finding_catalogue, red_flag_ids


def full(**answers):
    return {**dict.fromkeys(red_flag_ids(), "no"), "age": 35, "onset": "gradual", **answers}


CASES = [
    (full(bladder_change="yes"), "emergency"),
    (full(saddle_numbness="not_sure"), "urgent"),
    (
        full(age=35, where=["lower_back"], onset="sudden_movement", triggers=["lifting"]),
        "self_care",
    ),
    (
        full(
            age=28,
            age_when_started=24,
            problem_duration="over_a_year",
            morning_stiffness_minutes=60,
            wakes_second_half_night="yes",
            better_with_movement="yes",
            psoriasis="yes",
        ),
        "soon",
    ),
]


@pytest.mark.parametrize(("answers", "level"), CASES)
def test_it_prints_the_result_of_a_file(tmp_path, capsys, answers, level):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    assert cli.main(["triage", "--json", str(path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["level"] == level
    assert printed == evaluate(answers).result.to_dict()  # the same engine as the web and API


@pytest.mark.parametrize(("answers", "level"), CASES)
def test_it_reads_standard_input(monkeypatch, capsys, answers, level):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(answers)))
    assert cli.main(["triage", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == level


def test_it_accepts_an_api_request_body(tmp_path, capsys):
    path = tmp_path / "body.json"
    path.write_text(json.dumps({"findings": full(chest_pain="yes")}))
    assert cli.main(["triage", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "emergency"


def test_a_checkin_subset_needs_the_checkin_flag(tmp_path, capsys):
    path = tmp_path / "checkin.json"
    path.write_text(json.dumps({"bladder_change": "yes"}))
    assert cli.main(["triage", "--json", str(path)]) == 2
    assert cli.main(["triage", "--checkin", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "emergency"


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (json.dumps(full(elbow="yes")), "elbow"),
        (json.dumps(full(age="old")), "age"),
        (json.dumps(full(age=130)), "age"),
        (json.dumps(full(where="leg")), "where"),
        (json.dumps({"bladder_change": "no"}), "bowel_change"),
        (json.dumps(["not", "an", "object"]), "findings"),
        ('{"age": 35,', "line 1"),
    ],
)
def test_bad_input_exits_2_naming_the_field(tmp_path, capsys, content, named):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert cli.main(["triage", "--json", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("backcare: error: ")
    assert named in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert cli.main(["triage", "--json", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_it_needs_something_to_do(capsys):
    assert cli.main(["triage"]) == 2
    assert "--json FILE" in capsys.readouterr().err


def test_list_findings_shows_every_id_type_and_meaning(capsys):
    assert cli.main(["triage", "--list-findings"]) == 0
    out = capsys.readouterr().out
    for finding in finding_catalogue().values():
        assert finding.id in out
    assert "tristate" in out
    assert "multi" in out
    assert "lower_back" in out


def test_list_findings_as_json(capsys):
    assert cli.main(["triage", "--list-findings", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in listing] == list(finding_catalogue())
    assert all({"id", "type", "meaning"} <= set(item) for item in listing)


def test_it_has_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["triage", "--help"])
    assert exit_info.value.code == 0
    assert "--list-findings" in capsys.readouterr().out
