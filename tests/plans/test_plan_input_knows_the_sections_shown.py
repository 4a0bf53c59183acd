"""The plan's known conditions are the sections its page shows: a section that needs a
contributing factor (pelvic girdle pain in pregnancy needs ``pregnancy_pgp``) counts when the
back check suggested it, from the person's plan input and from ``backcare plan --input``
alike. Aisha answers at 21:30 in Toronto, already the next day in UTC.

Failed before: ``plan_input`` and ``plan_input_from_mapping`` asked ``sections_for`` without
the back check's factors (``Assessment.factor_ids``), so the section the page shows never
counted there."""

from __future__ import annotations

import pytest
import time_machine

from backcare.assessments.intake import assess
from backcare.plans import planning
from backcare.plans.condition_notes import condition_notes
from backcare.plans.plan_input import plan_input_from_mapping
from tests.conftest import make_user
from tests.web.test_pelvic_girdle_pain_in_pregnancy import AISHA

pytestmark = pytest.mark.django_db
EVENING = "2026-12-07 21:30 -0500"  # already 8 December in UTC


@time_machine.travel(EVENING, tick=False)
def test_her_plan_input_counts_the_section_her_plan_page_shows() -> None:
    person = make_user("aisha", year_of_birth=1995, sex="female", time_zone="America/Toronto")
    assessment = assess(person, AISHA)
    assert "pregnancy_pgp" in assessment.factor_ids
    shown = {note["fact"] for note in condition_notes(person)}
    assert shown == {"pregnant"}
    assert planning.plan_input(person, assessment).known_conditions == shown


@time_machine.travel(EVENING, tick=False)
def test_without_the_signs_no_section_counts() -> None:
    person = make_user("aisha", year_of_birth=1995, sex="female", time_zone="America/Toronto")
    answers = {**AISHA, "where": ["lower_back"], "triggers": ["lifting"]}
    assessment = assess(person, answers)
    assert "pregnancy_pgp" not in assessment.factor_ids
    assert planning.plan_input(person, assessment).known_conditions == frozenset()
    assert condition_notes(person) == []


def test_the_json_input_takes_the_factors_it_is_given() -> None:
    base = {"triage_level": "self_care", "context": {"pregnant": "yes"}}
    with_signs = plan_input_from_mapping({**base, "factor_ids": ["pregnancy_pgp"]})
    assert with_signs.known_conditions == frozenset({"pregnant"})
    assert plan_input_from_mapping(base).known_conditions == frozenset()
