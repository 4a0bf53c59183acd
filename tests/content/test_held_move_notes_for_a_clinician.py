"""A held move's note in a clinician's wording: every "avoid" caution whose note speaks to the
person ("it can arch your back", "your surgeon") gives ``note_of_them``, the same facts said
of them, on the same references as the exercise; it never says "you". Loading refuses an
"avoid" note that speaks to the person without one, a ``note_of_them`` that says "you", and
one on a "modify" caution.

Failed before: the content had no clinician wording for these notes, and the Tailor page
swapped words in the person's ("Left out for now, because it can arch their back ... Ask the
doctor or physiotherapist who checks their back when to start it.").
"""

from __future__ import annotations

import re

import pytest

from backcare.domain.content import ContentError
from backcare.domain.exercises import Exercise, exercises, parse_cautions

TO_THE_READER = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
HELD = [
    pytest.param(ex, c, id=f"{ex.slug}-{c.condition}")
    for ex in exercises().values()
    for c in ex.cautions
    if c.action == "avoid"
]


@pytest.mark.parametrize(("ex", "caution"), HELD)
def test_a_held_moves_note_has_a_clinicians_wording_that_speaks_of_them(
    ex: Exercise, caution: object
) -> None:
    note, of_them = caution.note, caution.said_of_them  # type: ignore[attr-defined]
    assert not TO_THE_READER.search(of_them), f"{ex.slug}: {of_them}"
    if TO_THE_READER.search(note):
        assert caution.note_of_them, f"{ex.slug} [{caution.condition}]"  # type: ignore[attr-defined]


def test_the_arching_hold_says_what_their_back_check_found_and_whom_they_ask() -> None:
    caution = exercises()["cat-cow"].caution_for("back_arching")
    assert caution is not None
    assert caution.said_of_them == (
        "Held back because it can arch the back and their back check found back pain of more "
        "than 3 weeks that is worse bending backwards or with sport. They are told to ask the "
        "doctor or physiotherapist who checks their back when to start it."
    )


AVOID = {"action": "avoid", "note": "Not until your surgeon says you are ready."}


def test_an_avoid_note_to_the_person_needs_its_clinicians_wording() -> None:
    with pytest.raises(ContentError, match="give 'note_of_them'"):
        parse_cautions({"recent_surgery": AVOID}, "x.toml")


def test_a_clinicians_wording_that_says_you_is_refused() -> None:
    said = {**AVOID, "note_of_them": "Not until your surgeon says so."}
    with pytest.raises(ContentError, match="found “your”"):
        parse_cautions({"recent_surgery": said}, "x.toml")


def test_only_an_avoid_caution_gives_one() -> None:
    said = {"action": "modify", "note": "Go gently.", "note_of_them": "They go gently."}
    with pytest.raises(ContentError, match="only an 'avoid' caution"):
        parse_cautions({"recent_surgery": said}, "x.toml")


def test_a_note_that_speaks_to_nobody_needs_none() -> None:
    (caution,) = parse_cautions(
        {"acute_flare": {"action": "avoid", "note": "Leave this for a calmer day."}}, "x.toml"
    )
    assert caution.said_of_them == "Leave this for a calmer day."
