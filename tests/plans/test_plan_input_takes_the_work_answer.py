"""``backcare plan --input FILE`` (``plan_input_from_mapping``) takes the back check's answer on
work, so a file can build the plan of someone whose back is keeping them off work, and the days
since the pain began, so it can build the first days' plan; a wrong value is refused with the
field named, on stderr, with exit status 2."""

from __future__ import annotations

import json

import pytest

from backcare.cli import main
from backcare.domain.plans import PlanInputError, build_plan
from backcare.plans.plan_input import plan_input_from_mapping

BASE = {"triage_level": "self_care", "factor_ids": ["overuse"]}
WORK_ITEM = "work-with-changes"


def offered(data):  # type: ignore[no-untyped-def]
    return {item.slug for item in build_plan(plan_input_from_mapping(data)).recommendations()}


@pytest.mark.parametrize("answer", ["hard", "off"])
def test_hard_or_off_work_offers_the_work_item(answer):
    assert plan_input_from_mapping({**BASE, "work": answer}).work == answer
    assert WORK_ITEM in offered({**BASE, "work": answer})


def test_no_or_no_answer_does_not():
    assert WORK_ITEM not in offered({**BASE, "work": "no"})
    assert WORK_ITEM not in offered(BASE)
    assert plan_input_from_mapping(BASE).work is None


def test_the_days_since_the_pain_began_are_taken():
    data = plan_input_from_mapping({**BASE, "onset_days": 2})
    assert data.onset_days == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("work", "retired", "work must be one of no, hard, off or None, got 'retired'"),
        ("work", True, "work must be one of no, hard, off or None, got True"),
        ("onset_days", -1, "onset_days must be a whole number of days, 0 or more"),
        ("onset_days", "2", "onset_days must be a whole number of days, 0 or more"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_field(tmp_path, capsys, field, value, message):
    with pytest.raises(PlanInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        plan_input_from_mapping({**BASE, field: value})
    path = tmp_path / "input.json"
    path.write_text(json.dumps({**BASE, field: value}))
    assert main(["plan", "--input", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_the_dose_speaks_to_someone_who_told_us_they_work():
    item = next(
        item
        for item in build_plan(plan_input_from_mapping({**BASE, "work": "off"})).recommendations()
        if item.slug == WORK_ITEM
    )
    assert item.dose == (
        "A short talk with your employer this week, then look at the changes again every "
        "week or two."
    )
    assert "If you work" not in item.dose
