"""Warning-sign phrases in care-team messages (content/message_warnings.toml): which messages
match which red-flag rules, which everyday messages must not, and a broken file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare.domain import triage
from backcare.domain.content import ContentError
from backcare.domain.message_warnings import matched_rules, message_warnings
from backcare.domain.phones import phones_for


def test_the_file_loads_with_metadata_and_points_only_at_red_flag_rules():
    words = message_warnings()
    assert words.meta.slug == "message-warnings"
    assert words.meta.version
    assert words.meta.reviewed == "unreviewed"
    rules = {rule.id for rule in triage.rules()}
    assert {sign.rule_id for sign in words.signs} <= rules
    assert all(sign.phrases for sign in words.signs)


@pytest.mark.parametrize(
    ("message", "rules"),
    [
        ("can't feel the toilet paper when I wipe", ("ces_saddle_numbness",)),
        ("I CANNOT feel the toilet paper", ("ces_saddle_numbness",)),
        ("cant feel toilet paper since yesterday", ("ces_saddle_numbness",)),
        ("I can\u2019t feel the toilet paper", ("ces_saddle_numbness",)),
        ("It's gone numb between my legs", ("ces_saddle_numbness",)),
        ("I have saddle numbness", ("ces_saddle_numbness",)),
        ("Since this morning I can't pee properly", ("ces_bladder",)),
        ("I wet myself last night", ("ces_bladder",)),
        ("I've lost control of my bowels", ("ces_bowel",)),
        ("My legs keep giving way on the stairs", ("ces_both_legs",)),
        ("my left leg gave way", ("leg_weakness_one_side",)),
        ("Some new weakness in the right foot", ("leg_weakness_one_side",)),
        ("I've had a fever since Tuesday", ("fever",)),
        ("No fever yesterday, but now a fever", ("fever",)),
        ("Chest pain and back pain tonight", ("chest_pain",)),
        ("Some days I want to die", ("self_harm",)),
        ("thinking about self-harm", ("self_harm",)),
        ("fever and my legs gave way", ("ces_both_legs", "fever")),
    ],
)
def test_a_message_describing_a_warning_sign_matches_its_rule(message, rules):
    assert matched_rules(message) == rules


@pytest.mark.parametrize(
    "message",
    [
        "my legs feel fine",
        "no numbness",
        "No numbness, no fever, no chest pain: just stiff",
        "Back is much better, walked 30 minutes today",
        "The stretches helped; my leg feels stronger",
        "I hurt myself lifting a box",  # strain, not self-harm
        "hay fever is bad this week",
        "I bought more toilet paper",
        "The pills made me pee a lot",
        "my legs are tired after the walk",
        "I was without fever all week",
    ],
)
def test_an_everyday_message_matches_nothing(message):
    assert matched_rules(message) == ()


def test_a_phrase_matches_whole_words_only():
    assert matched_rules("my leg gave way") == ("leg_weakness_one_side",)
    assert matched_rules("my legs gave way") == ("ces_both_legs",)
    assert matched_rules("febrile fevers") == ()


def test_the_notice_names_the_place_s_services():
    notice = message_warnings().notice
    assert "{emergency_help}" in notice
    assert "{urgent_line}" in notice
    uk = message_warnings().notice_for(phones_for("Europe/London", "", "112"))
    assert "call 999 or go to A&E now" in uk
    assert "NHS 111" in uk
    anywhere = message_warnings().notice_for(None)
    assert "NHS 111" not in anywhere
    assert "A&E" not in anywhere
    assert "can miss" in anywhere


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text not found: {old}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('rule = "ces_bowel"', 'rule = "ces_bottom"', "not a rule of red_flags.toml"),
        ('rule = "ces_bowel"', 'rule = "ces_bladder"', "has two"),
        ('  "soiled myself",', '  "Soiled Myself",', "lower-case words"),
        ('  "soiled myself",', '  "cannot hold it",', "can't"),
        ('  "soiled myself",', '  "wet myself",', "listed twice"),
        ('version = "1.2.0"\n', "", "missing field 'version'"),
        ("{urgent_line}", "{urgent_lines}", "unknown place word"),
        ('not_after = ["no"', 'not_after = ["no way"', "single lower-case words"),
    ],
)
def test_a_broken_file_is_refused(content_copy, old, new, message):
    edit(content_copy / "message_warnings.toml", old, new)
    with pytest.raises(ContentError, match=message):
        message_warnings()
