"""Jean-Marc (66, ankylosing spondylitis on a biologic) told the back check a clinician
diagnosed his inflammatory arthritis. The moves his plan chose for that pattern say so
plainly: they are there because moving every day helps him stay mobile with the arthritis he
told us about, not because "some of his answers fit a pattern seen in inflammatory back pain"
(which reads as something still to find out). The words are the factor's own, kept with its
other words for him in factors.toml. Anyone who is not sure keeps today's reason."""

from __future__ import annotations

import pytest

from backcare.domain.factors import factor_book, known_words
from backcare.domain.interventions import EQUIPMENT
from backcare.domain.plan_model import PlanInput, Preferences
from backcare.domain.plan_text import FACTOR_PHRASES
from backcare.domain.plans import build_plan
from backcare.plans.presenting import why_line

FACT = "known_inflammatory_arthritis"
FACTOR = "inflammatory_features"
PATTERN = "pattern seen in inflammatory back pain"
PLAINLY = "moving every day helps you stay mobile with the inflammatory arthritis you told us about"


def reasons(known: frozenset[str]) -> list[str]:
    """The 'why' of every item the plan chose for the inflammatory factor."""
    data = PlanInput(
        "self_care",
        factor_ids=frozenset({FACTOR}),
        preferences=Preferences(equipment=EQUIPMENT),  # a mat for cat-cow
        known_conditions=known,
    )
    chosen = [item.why for item in build_plan(data).recommendations() if item.reason == FACTOR]
    assert chosen, "the plan chose nothing for the factor"
    return chosen


def test_his_moves_say_they_help_the_arthritis_he_told_us_about() -> None:
    for why in reasons(frozenset({FACT})):
        assert why.startswith(f"Chosen because {PLAINLY}"), why
        assert PATTERN not in why
        assert "may ease its stiffness" in why  # "may": as known_conditions.toml grades it


def test_his_routine_card_says_it_in_one_line() -> None:
    for why in reasons(frozenset({FACT})):
        line = why_line(why)
        assert line.startswith(PLAINLY[:1].upper() + PLAINLY[1:]), line
        assert PATTERN not in line


@pytest.mark.parametrize("known", [frozenset(), frozenset({"osteoporosis"})])
def test_anyone_not_told_diagnosed_keeps_todays_reason(known: frozenset[str]) -> None:
    for why in reasons(known):
        assert why.startswith(f"Chosen because {FACTOR_PHRASES[FACTOR]}."), why


def test_the_words_live_with_the_factors_other_words_for_him() -> None:
    rule = next(rule for rule in factor_book().factors if rule.id == FACTOR)
    assert rule.known is not None
    assert rule.known.chosen.startswith(PLAINLY)
    assert known_words(FACTOR, frozenset({FACT})) == rule.known
    assert known_words(FACTOR, frozenset()) is None
    assert known_words("sedentary", frozenset({FACT})) is None  # no words of its own
