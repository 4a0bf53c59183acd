"""Pelvic girdle pain in pregnancy as reviewed content: where it is felt and what sets it off
can be said; the contributor is offered only with pregnancy ("yes") and one of its signs, with
its grade and real references; the plan's section is shown only with that contributor, every
line graded or referenced; the two warning-sign questions a pregnant person with it answers
"yes" to by mistake say what is common in pregnancy and what still counts, without changing
the rules; and the article never tells anyone they have it.

Failed before: none of the options, the contributor, the section, the hints or the article
existed."""

from __future__ import annotations

import re

import pytest

from backcare.domain.content import RECOMMENDABLE_GRADES, references
from backcare.domain.context import ClinicalContext
from backcare.domain.education import article
from backcare.domain.factors import contributing_factors, factor_book
from backcare.domain.findings import finding_catalogue, red_flag_ids, validate_findings
from backcare.domain.known_conditions import condition_book, sections_for
from backcare.domain.triage import triage

CALM: dict[str, object] = {**dict.fromkeys(red_flag_ids(), "no"), "age": 31, "onset": "gradual"}
SIGNS = {"where": ["pelvis_front"], "triggers": ["stairs", "one_leg", "turning_in_bed"]}


def factor_ids(**answers: object) -> set[str]:
    return {f.id for f in contributing_factors(validate_findings({**CALM, **answers}))}


def test_where_and_what_sets_it_off_can_be_said() -> None:
    where = {o.value: o.label for o in finding_catalogue()["where"].options}
    assert "pubic bone" in where["pelvis_front"]
    assert "Back of the pelvis" in where["pelvis_back"]
    triggers = {o.value for o in finding_catalogue()["triggers"].options}
    assert {"stairs", "one_leg", "turning_in_bed"} <= triggers


@pytest.mark.parametrize(
    "signs",
    [
        {"where": ["pelvis_front"]},
        {"where": ["pelvis_back"]},
        {"where": ["buttock"]},
        {"triggers": ["stairs"]},
        {"triggers": ["one_leg"]},
        {"triggers": ["turning_in_bed"]},
    ],
)
def test_it_is_offered_to_a_pregnant_person_with_any_of_its_signs(signs) -> None:  # type: ignore[no-untyped-def]
    assert "pregnancy_pgp" in factor_ids(pregnant="yes", **signs)


@pytest.mark.parametrize("pregnant", ["no", "not_sure"])
def test_it_is_never_offered_without_a_yes_to_pregnancy(pregnant: str) -> None:
    assert "pregnancy_pgp" not in factor_ids(pregnant=pregnant, **SIGNS)


def test_nor_to_a_pregnant_person_without_its_signs() -> None:
    assert "pregnancy_pgp" not in factor_ids(pregnant="yes", where=["lower_back"])


def test_it_carries_a_grade_real_references_and_never_diagnoses() -> None:
    rule = next(f for f in factor_book().factors if f.id == "pregnancy_pgp")
    assert rule.title == "Pregnancy and pelvic girdle pain"
    assert rule.evidence.grade in RECOMMENDABLE_GRADES
    assert {"vleeming-2008-pgp", "rcog-2015-pgp"} <= set(rule.references)
    assert set(rule.references) | set(rule.evidence.references) <= set(references())
    assert "may be contributing" in rule.helps
    assert not re.search(r"\byou have\b", rule.helps.lower())
    assert "pelvic-girdle-pain" in rule.education


def test_the_plan_section_needs_pregnancy_and_the_contributor() -> None:
    pregnant = ClinicalContext(pregnant="yes")
    assert [s.fact for s in sections_for(pregnant, {"pregnancy_pgp"})] == ["pregnant"]
    assert sections_for(pregnant) == ()
    assert sections_for(ClinicalContext(pregnant="not_sure"), {"pregnancy_pgp"}) == ()


def test_every_line_of_the_section_is_graded_or_referenced() -> None:
    section = condition_book().sections["pregnant"]
    assert section.factor == "pregnancy_pgp"
    known = set(references())
    for line in section.lines:
        assert line.references, line.text
        assert set(line.references) <= known, line.text
    graded = [line for line in section.lines if line.evidence is not None]
    assert len(graded) >= 4
    belt = next(line for line in section.lines if "belt" in line.text)
    assert belt.evidence is None  # information: one small trial, never a recommendation
    assert [c.level for c in section.contact] == ["soon"]
    words = " ".join([section.lead, *(line.text for line in section.lines)]).lower()
    assert "common in pregnancy" in words
    assert not re.search(r"\byou have\b", words)


@pytest.mark.parametrize("finding_id", ["walking_difficulty", "pain_not_eased_by_rest"])
def test_the_two_warning_sign_questions_say_what_is_common_in_pregnancy(finding_id: str) -> None:
    finding = finding_catalogue()[finding_id]
    hint = finding.help_to({"pregnant"})
    assert hint.startswith("In pregnancy,")
    assert "common" in hint
    assert "Answer 'yes' if" in hint  # what still counts as the warning sign
    assert "pregnancy" not in finding.help_to(set())  # not said to someone who cannot be pregnant


@pytest.mark.parametrize("finding_id", ["walking_difficulty", "pain_not_eased_by_rest"])
def test_the_hints_change_no_rule(finding_id: str) -> None:
    """A "yes" from a pregnant person with pelvic pain still leads where it did."""
    alone = triage(validate_findings({**CALM, finding_id: "yes"}))
    with_pgp = triage(validate_findings({**CALM, **SIGNS, "pregnant": "yes", finding_id: "yes"}))
    assert alone.level != "self_care"
    assert {r.rule_id for r in alone.reasons} <= {r.rule_id for r in with_pgp.reasons}


def test_the_article_is_referenced_and_never_diagnoses() -> None:
    item = article("pelvic-girdle-pain")
    assert {"vleeming-2008-pgp", "rcog-2015-pgp"} <= set(item.references)
    body = " ".join(item.body.lower().split())
    assert "does not harm the baby" in body
    assert "physiotherapist" in body
    assert not re.search(r"\byou (have|probably have) pelvic girdle pain", body)
    assert "call your emergency number now" in body  # its warning signs keep their level
