"""Poses shared by the exercise drawings: lying, kneeling, standing, sitting, walking."""

from __future__ import annotations

from typing import Any

# An exercise is a dict: "start" and "end" poses, plus "accent" (the limbs that move, e.g.
# "near_arm far_leg low_back"), "mat", "floor", "props", "motion" (arrows: (joint, bow) or
# (from joint, to joint, bow)), "ghost" (show where the moving limbs started) and "shift".
#
# A pose places the one figure. Angles are degrees: 0 = pointing right, 90 = up.
#   torso, neck       direction from hip to shoulder, and from shoulder to head
#   bend, drop        how far the back curves; how far below the neck the arms hang
#   near_arm, arms    (upper arm, forearm) angles, or {"to": target, "bend": +1/-1}, or
#                     {"first": upper arm angle, "to": target}; legs alike with (thigh, shin,
#                     foot); a target is a start-frame joint name (it stays put), a
#                     (joint, dx, dy) of this figure, or ("toward", from, to, distance)
#   root, at          the joint placed first and where: a point, or a start-frame joint
#   ground, pin       rest the lowest point on the floor; keep a joint's x from the start frame
#   width, tilt       shoulder and hip widths and shoulder line, for front and top views
#   lengths           shortened segments, for limbs pointing at the viewer
#   hide, behind      limbs left out, or drawn pale behind the trunk; "flat" = no far side
#   head_on, extras   trunk hidden behind the shoulders; marks drawn on this frame
Spec = dict[str, Any]


def with_(base: Spec, **changes: Any) -> Spec:
    return {**base, **changes}


# Angles: 0 = pointing right, 90 = up, -90 = down, 180 = left.
SUPINE = {"torso": 180, "neck": 167, "drop": 3, "arms": (-4, -2), "legs": (0, 0, 90)}
HOOK = with_(SUPINE, legs=(50, -65, 0))  # on the back, knees bent, feet flat
FOURS = {"torso": 0, "neck": -35, "drop": 4, "arms": (-90, -90), "legs": (-90, 180, 180)}
STAND = {"torso": 90, "arms": (-94, -88), "legs": (-90, -90)}
SIT = {"torso": 90, "arms": (-70, -15), "legs": (0, -90)}
PRONE = {"torso": 0, "neck": -8, "drop": 3, "legs": (180, 180, 180)}
FRONT = {"torso": 90, "width": (30, 16), "far_arm": (-96, -92), "near_arm": (-84, -88)}


def walk(stride: float, swing: float, bent: bool) -> tuple[Spec, Spec]:
    """Two steps of a walk: the near leg behind, then in front."""
    fore = (-60 + swing, 30) if bent else (-90 + swing, -80 + swing)
    back = (-120 - swing, -30) if bent else (-90 - swing, -100 - swing)
    base = with_(STAND, torso=86 if bent else 88, accent="near_leg")
    first = with_(
        base,
        near_leg=(-90 - stride, -98 - stride),
        far_leg=(-90 + stride, -90 + stride / 3),
        near_arm=fore,
        far_arm=back,
    )
    second = with_(
        base,
        near_leg=(-90 + stride, -90 + stride / 3),
        far_leg=(-90 - stride, -98 - stride),
        near_arm=back,
        far_arm=fore,
    )
    return first, second


EASY_WALK = walk(16, 12, False)
DAILY_WALK = walk(20, 16, False)
BRISK_WALK = walk(26, 20, True)
SIDE_PLANK = {
    "torso": 145,
    "neck": 150,
    "flat": True,
    "far_arm": (-90, 180),
    "near_arm": (-40, -30),
    "legs": (0, 0, 70),
    "lengths": {"foot": 6},
}
SIDE_PLANK_UP = with_(
    SIDE_PLANK,
    root="shoulder",
    at="shoulder",
    torso=167,
    neck=165,
    legs=(-13, -13, 70),
    near_arm=(-18, -10),
)
FRONT_SIT = with_(FRONT, lengths={"thigh": 10}, near_leg=(-80, -90, 10), far_leg=(-100, -90, 170))

CLAM = {
    "torso": 180,
    "neck": 150,
    "width": (0, 10),
    "lengths": {"thigh": 25, "shin": 23},
    "far_leg": (-14, 16, 60),
    "near_leg": {"to": ("far_ankle", 0, -7), "bend": -1, "foot": 60},
    "near_arm": (-30, -5),
    "hide": ["far_arm"],
}
