"""Exercises done alternating sides (one arm and leg, then the other, each repetition) are
marked so in their content, said so in their dose, and the mark is validated."""

from __future__ import annotations

import tomllib

import pytest

from backcare.domain.content import CONTENT_DIR, ContentError
from backcare.domain.exercises import Dose, exercises, parse_exercise

ALTERNATING = {"dead-bug", "bird-dog", "knee-rocking", "seated-twist", "seated-side-bend"}
ONE_SIDE_THEN_THE_OTHER = {"open-book-rotation", "clamshells", "figure-four-stretch"}


def test_exercises_whose_steps_swap_every_repetition_are_marked_alternating() -> None:
    catalogue = exercises()
    assert {s for s in ALTERNATING if catalogue[s].dose.alternating} == ALTERNATING
    assert not any(catalogue[s].dose.alternating for s in ONE_SIDE_THEN_THE_OTHER)
    assert catalogue["dead-bug"].dose.describe() == "8 reps × 2 sets each side, alternating sides"
    assert Dose(reps=8, per_side=True).describe() == "8 reps each side"


@pytest.mark.parametrize(
    ("dose", "message"),
    [
        ({"reps": 8, "alternating": True}, "'alternating' needs per_side = true"),
        ({"minutes": 2, "per_side": True, "alternating": True}, "reps or hold_seconds"),
        ({"reps": 8, "per_side": True, "alternating": "yes"}, "'alternating' must be bool"),
    ],
)
def test_a_wrong_alternating_mark_is_refused(dose: dict[str, object], message: str) -> None:
    path = CONTENT_DIR / "exercises" / "dead-bug.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["dose"] = dose
    with pytest.raises(ContentError, match=message):
        parse_exercise(data, "dead-bug", "exercises/dead-bug.toml")
