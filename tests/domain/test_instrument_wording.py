"""A questionnaire score in words: one rounding rule, its range and direction, its change."""

from __future__ import annotations

import pytest

from backcare.domain.instruments import instrument, instruments
from backcare.domain.instruments.wording import (
    change_text,
    scale_text,
    score_text,
    threshold_note,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        (8.0, "8"),
        (10.0, "10"),
        (0.0, "0"),
        (3.67, "3.67"),
        (3.6666666, "3.67"),
        (2.005, "2.01"),  # half rounds up, as the PEG's scoring does
        (0.5, "0.5"),
    ],
)
def test_one_rounding_rule_for_every_total(value: float | None, shown: str) -> None:
    assert score_text(value) == shown


def test_the_range_and_direction_come_from_the_content() -> None:
    assert scale_text(instrument("gad7")) == "Scored 0–21; higher is worse"
    assert scale_text(instrument("startback")) == "Scored 0–9; higher is worse"
    for found in instruments().values():
        low, high = found.score_range
        assert scale_text(found).startswith(f"Scored {low}–{high}; higher is ")


NRS_RULE = "(for this questionnaire, a change of 2 points or 30\u00a0% is meaningful)"
NRS_RISE = "(for this questionnaire, a change of 2 points is meaningful)"
PEG_RULE = "(for this questionnaire, a change of 1 point is meaningful)"
GAD7_RULE = "(for this questionnaire, a change of 4 points is meaningful)"


@pytest.mark.parametrize(
    ("slug", "before", "after", "words"),
    [
        ("startback", 5, 2, "down 3 from 5: better"),  # no validated threshold: no verdict
        ("phq4", 4, 4, "no change"),
        ("gad7", 6, 8, f"up 2 from 6: worse, less than a meaningful change {GAD7_RULE}"),
        ("gad7", 12, 8, f"down 4 from 12: better, a meaningful change {GAD7_RULE}"),
        ("gad7", 16, 6, "down 10 from 16: better, a meaningful change"),  # plain: no note
        ("gad7", 10, 10, "no change"),
        (
            "peg",
            4.33,
            3.67,
            f"down 0.66 from 4.33: better, less than a meaningful change {PEG_RULE}",
        ),
        ("peg", 6, 2, "down 4 from 6: better, a meaningful change"),
        ("nrs", 3, 2, f"down 1 from 3: better, a meaningful change {NRS_RULE}"),  # 33 % counts
        (
            "nrs",
            2,
            3,
            f"up 1 from 2: worse, less than a meaningful change {NRS_RISE}",
        ),  # % is for falls
        ("nrs", 8, 2, "down 6 from 8: better, a meaningful change"),
    ],
)
def test_a_change_is_described_in_words(slug: str, before: float, after: float, words: str) -> None:
    assert change_text(instrument(slug), before, after) == words


def test_the_same_fall_beside_another_questionnaire_names_the_threshold_that_decided_it() -> None:
    """Pain NRS and PEG both 4 -> 3 on one page: 25 % and 1 point is below the NRS's
    threshold and reaches the PEG's; each sentence says which threshold it was judged by."""
    assert change_text(instrument("nrs"), 4, 3) == (
        f"down 1 from 4: better, less than a meaningful change {NRS_RULE}"
    )
    assert change_text(instrument("peg"), 4, 3) == (
        f"down 1 from 4: better, a meaningful change {PEG_RULE}"
    )


def test_the_note_names_the_thresholds_of_the_content() -> None:
    for found in instruments().values():
        rule = found.change_rule
        if not rule.validated or rule.points is None:
            assert threshold_note(found, 1, "better") == ""
            continue
        note = threshold_note(found, rule.points, "better")
        assert f"a change of {score_text(rule.points)} point" in note
        assert (f"or {score_text(rule.percent)}\u00a0%" in note) == (rule.percent is not None)
        assert "%" not in threshold_note(found, rule.points, "worse")
        assert threshold_note(found, 2 * rule.points, "better") == ""
