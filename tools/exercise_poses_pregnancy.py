"""Start and end poses of the pregnancy versions that an exercise's pregnancy caution gives.

Keyed by the drawing's file stem; each names the exercise and the caution whose alt text is
its title.
"""

from __future__ import annotations

from exercise_poses import HOOK, STAND, Spec, with_
from exercise_props import at_joint, pillow, turn, wall

# Shoulders propped up on pillows: the trunk slopes up from the hips to the head.
PROPPED = with_(HOOK, torso=162, neck=160)

PREGNANCY_EXERCISES: dict[str, tuple[str, str, Spec]] = {
    "pelvic-tilts-pregnancy": (
        "pelvic-tilts",
        "pregnancy",
        {
            "accent": "low_back",
            "props": [wall(-6)],
            "start": with_(STAND, legs=(-84, -84), bend=9),
            "end": with_(
                STAND,
                legs=(-84, -84),
                extras=[at_joint("hip", 0, 0, lambda x, y: turn(x + 2, y, 13, 13, 250, 110))],
            ),
        },
    ),
    "bridge-pregnancy": (
        "bridge",
        "pregnancy",
        {
            "mat": True,
            "accent": "low_back",
            "props": [pillow("shoulder", -6, 4), pillow("shoulder", -10, -4)],
            "start": PROPPED,
            "end": with_(
                PROPPED,
                root="shoulder",
                at="shoulder",
                torso=205,
                legs={"to": "near_ankle", "bend": -1, "foot": 0},
            ),
            "motion": [("hip", -6)],
        },
    ),
}
