"""The weekly update says what an acceptable response to exercise is in plain numbers ("your
pain after exercise stayed within 2 points of your usual"), never "the green zone", which
the plan does not explain; the number is the one the update counts by."""

from __future__ import annotations

from backcare.domain import plan_text as text
from backcare.domain.progression import GREEN_MARGIN, MORNING_MARGIN

SAID = {
    "PROGRESS": text.PROGRESS.format(name="Bridge", done=6, days=7, other="Single-leg bridge"),
    "KEEP_FEW_GREEN": text.KEEP_FEW_GREEN.format(name="Bridge", green=2, done=6, needed=4),
    "KEEP_TOP": text.KEEP_TOP.format(name="Bridge", done=6, days=7),
    "WALK_UP": text.WALK_UP.format(done=6, days=7, new=25),
}


def test_no_update_speaks_of_a_green_zone() -> None:
    for name, sentence in SAID.items():
        assert "green" not in sentence.lower(), name


def test_each_says_the_margin_in_points() -> None:
    assert GREEN_MARGIN == 2.0
    assert MORNING_MARGIN == 1.0
    assert "with pain after it within 2 points of your usual" in SAID["PROGRESS"]
    assert "within 2 points of your usual" in SAID["KEEP_FEW_GREEN"]
    assert "pain after it within 2 of usual" in SAID["KEEP_TOP"]
    assert "with pain after it within 2 points of your usual" in SAID["WALK_UP"]
    assert "settled by the next morning" in SAID["KEEP_FEW_GREEN"]
