"""Jean-Marc (66, ankylosing spondylitis on a biologic) told the back check a clinician
diagnosed his inflammatory arthritis. The moves his plan chose for that pattern say so
plainly: they are there because moving every day helps him stay mobile with the arthritis he
told us about, not because "some of his answers fit a pattern seen in inflammatory back pain"
(which reads as something still to find out). The words are the factor's own, kept with its
other words for him in factors.toml. His stiffness after a night's rest is no longer "worth
mentioning to a doctor" as if it were news, and the articles he reads about the pattern say
what it means for someone already diagnosed. Anyone who is not sure keeps today's words."""

from __future__ import annotations

import pytest

from backcare.domain.education import articles
from backcare.domain.factors import Factor, contributing_factors, factor_book, known_words
from backcare.domain.findings import validate_findings
from backcare.domain.interventions import EQUIPMENT
from backcare.domain.plan_model import PlanInput, Preferences
from backcare.domain.plan_text import FACTOR_PHRASES
from backcare.domain.plans import build_plan
from backcare.plans.presenting import why_line
from tests.domain.test_known_inflammatory_pattern import CONTACT, told

FACT = "known_inflammatory_arthritis"
FACTOR = "inflammatory_features"
PATTERN = "pattern seen in inflammatory back pain"
PLAINLY = "moving every day helps you stay mobile with the inflammatory arthritis you told us about"


def reasons(known: frozenset[str], factor: str = FACTOR) -> list[str]:
    """The 'why' of every item the plan chose for ``factor``."""
    data = PlanInput(
        "self_care",
        factor_ids=frozenset({factor}),
        preferences=Preferences(equipment=EQUIPMENT),  # a mat for cat-cow
        known_conditions=known,
    )
    chosen = [item.why for item in build_plan(data).recommendations() if item.reason == factor]
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


# --- his stiffness after a night's rest ----------------------------------------------------


def stiffness(answer: str | None) -> Factor:
    found = contributing_factors(validate_findings(told(answer), require_red_flags=True))
    return next(f for f in found if f.id == "age_stiffness")


def test_his_morning_stiffness_is_not_worth_mentioning_to_a_doctor_as_news() -> None:
    found = stiffness("yes")
    assert found.title == "Stiffness after a night's rest"
    assert "worth mentioning to a doctor" not in found.helps
    assert "part of what your team knows" in found.helps
    # When to contact them is said once, after the inflammatory factor read before this one
    # (test_known_arthritis_contact_once.py); on its own, this factor ends with it.
    assert CONTACT not in found.helps
    assert "spondyloarthritis" not in found.evidence.note  # "one in nine" is of the undiagnosed
    assert found.why == stiffness("no").why


@pytest.mark.parametrize("answer", ["no", "not_sure", None])
def test_anyone_else_still_hears_it_is_worth_mentioning(answer: str | None) -> None:
    found = stiffness(answer)
    assert "worth mentioning to a doctor" in found.helps
    assert "one in nine" in found.evidence.note


def test_his_moves_for_stiff_mornings_say_it_is_usual_with_his_arthritis() -> None:
    usual = "your back is stiff after a night's rest, as is usual with your inflammatory arthritis"
    for why in reasons(frozenset({FACT}), "age_stiffness"):
        assert why.startswith(f"Chosen because {usual}"), why
    for why in reasons(frozenset(), "age_stiffness"):
        assert why.startswith(f"Chosen because {FACTOR_PHRASES['age_stiffness']}."), why


# --- what he reads when he follows "Read more" ------------------------------------------


def test_every_article_he_reads_about_the_pattern_says_his_needs_no_new_look() -> None:
    """The articles his factors link that speak of inflammatory back pain, and the one they
    point to, say what it means for someone already diagnosed."""
    found = contributing_factors(validate_findings(told("yes"), require_red_flags=True))
    linked = {slug for factor in found for slug in factor.education}
    about_it = {s for s in linked if "inflammatory back pain" in articles()[s].body}
    assert about_it == {"morning-stiffness"}
    for slug in sorted(about_it | {"inflammatory-back-pain"}):
        body = " ".join(articles()[slug].body.split())
        assert "already diagnosed an inflammatory arthritis" in body, slug
        assert "nothing new to look for" in body, slug
