"""course.toml's safety-net sentences name their signs, and a sentence naming a sign the
person's own warnings make as urgent or more is not said (``course.without_own_signs``)."""

from __future__ import annotations

import pytest

from backcare.domain.content import ContentError
from backcare.domain.context import ClinicalContext
from backcare.domain.course import (
    _parse_safety_net,
    course_book,
    without_own_signs,
)
from backcare.domain.personal_warnings import personal_warnings
from backcare.domain.phones import for_place

ITEMS = course_book().safety_net
ALL = [for_place(item.text, None) for item in ITEMS]
BY_ID = {item.id: for_place(item.text, None) for item in ITEMS}


def said_to(context: ClinicalContext) -> list[str]:
    warned = [{"level": w.level, "finding_ids": w.signs} for w in personal_warnings(context)]
    return without_own_signs(ALL, warned)


@pytest.mark.parametrize(
    ("facts", "left_out"),
    [
        ({}, []),
        ({"age": 58}, []),
        ({"long_term_steroids": "yes"}, ["same_day_signs"]),
        ({"weak_immune_system": "yes"}, ["same_day_signs"]),
        ({"cancer_history": "yes"}, ["same_day_signs"]),  # new leg weakness: an emergency
        ({"iv_drug_use": "yes"}, ["same_day_signs"]),
        ({"osteoporosis": "yes"}, []),
    ],
)
def test_a_sentence_is_left_out_only_for_a_sign_more_urgent_for_the_person(facts, left_out):
    context = ClinicalContext(**{"age": 40, **facts})
    assert said_to(context) == [BY_ID[i] for i in BY_ID if i not in left_out]


def test_the_emergency_signs_for_everyone_are_always_said():
    for fact in ("long_term_steroids", "weak_immune_system", "cancer_history", "iv_drug_use"):
        assert BY_ID["new_red_flags"] in said_to(ClinicalContext(age=70, **{fact: "yes"}))


def test_a_warning_less_urgent_than_the_sentence_keeps_it():
    warned = [{"level": "soon", "finding_ids": ("fever",)}]
    assert without_own_signs(ALL, warned) == ALL
    warned = [{"level": "urgent", "finding_ids": ("fever",)}]  # the same timeframe
    assert BY_ID["same_day_signs"] not in without_own_signs(ALL, warned)


def _entry(**changes: object) -> dict[str, object]:
    base = {
        "id": "x",
        "levels": ["self_care"],
        "text": "See a clinician if x.",
        "references": ["nhs-back-pain"],
        "signs": ["fever"],
        "urgency": "soon",
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_entry(signs=["fevr"]), "unknown finding id"),
        (_entry(urgency="today"), "'urgency' must be a triage level"),
        ({k: v for k, v in _entry().items() if k != "signs"}, "'signs' must list"),
        ({k: v for k, v in _entry().items() if k != "urgency"}, "missing field 'urgency'"),
    ],
)
def test_signs_and_urgency_are_validated(entry, message):
    with pytest.raises(ContentError, match=message):
        _parse_safety_net({"safety_net": [entry]})
