"""A sign told in everyday words is still found, for the rule whose sign it is: "numb around
my bottom" is saddle numbness as much as "saddle numbness" is. A word that cancels ("no",
"not", "without") still cancels, and a symptom that is not a red flag on its own (pins and
needles down one leg: common sciatica) is not marked."""

from __future__ import annotations

import pytest

from backcare.domain.message_warnings import matched_rules, message_warnings

SAID = {
    "ces_saddle_numbness": [
        "I've gone numb around my bottom since Tuesday",
        "I can't feel my bum on the toilet seat",
        "cannot feel my backside when I sit",
        "it's numb where I sit",
        "numbness down below since last night",
        "I have pins and needles around my bottom",
        "can't feel down there",
        "my privates feel numb",
    ],
    "ces_bladder": [
        "I can't tell when I need to pee any more",
        "I keep wetting myself",
        "I can't tell when I need a wee",
        "I wet the bed last night",
        "I can't empty my bladder",
    ],
    "ces_bowel": [
        "I can't tell when I need a poo",
        "I had an accident and soiled myself",
        "I keep pooing myself",
    ],
    "ces_both_legs": [
        "pins and needles down both legs",
        "pain down both legs now",
        "I can't feel my legs",
        "both my legs have gone numb",
    ],
    "leg_weakness_one_side": [
        "my foot keeps catching on the step",
        "my knee keeps buckling",
    ],
    "neuro_progressive_deficit": ["the numbness has spread up my leg"],
    "chest_pain": ["my chest feels tight", "a pressure in my chest"],
    "self_harm": ["I can't go on anymore", "everyone would be better off without me"],
}


@pytest.mark.parametrize(
    ("rule", "message"), [(rule, text) for rule, texts in SAID.items() for text in texts]
)
def test_an_everyday_wording_points_to_its_own_rule(rule: str, message: str) -> None:
    assert matched_rules(message) == (rule,)


@pytest.mark.parametrize(
    "message",
    [
        "No numbness around my bottom",
        "not wetting myself, thankfully",
        "without pins and needles down both legs",
    ],
)
def test_a_cancelling_word_still_cancels(message: str) -> None:
    assert matched_rules(message) == ()


@pytest.mark.parametrize(
    "message",
    [
        "pins and needles down my leg",
        "numb toes on my left foot",
        "my leg is tingling",
        "sitting on my bottom hurts",
    ],
)
def test_a_sign_that_is_no_red_flag_alone_is_not_marked(message: str) -> None:
    assert matched_rules(message) == ()


def test_the_content_version_says_it_changed() -> None:
    version = tuple(int(part) for part in message_warnings().meta.version.split("."))
    assert version >= (1, 1, 0)
