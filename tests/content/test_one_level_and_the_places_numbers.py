"""The words a result and a plan give for the same signs agree: one level for one combination
of signs (the more urgent rule wins on both), the person's own emergency and crisis numbers
where their place is known (every number where it is not), one figure for one study, and
guidelines named so that they hold in every place."""

from __future__ import annotations

import re

import pytest

from backcare.domain.course import course_book, expected_course
from backcare.domain.factors import factor_book
from backcare.domain.findings import red_flag_ids, validate_findings
from backcare.domain.phones import phone_book
from backcare.domain.plans import stop_rules_for
from backcare.domain.triage import rule_book, triage

GB = phone_book()[0]["GB"]
NZ = phone_book()[0]["NZ"]
CALM = {**dict.fromkeys(red_flag_ids(), "no"), "age": 40, "onset": "gradual"}
FEVER_AND_LEG = ("a fever together with new numbness or weakness in a leg", "a fever with new")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def test_a_fever_with_a_weak_leg_is_an_emergency_on_the_result_and_the_plan_alike():
    # The rules: a fever alone is "today", with numbness or weakness in a leg "now".
    rules = {rule.id: rule for rule in rule_book().rules}
    assert rules["fever"].level == "urgent"
    assert rules["infection_with_neuro"].level == "emergency"
    texts = {
        "result": triage(validate_findings(CALM)).safety_net,
        "course": " ".join(item.text for item in course_book().safety_net),
        "plan": " ".join(rule.text for rule in stop_rules_for(())),
    }
    for page, text in texts.items():
        for sentence in sentences(text):
            now = (
                "now" in sentence or "straight away" in sentence or "emergency" in sentence.lower()
            )
            if "fever" not in sentence and "temperature" not in sentence:
                continue
            if now:
                assert any(words in sentence for words in FEVER_AND_LEG), (page, sentence)
            else:  # the same day: only a fever on its own
                assert "on its own" in sentence, (page, sentence)


def test_the_rules_for_a_fever_or_a_weak_leg_name_the_more_urgent_combination():
    rules = {rule.id: rule for rule in rule_book().rules}
    # A fever alone says "today": it names the leg signs that make it "now".
    assert "new numbness or weakness in a leg" in rules["fever"].advice
    # A leg sign alone says "today" or "within days": each names a fever as making it "now".
    for rule_id in ("leg_weakness_one_side", "numbness_one_side"):
        assert "fever" in rules[rule_id].advice, rule_id


def test_a_uk_person_is_told_999_and_samaritans_everywhere():
    book = rule_book(GB)
    rules = {rule.id: rule for rule in book.rules}
    said = [book.safety_net, *(r.advice for r in book.rules)]
    said += [r.not_sure_advice for r in book.rules]
    said += list(book.not_sure_advice.values())
    said += [info.action for info in book.levels.values()]
    said += [rule.text for rule in stop_rules_for((), GB)]
    course = expected_course(validate_findings(CALM), triage(validate_findings(CALM)), GB)
    said += list(course.safety_net)
    for text in said:
        assert "your emergency number" not in text, text
        assert "{" not in text, text
    emergencies = [t for t in said if "999" in t]
    assert len(emergencies) > 10
    plan = " ".join(rule.text for rule in stop_rules_for((), GB))
    assert "Call 999 now if you get numbness" in plan
    assert "Samaritans on 116 123" in plan
    assert "Samaritans on 116 123" in rules["self_harm"].advice


def test_with_the_place_unknown_every_number_is_given():
    plan = " ".join(rule.text for rule in stop_rules_for(()))
    for number in ("999", "911", "112", "000", "111", "116 123", "988", "1737"):
        assert number in plan, number
    chest = next(rule for rule in rule_book().rules if rule.id == "chest_pain")
    for number in ("999", "911", "112", "000", "111"):
        assert number in chest.advice, number


def test_one_study_one_figure():
    notes = [f.evidence.note for f in factor_book().factors if "arnbak-2016-ibp" in f.references]
    assert len(notes) >= 2
    # Arnbak 2016: 86 of 759 (11 %) met the ASAS criteria for spondyloarthritis.
    for note in notes:
        assert "one in nine" in note, note
        assert "one in ten" not in note, note


@pytest.mark.parametrize("phones", [None, NZ, GB])
def test_nice_is_named_as_the_uks_wherever_the_person_is(phones):
    for rule in rule_book(phones).rules:
        for match in re.finditer(r"NICE", rule.advice):
            before = rule.advice[: match.start()]
            assert before.endswith(("UK guidelines (", "the UK's (")), rule.id
