"""Start and end poses of the exercises done standing, sitting or walking."""

from __future__ import annotations

from exercise_poses import (
    BRISK_WALK,
    DAILY_WALK,
    EASY_WALK,
    FRONT,
    FRONT_SIT,
    SIT,
    STAND,
    Spec,
    with_,
)
from exercise_props import (
    breath,
    chair,
    chair_at,
    chair_front,
    door,
    nose,
    spin,
    tree,
    wall,
    wall_behind,
)

UPRIGHT_EXERCISES: dict[str, Spec] = {
    "brisk-walk": {
        "start": BRISK_WALK[0],
        "end": BRISK_WALK[1],
        "motion": [("near_toe", 14)],
    },
    "daily-walk": {
        "start": DAILY_WALK[0],
        "end": DAILY_WALK[1],
        "motion": [("near_toe", 14)],
        "props": [tree(-48)],
        "shift": 14,
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
