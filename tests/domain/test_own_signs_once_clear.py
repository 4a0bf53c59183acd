"""A sign answered "not sure" says what to do once it is clear, in plain words: "If it becomes
clear you have it, or it gets worse: call 999 now." It read "If you become sure you have it,
or it is new", which is confusing for a sign that is itself new. Every sign keeps its level
and the number of the person's place."""

from __future__ import annotations

import pytest

from backcare.domain.own_signs import SAME_IF_SURE, own_signs, when
from backcare.domain.phones import phones_for
from backcare.domain.triage import LEVELS, rule_book

#: Every rule whose "not sure" level is less urgent than its own: the second timeframe is said.
SOONER_ONCE_CLEAR = [
    rule
    for rule in rule_book().rules
    if rule.not_sure_level is not None
    and LEVELS.index(rule.level) < LEVELS.index(rule.not_sure_level)
    and rule.not_sure_level in ("urgent", "soon")
]


def not_sure_reason(rule) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "rule_id": rule.id,
        "title": rule.title,
        "level": rule.not_sure_level,
        "not_sure": True,
        "finding_ids": list(rule.finding_ids),
    }


def test_there_are_signs_to_check():
    assert {"chest_pain", "ces_bladder", "leg_weakness_one_side"} <= {
        r.id for r in SOONER_ONCE_CLEAR
    }


@pytest.mark.parametrize("rule", SOONER_ONCE_CLEAR, ids=lambda r: r.id)
def test_a_not_sure_sign_says_plainly_what_to_do_once_clear(rule):
    gb = phones_for("Europe/London", "", "")
    (sign,) = own_signs([not_sure_reason(rule)], phones=gb)
    then = when(rule.level, gb)
    assert (
        sign.if_sure
        == f"If it becomes clear you have it, or it gets worse: {then[:1].lower()}{then[1:]}."
    )
    assert "is new" not in sign.if_sure
    assert sign.level == rule.not_sure_level
    if rule.level == "emergency":
        assert sign.if_sure.endswith("call 999 now.")


def test_one_timeframe_when_being_sure_changes_nothing():
    assert SAME_IF_SURE == "The same if it becomes clear you have it."
