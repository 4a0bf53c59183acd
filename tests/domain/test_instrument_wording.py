"""A questionnaire score in words: one rounding rule, its range and direction, its change."""

from __future__ import annotations

import pytest

from backcare.domain.instruments import instrument, instruments
from backcare.domain.instruments.wording import change_text, scale_text, score_text


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


@pytest.mark.parametrize(
    ("slug", "before", "after", "words"),
    [
        ("startback", 5, 2, "down 3 from 5: better"),  # no validated threshold: no verdict
        ("phq4", 4, 4, "no change"),
        ("gad7", 6, 8, "up 2 from 6: worse, less than a meaningful change"),
        ("gad7", 12, 8, "down 4 from 12: better, a meaningful change"),
        ("peg", 4.33, 3.67, "down 0.66 from 4.33: better, less than a meaningful change"),
        ("nrs", 3, 2, "down 1 from 3: better, a meaningful change"),  # 33 % counts (Ostelo)
        ("nrs", 2, 3, "up 1 from 2: worse, less than a meaningful change"),  # % is for falls
    ],
)
def test_a_change_is_described_in_words(slug: str, before: float, after: float, words: str) -> None:
    assert change_text(instrument(slug), before, after) == words
