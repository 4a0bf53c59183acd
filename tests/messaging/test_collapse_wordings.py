"""Fainting or collapse told in everyday words points to the red-flag rule for collapse with
back pain ("I fainted", "passed out", "blacked out", "I collapsed"), whose advice is to call
for emergency help now. A cancelling word still cancels, and a collapsed disc or vertebra,
which people with back pain talk about, is not a collapse."""

from __future__ import annotations

import pytest

from backcare.domain.message_warnings import matched_rules, message_warnings
from backcare.domain.triage import rule_book


def test_the_rule_is_the_emergency_for_fainting_or_collapse() -> None:
    rule = next(r for r in rule_book().rules if r.id == "collapse")
    assert (rule.level, rule.hard) == ("emergency", True)
    assert "collapse" in {sign.rule_id for sign in message_warnings().signs}


@pytest.mark.parametrize(
    "message",
    [
        "I fainted in the shower this morning",
        "Fainting when I stand up, and my back is worse",
        "I passed out for a minute after the pain came on",
        "I keep passing out",
        "I blacked out on the stairs",
        "blacking out with the back pain",
        "I collapsed in the kitchen last night",
        "I've collapsed twice today",
        "my husband found me collapsed on the floor",
        "I lost consciousness for a bit",
    ],
)
def test_fainting_or_collapse_in_everyday_words_is_the_collapse_rule(message: str) -> None:
    assert matched_rules(message) == ("collapse",)


@pytest.mark.parametrize(
    "message",
    [
        "No fainting, just sore",
        "I have not fainted",
        "not passed out or anything",
        "without blacking out",
        "I have not collapsed",
        "The scan showed a collapsed disc",
        "an old collapsed vertebra",
        "the chair collapsed under me",
    ],
)
def test_a_denial_or_a_collapsed_disc_is_not_marked(message: str) -> None:
    assert matched_rules(message) == ()


def test_the_content_version_says_it_changed() -> None:
    assert message_warnings().meta.version == "1.2.0"
