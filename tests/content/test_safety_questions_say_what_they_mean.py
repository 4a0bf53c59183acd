"""The warning-sign questions a phone review found unclear, read as the person reads them.

Chest tightness that comes with a spasm or with panic still counts (only a clinician can tell
them apart), and the emergency result says calling is right without softening the sign. The
both-legs question (cauda equina) asks about new or worsening symptoms, so months-old leg
heaviness on walking is not an emergency on its own; that is asked on the next page and
leads to a clinician within days. The sexual-function question names no body part the
person may not have before their sex is known.
"""

from __future__ import annotations

import pytest

from backcare.assessments import wizard
from backcare.domain.findings import finding_catalogue, red_flag_ids, validate_findings
from backcare.domain.triage import rule_book, triage

BASE: dict[str, object] = {**dict.fromkeys(red_flag_ids(), "no"), "age": 74, "onset": "gradual"}
CALM_LINE = "Calling is the right thing to do even if it turns out to be spasm or panic."


def finding(finding_id: str):  # type: ignore[no-untyped-def]
    return finding_catalogue()[finding_id]


def rule(rule_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in rule_book().rules if r.id == rule_id)


def fired(answers: dict[str, object]) -> dict[str, str]:
    result = triage(validate_findings({**BASE, **answers}))
    return {reason.rule_id: reason.level for reason in result.reasons}


# --- chest pain -------------------------------------------------------------------------------


def test_the_chest_question_counts_tightness_that_comes_with_spasm_or_panic():
    help_text = finding("chest_pain").help
    assert "spasm" in help_text
    assert "panic" in help_text
    assert "only a clinician can tell them apart" in help_text


def test_the_chest_pain_emergency_says_calling_is_right_after_saying_to_call():
    advice = rule("chest_pain").advice
    assert CALM_LINE in advice
    assert advice.index("emergency department now.") < advice.index(CALM_LINE)
    for softer in ("often not", "usually not", "probably", "likely to be"):
        assert softer not in advice.lower()
    assert fired({"chest_pain": "yes"})["chest_pain"] == "emergency"


# --- both legs, and leg pain that comes on with walking ----------------------------------------


def test_the_both_legs_question_asks_what_is_new_or_worsening():
    both = finding("both_legs")
    assert "new or worsening" in both.question
    assert "last few days or weeks" in both.question
    assert both.red_flag
    assert both.checkin
    # its help points to where long-standing leg pain on walking is asked: that page, next
    assert "walk" in both.help
    assert "next page" in both.help
    assert wizard.neighbour(both.step, 1).id == finding("leg_pain_on_walking").step


def test_yes_to_both_legs_is_still_an_emergency_whatever_else_is_said():
    said = fired({"both_legs": "yes", "leg_pain_on_walking": "yes"})
    assert said["ces_both_legs"] == "emergency"


def test_leg_pain_on_walking_is_a_finding_not_a_warning_sign_nor_a_diagnosis():
    walking = finding("leg_pain_on_walking")
    assert walking.type == "tristate"
    assert not walking.red_flag
    assert not walking.required
    assert not walking.checkin
    assert "walk" in walking.question
    assert "sit" in walking.question
    said = " ".join(
        (walking.label, walking.question, walking.help, rule("leg_pain_on_walking").advice)
    )
    assert "stenosis" not in said.lower()


@pytest.mark.parametrize(("answer", "level"), [("yes", "soon"), ("not_sure", None), ("no", None)])
def test_leg_pain_on_walking_asks_for_a_clinician_within_days(answer, level):
    assert fired({"leg_pain_on_walking": answer}).get("leg_pain_on_walking") == level
    assert rule("leg_pain_on_walking").level == "soon"


# --- sexual function --------------------------------------------------------------------------


def test_the_sexual_function_question_names_no_body_part_before_the_sex_is_known():
    question = finding("sexual_dysfunction")
    assert "vagina" not in question.question
    assert "penis" not in question.question
    assert "vagina" in question.question_to("female")
    assert "penis" in question.question_to("male")
    assert "vagina" not in question.question_to("male")
    assert question.question_to("other") == question.question
