"""Start and end poses of every exercise drawing, read by tools/draw_exercises.py."""

from __future__ import annotations

from typing import Any

from exercise_figure import FLOOR
from exercise_props import (
    at_joint,
    breath,
    chair,
    chair_at,
    chair_front,
    door,
    fist,
    mat_plane,
    nose,
    open_hand,
    pillow,
    roller,
    spin,
    squeeze,
    towel,
    tree,
    turn,
    up_arrow,
    wall,
    wall_behind,
)

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

EXERCISES: dict[str, Spec] = {
    "bird-dog": {
        "mat": True,
        "accent": "far_arm near_leg",
        "start": FOURS,
        "end": with_(FOURS, far_arm=(22, 22), near_leg=(178, 178)),
        "motion": [("far_hand", 8), ("near_ankle", -8)],
    },
    "body-scan": {
        "ghost": False,
        "start": with_(SUPINE, accent="near_foot near_shin far_foot far_shin"),
        "end": with_(SUPINE, accent="head"),
        "motion": [("near_toe", "head", -24)],
    },
    "bridge": {
        "mat": True,
        "accent": "low_back",
        "start": HOOK,
        "end": with_(
            HOOK,
            root="shoulder",
            at="shoulder",
            torso=205,
            legs={"to": "near_ankle", "bend": -1, "foot": 0},
        ),
        "motion": [("hip", -6)],
    },
    "brisk-walk": {
        "start": BRISK_WALK[0],
        "end": BRISK_WALK[1],
        "motion": [("near_toe", 14)],
    },
    "cat-cow": {
        "mat": True,
        "accent": "torso head",
        "start": with_(FOURS, bend=12, neck=-75),
        "end": with_(FOURS, bend=-8, neck=12, extras=[up_arrow("mid", 0, -26, -14)]),
    },
    "childs-pose": {
        "mat": True,
        "accent": "torso",
        "start": FOURS,
        "end": with_(
            FOURS,
            torso=-12,
            neck=-28,
            far_arm=(-6, -2),
            hide=["near_arm"],
            legs=(-25, 180, 180),
            pin="near_knee",
        ),
        "motion": [("hip", 16)],
    },
    "clamshells": {
        "mat": True,
        "accent": "near_leg",
        "props": [pillow("head", -4, 2)],
        "start": CLAM,
        "end": with_(
            CLAM, at="hip", near_leg={"thigh": 42, "to": ("far_ankle", 0, -7), "foot": 60}
        ),
        "motion": [("near_knee", 10)],
    },
    "daily-walk": {
        "start": DAILY_WALK[0],
        "end": DAILY_WALK[1],
        "motion": [("near_toe", 14)],
        "props": [tree(-48)],
        "shift": 14,
    },
    "dead-bug": {
        "mat": True,
        "accent": "near_arm far_leg",
        "start": with_(SUPINE, arms=(88, 88), legs=(90, 0, 90)),
        "end": with_(
            SUPINE,
            near_arm=(122, 122),
            far_arm=(88, 88),
            near_leg=(90, 0, 90),
            far_leg=(14, 10, 95),
        ),
        "motion": [("near_hand", -14), ("far_ankle", 14)],
    },
    "diaphragmatic-breathing": {
        "accent": "low_back",
        "start": with_(
            HOOK, near_arm={"to": ("mid", 9, -7), "bend": 1}, far_arm={"to": ("shoulder", 14, -7)}
        ),
        "end": with_(
            HOOK,
            bend=-7,
            near_arm={"to": ("mid", 9, -7), "bend": 1},
            far_arm={"to": ("shoulder", 14, -7)},
            extras=[up_arrow("mid", 10, -20)],
        ),
    },
    "doorway-chest-stretch": {
        "accent": "upper_back near_arm",
        "props": [door(16)],
        "start": with_(STAND, lengths={"upper": 16}, arms=(0, 90)),
        "end": with_(
            STAND,
            lengths={"upper": 16},
            arms=(180, 90),
            torso=76,
            neck=70,
            near_leg=(-68, -95),
            far_leg=(-108, -100),
            pin="near_elbow",
        ),
        "motion": [("shoulder", -8)],
    },
    "easy-walk": {
        "start": EASY_WALK[0],
        "end": EASY_WALK[1],
        "motion": [("near_toe", 14)],
    },
    "figure-four-stretch": {
        "mat": True,
        "accent": "near_leg far_leg",
        "start": with_(HOOK, near_leg={"to": ("far_knee", 3, -5), "bend": -1}),
        "end": with_(
            HOOK,
            far_leg=(105, 5, 95),
            near_leg={"to": ("far_knee", 3, -5), "bend": -1},
            arms={"to": ("far_knee", -8, 6), "bend": 1},
        ),
        "motion": [("far_knee", -10)],
    },
    "foam-roller-thoracic": {
        "mat": True,
        "accent": "upper_back",
        "props": [roller("hip", -29)],
        "start": with_(HOOK, torso=158, neck=158, arms={"to": ("head", -4, 2), "bend": 1}),
        "end": with_(
            HOOK, at="hip", torso=170, bend=-9, neck=185, arms={"to": ("head", -4, 2), "bend": 1}
        ),
        "motion": [("head", 8)],
    },
    "glute-squeeze": {
        "accent": "low_back",
        "start": HOOK,
        "end": with_(HOOK, extras=[squeeze("hip")]),
    },
    "hamstring-stretch-seated": {
        "accent": "torso",
        "props": [chair(-9)],
        "start": with_(SIT, near_leg=(-29, -29), arms={"to": ("near_knee", -10, -5), "bend": 1}),
        "end": with_(
            SIT,
            at="hip",
            torso=52,
            neck=40,
            near_leg=(-29, -29),
            arms={"to": ("near_knee", 4, -5), "bend": 1},
        ),
        "motion": [("head", -10)],
    },
    "hamstring-stretch-supine": {
        "mat": True,
        "accent": "near_leg",
        "props": [towel],
        "start": with_(
            HOOK,
            near_leg=(62, 62),
            near_arm={"to": ("toward", "near_shoulder", "near_toe", 40)},
            far_arm={"to": ("toward", "far_shoulder", "near_toe", 40)},
        ),
        "end": with_(
            HOOK,
            near_leg=(88, 88),
            near_arm={"to": ("toward", "near_shoulder", "near_toe", 38)},
            far_arm={"to": ("toward", "far_shoulder", "near_toe", 38)},
        ),
        "motion": [("near_toe", 14)],
    },
    "hip-flexor-stretch-half-kneeling": {
        "mat": True,
        "accent": "near_thigh",
        "start": with_(
            STAND,
            far_leg=(0, -90, 0),
            near_leg=(-90, 180, 180),
            arms={"to": ("far_knee", -10, -6), "bend": -1},
        ),
        "end": with_(
            STAND,
            far_leg=(-14, -76, 0),
            near_leg=(-116, 180, 180),
            pin="near_knee",
            arms={"to": ("far_knee", -10, -6), "bend": -1},
        ),
        "motion": [("hip", 8)],
    },
    "hip-flexor-stretch-standing": {
        "accent": "near_thigh",
        "props": [chair_at("far_hand")],
        "start": with_(STAND, near_leg=(-104, -104), far_leg=(-78, -92), far_arm=(-60, -40)),
        "end": with_(
            STAND,
            at=("hip", 9, 7),
            near_leg={"to": "near_ankle", "bend": 1},
            far_leg={"to": "far_ankle", "bend": -1, "foot": 0},
            far_arm={"to": "far_hand", "bend": 1},
        ),
        "motion": [("hip", 8)],
    },
    "knee-rocking": {
        "floor": False,
        "accent": "near_leg far_leg",
        "flat": True,
        "props": [mat_plane(-96, 56, 42, FLOOR + 4)],
        "shift": 12,
        "start": {
            "torso": 180,
            "neck": 180,
            "width": (30, 16),
            "near_arm": (105, 150),
            "far_arm": (-105, -150),
            "lengths": {"thigh": 21, "shin": 14},
            "legs": (0, 0, 0),
            "flat": True,
            "floor": FLOOR - 12,
        },
        "end": {
            "torso": 180,
            "neck": 180,
            "width": (30, 16),
            "near_arm": (105, 150),
            "far_arm": (-105, -150),
            "at": "hip",
            "lengths": {"thigh": 30, "shin": 24},
            "flat": True,
            "near_leg": {"to": "near_ankle", "bend": 1, "foot": 0},
            "far_leg": {"to": "far_ankle", "bend": 1, "foot": 0},
        },
        "motion": [("near_knee", -10)],
    },
    "knee-to-chest": {
        "mat": True,
        "accent": "near_leg",
        "start": HOOK,
        "end": with_(
            HOOK, at="hip", near_leg=(118, 0, 90), near_arm={"to": ("near_knee", 6, 3), "bend": 1}
        ),
        "motion": [("near_knee", 12)],
    },
    "open-book-rotation": {
        "floor": False,
        "accent": "near_arm upper_back",
        "flat": True,
        "props": [mat_plane(-80, 50, 40, FLOOR)],
        "start": {
            "torso": 180,
            "neck": 180,
            "legs": (-90, 0, 0),
            "arms": (-90, -90),
            "floor": FLOOR - 6,
        },
        "end": {
            "torso": 180,
            "neck": 180,
            "legs": (-90, 0, 0),
            "at": "hip",
            "width": (22, 0),
            "near_arm": (90, 90),
            "far_arm": (-90, -90),
        },
        "motion": [("near_hand", -40)],
    },
    "pelvic-tilts": {
        "mat": True,
        "accent": "low_back",
        "start": with_(HOOK, bend=-5),
        "end": with_(
            HOOK, extras=[at_joint("hip", 0, 0, lambda x, y: turn(x, y - 2, 13, 13, 160, 20))]
        ),
    },
    "pigeon-pose": {
        "mat": True,
        "accent": "near_leg",
        "start": FOURS,
        "end": with_(
            FOURS,
            torso=62,
            neck=55,
            arms=(-84, -94),
            near_leg=(-22, 180, 180),
            far_leg=(180, 180, 190),
        ),
        "motion": [("near_knee", 10)],
    },
    "press-up-prone-extension": {
        "mat": True,
        "accent": "upper_back",
        "start": with_(PRONE, arms={"to": ("shoulder", 3, 5), "bend": -1}),
        "end": with_(PRONE, at="hip", torso=56, neck=62, arms={"to": "near_hand", "bend": 1}),
        "motion": [("head", -14)],
    },
    "progressive-muscle-relaxation": {
        "accent": "near_arm far_arm",
        "start": with_(SUPINE, arms=(-6, 40), extras=[fist("near_hand")]),
        "end": with_(SUPINE, extras=[open_hand("near_hand", 10)]),
    },
    "seated-side-bend": {
        "accent": "torso far_arm",
        "flat": True,
        "props": [chair_front(0)],
        "start": with_(
            FRONT_SIT, near_arm={"to": ("near_hip", 10, 3), "bend": 1}, far_arm=(94, 90)
        ),
        "end": with_(
            FRONT_SIT,
            at="hip",
            torso=70,
            neck=62,
            near_arm={"to": "near_hand", "bend": 1},
            far_arm=(48, 20),
        ),
        "motion": [("far_hand", 12)],
    },
    "seated-twist": {
        "accent": "upper_back near_arm far_arm",
        "flat": True,
        "props": [chair_front(0)],
        "ghost": False,
        "start": with_(
            FRONT_SIT,
            near_arm={"to": ("far_shoulder", 4, 12), "bend": -1},
            far_arm={"to": ("near_shoulder", -4, 16), "bend": 1},
        ),
        "end": with_(
            FRONT_SIT,
            at="hip",
            width=(14, 16),
            near_arm={"to": ("far_shoulder", 3, 12), "bend": -1},
            far_arm={"to": ("near_shoulder", -3, 16), "bend": 1},
            extras=[spin("shoulder", 10), nose(1)],
        ),
    },
    "side-plank-knees": {
        "mat": True,
        "accent": "low_back",
        "start": with_(SIDE_PLANK, legs=(0, 38, 128)),
        "end": with_(SIDE_PLANK_UP, torso=161, neck=160, legs=(-19, 19, 109)),
        "motion": [("hip", 0)],
    },
    "side-plank-rotation": {
        "mat": True,
        "accent": "near_arm upper_back",
        "start": with_(SIDE_PLANK_UP, root="hip", at=(0.0, 0.0), ground=True, near_arm=(90, 90)),
        "end": with_(
            SIDE_PLANK_UP,
            root="hip",
            at="hip",
            neck=150,
            near_arm={"to": ("far_elbow", 26, -4), "bend": 1},
        ),
        "motion": [("near_hand", 20)],
    },
    "side-plank": {
        "mat": True,
        "accent": "low_back",
        "start": SIDE_PLANK,
        "end": SIDE_PLANK_UP,
        "motion": [("hip", 0)],
    },
    "single-leg-bridge": {
        "mat": True,
        "accent": "low_back near_leg",
        "start": with_(HOOK, near_leg=(46, 46)),
        "end": with_(
            HOOK,
            root="shoulder",
            at="shoulder",
            torso=205,
            near_leg=(25, 25),
            far_leg={"to": "far_ankle", "bend": -1, "foot": 0},
        ),
        "motion": [("hip", -6)],
    },
    "sit-to-stand": {
        "accent": "near_thigh far_thigh low_back",
        "props": [chair(-9)],
        "ghost": False,
        "start": with_(
            SIT, torso=62, neck=55, legs=(0, -98), arms={"to": ("near_knee", -4, -5), "bend": 1}
        ),
        "end": with_(STAND, at=("hip", 22, -31), legs={"to": "near_ankle", "bend": -1, "foot": 0}),
        "motion": [("hip", 12)],
    },
    "slow-exhale-breathing": {
        "props": [chair(-9)],
        "start": with_(SIT, extras=[breath("head", out=False)]),
        "end": with_(SIT, extras=[breath("head", out=True)]),
    },
    "standing-childs-pose": {
        "accent": "torso",
        "props": [chair_at("near_hand")],
        "start": with_(STAND, arms={"to": (30, -4), "bend": 1}),
        "end": with_(
            STAND,
            at=(-56, 0),
            ground=False,
            ground_legs=True,
            torso=4,
            neck=-10,
            legs=(-76, -96),
            arms={"to": "near_hand", "bend": 1},
        ),
        "motion": [("shoulder", 12)],
    },
    "thoracic-extension-chair": {
        "accent": "upper_back",
        "props": [chair(-8, back=36)],
        "start": with_(SIT, arms={"to": ("shoulder", 8, 12), "bend": 1}),
        "end": with_(
            SIT, at="hip", torso=112, bend=-9, neck=140, arms={"to": ("shoulder", 8, 12), "bend": 1}
        ),
        "motion": [("head", 10)],
    },
    "thread-the-needle": {
        "mat": True,
        "accent": "near_arm",
        "flat": True,
        "start": {
            "head_on": True,
            "torso": 90,
            "neck": -90,
            "width": (32, 16),
            "arms": (-90, -90),
            "hide": ["near_leg", "far_leg"],
            "lengths": {"torso": 4, "neck": 3},
        },
        "end": {
            "head_on": True,
            "torso": -96,
            "tilt": -30,
            "neck": -75,
            "width": (32, 16),
            "at": "hip",
            "lengths": {"torso": 22, "neck": 16},
            "hide": ["near_leg", "far_leg"],
            "behind": ["near_arm"],
            "far_arm": {"to": "far_hand", "bend": 1},
            "near_arm": {"to": ("far_hand", -24, 0), "bend": 1},
        },
        "motion": [("near_hand", -14)],
    },
    "walking-break": {
        "accent": "near_leg",
        "props": [chair(-40)],
        "ghost": False,
        "start": with_(SIT, at=(-31, 0), ground=True),
        "end": with_(EASY_WALK[1], at=(34, 0), ground=True),
        "motion": [("hip", 14)],
    },
    "wall-angels": {
        "accent": "near_arm far_arm",
        "flat": True,
        "props": [wall_behind(-46, 46)],
        "start": with_(
            FRONT,
            near_arm=(0, 90),
            far_arm=(180, 90),
            near_leg=(-88, -90, 0),
            far_leg=(-92, -90, 180),
        ),
        "end": with_(
            FRONT,
            at="hip",
            near_arm=(48, 62),
            far_arm=(132, 118),
            near_leg=(-88, -90, 0),
            far_leg=(-92, -90, 180),
        ),
        "motion": [("near_hand", -10), ("far_hand", 10)],
    },
    "wall-sit": {
        "accent": "near_thigh far_thigh",
        "props": [wall(-6)],
        "start": with_(STAND, legs=(-72, -72)),
        "end": with_(STAND, at=("hip", 0, 28), legs={"to": "near_ankle", "bend": -1, "foot": 0}),
        "motion": [("hip", 0)],
    },
}
