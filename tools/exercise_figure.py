"""The one figure every exercise drawing shares: proportions, joints in a pose, and strokes."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

# Segment lengths, head radius and stroke widths: the same person in every drawing.
LENGTH = {"neck": 13.0, "torso": 42.0, "upper": 24.0, "fore": 22.0, "thigh": 32.0, "shin": 30.0}
FOOT = 9.0
HEAD_R = 8.5
WIDTH = {"torso": 11.0, "limb": 7.0, "foot": 6.0, "neck": 6.0, "yoke": 8.0}

INK = "#1f4e5f"  # the near side of the body
FAR = "#86a7b2"  # the far side, drawn behind the trunk
ACCENT = "#e8590c"  # the part that moves
ACCENT_FAR = "#f4a574"
PROP = "#9fb3ba"
PROP_FILL = "#dde6e9"
MAT = "#8cc3b9"
FLOOR_LINE = "#b4c8cd"
PANEL = "#f3f6f7"

FLOOR = 158.0

Point = tuple[float, float]
Figure = dict[str, Any]  # joint name -> point, plus the pose it was built from
Pose = dict[str, Any]

JOINTS = [
    "hip", "shoulder", "mid", "head", "near_elbow", "near_hand", "far_elbow", "far_hand",
    "near_knee", "near_ankle", "near_toe", "far_knee", "far_ankle", "far_toe",
]  # fmt: skip
SEGMENTS = {  # name: (from joint, to joint, stroke width)
    "upper_arm": ("shoulder", "elbow", "limb"),
    "forearm": ("elbow", "hand", "limb"),
    "thigh": ("hip", "knee", "limb"),
    "shin": ("knee", "ankle", "limb"),
    "foot": ("ankle", "toe", "foot"),
}


# ---------- SVG text ----------


def fmt(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pt(p: Point) -> str:
    return f"{fmt(p[0])} {fmt(p[1])}"


def el(tag: str, **attrs: str | float) -> str:
    """One empty SVG element; ``stroke_width`` becomes ``stroke-width``, numbers are rounded."""
    text = " ".join(
        f'{name.replace("_", "-")}="{value if isinstance(value, str) else fmt(value)}"'
        for name, value in attrs.items()
    )
    return f"<{tag} {text}/>"


def arrow_head(tip: Point, direction: Point, colour: str = ACCENT) -> str:
    length = math.hypot(*direction) or 1.0
    ux, uy = direction[0] / length, direction[1] / length
    back = (tip[0] - ux * 7, tip[1] - uy * 7)
    left = (back[0] - uy * 4.5, back[1] + ux * 4.5)
    right = (back[0] + uy * 4.5, back[1] - ux * 4.5)
    return el("path", d=f"M{pt(tip)}L{pt(left)}L{pt(right)}Z", fill=colour)


def arrow(a: Point, b: Point, arc: float, colour: str = ACCENT) -> list[str]:
    """A dashed curve from ``a`` to ``b``, bowed to its left by ``arc``, with a solid head."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    ctrl = ((a[0] + b[0]) / 2 + dy / length * arc, (a[1] + b[1]) / 2 - dx / length * arc)
    direction = (b[0] - ctrl[0], b[1] - ctrl[1])
    span = math.hypot(*direction) or 1.0
    end = (b[0] - direction[0] / span * 5, b[1] - direction[1] / span * 5)
    curve = f"M{pt(a)}Q{pt(ctrl)} {pt(end)}"
    dashes = {"stroke_width": 2.5, "stroke_dasharray": "5 4"}
    return [el("path", d=curve, fill="none", stroke=colour, **dashes), arrow_head(b, direction)]


# ---------- geometry ----------


def polar(p: Point, angle: float, length: float) -> Point:
    """The point ``length`` away from ``p`` at ``angle`` degrees (0 = right, 90 = up)."""
    a = math.radians(angle)
    return (p[0] + length * math.cos(a), p[1] - length * math.sin(a))


def angle_of(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(a[1] - b[1], b[0] - a[0]))


def reach(start: Point, target: Point, l1: float, l2: float, bend: int) -> Point:
    """The middle joint of a two-segment limb from ``start`` towards ``target``."""
    dx, dy = target[0] - start[0], target[1] - start[1]
    dist = min(math.hypot(dx, dy), l1 + l2 - 0.01)
    cos_a = (l1 * l1 + dist * dist - l2 * l2) / (2 * l1 * dist)
    angle = math.atan2(dy, dx) + bend * math.acos(max(-1.0, min(1.0, cos_a)))
    return (start[0] + l1 * math.cos(angle), start[1] + l1 * math.sin(angle))


def _quad_point(a: Point, c: Point, b: Point, t: float) -> Point:
    u = 1 - t
    return (
        u * u * a[0] + 2 * u * t * c[0] + t * t * b[0],
        u * u * a[1] + 2 * u * t * c[1] + t * t * b[1],
    )


# ---------- a pose's joints ----------


def _target(spec: Any, fig: Figure, before: Figure | None) -> Point:
    """Where a limb reaches: a start-frame joint, a point towards a joint, or a joint + offset."""
    if isinstance(spec, str):  # a joint of the start frame that stays put
        assert before is not None, spec
        return before[spec]
    if spec[0] == "toward":
        _, base, joint, dist = spec
        return polar(fig[base], angle_of(fig[base], fig[joint]), dist)
    if isinstance(spec[0], str):
        joint, dx, dy = spec
        return (fig[joint][0] + dx, fig[joint][1] + dy)
    return (fig["hip"][0] + spec[0], fig["hip"][1] + spec[1])


def _limb(fig: Figure, before: Figure | None, side: str, kind: str, spec: Any) -> None:
    """Place one arm or leg, given as segment angles or as a target for its hand or ankle."""
    size = fig["len"]
    first, second = ("upper", "fore") if kind == "arm" else ("thigh", "shin")
    mid_name, end_name = ("elbow", "hand") if kind == "arm" else ("knee", "ankle")
    base = fig[f"{side}_{'shoulder' if kind == 'arm' else 'hip'}"]
    if isinstance(spec, dict):
        target = _target(spec["to"], fig, before)
        if "first" in spec:  # a fixed first segment, the second pointing at the target
            mid = polar(base, spec["first"], size[first])
        else:
            mid = reach(base, target, size[first], size[second], spec.get("bend", 1))
        end = polar(mid, angle_of(mid, target), size[second])
        foot = spec.get("foot")
    else:
        mid = polar(base, spec[0], size[first])
        end = polar(mid, spec[1], size[second])
        foot = spec[2] if len(spec) > 2 else None
    fig[f"{side}_{mid_name}"], fig[f"{side}_{end_name}"] = mid, end
    if kind == "leg":
        foot_angle = angle_of(mid, end) + 90 if foot is None else foot
        fig[f"{side}_toe"] = polar(end, foot_angle, size.get("foot", FOOT))


def _origin(pose: Pose, before: Figure | None) -> Point:
    at = pose.get("at", (0.0, 0.0))
    if isinstance(at, str):
        assert before is not None, at
        return before[at]
    if isinstance(at[0], str):  # a start-frame joint + offset
        assert before is not None, at
        return (before[at[0]][0] + at[1], before[at[0]][1] + at[2])
    return at


def _trunk_joints(pose: Pose, size: dict[str, float], origin: Point) -> Figure:
    torso = pose.get("torso", 90)
    vec = polar((0, 0), torso, size["torso"])
    hip = origin if pose.get("root", "hip") == "hip" else (origin[0] - vec[0], origin[1] - vec[1])
    shoulder = (hip[0] + vec[0], hip[1] + vec[1])
    normal = polar((0, 0), torso + 90, pose.get("bend", 0.0))  # how far the back curves
    ctrl = ((hip[0] + shoulder[0]) / 2 + normal[0], (hip[1] + shoulder[1]) / 2 + normal[1])
    fig: Figure = {"hip": hip, "shoulder": shoulder, "ctrl": ctrl, "pose": pose, "len": size}
    fig["mid"] = _quad_point(hip, ctrl, shoulder, 0.5)
    fig["head"] = polar(shoulder, pose.get("neck", torso), size["neck"])
    shoulder_w, hip_w = pose.get("width", (0.0, 0.0))  # seen from the front or from above
    joint = polar(shoulder, torso + 180, pose.get("drop", 0.0))  # arms hang below the neck
    tilt = pose.get("tilt", torso - 90)  # direction of the shoulder line, near side first
    fig["near_shoulder"] = polar(joint, tilt, shoulder_w / 2)
    fig["far_shoulder"] = polar(joint, tilt + 180, shoulder_w / 2)
    fig["near_hip"] = polar(hip, torso - 90, hip_w / 2)
    fig["far_hip"] = polar(hip, torso + 90, hip_w / 2)
    return fig


def build(pose: Pose, before: Figure | None = None) -> Figure:
    """Joint positions for one pose; ``before`` is the start frame when building the end frame."""
    fig = _trunk_joints(pose, {**LENGTH, **pose.get("lengths", {})}, _origin(pose, before))
    floor = pose.get("floor", FLOOR)
    for side in ("far", "near"):
        _limb(fig, before, side, "leg", pose.get(f"{side}_leg", pose.get("legs", (-90, -90))))
    if pose.get("ground_legs"):  # stand on the floor first, then reach for a prop
        _move(fig, 0.0, floor - _lowest(fig, arms=False))
    for side in ("far", "near"):
        _limb(fig, before, side, "arm", pose.get(f"{side}_arm", pose.get("arms", (-90, -90))))
    if pose.get("pin") and before:  # keep one joint where it was in the start frame
        _move(fig, before[pose["pin"]][0] - fig[pose["pin"]][0], 0.0)
    if pose.get("ground", "at" not in pose):
        _move(fig, 0.0, floor - _lowest(fig))
    return fig


def _move(fig: Figure, dx: float, dy: float) -> None:
    for key, value in list(fig.items()):
        if key in JOINTS or key == "ctrl" or key.endswith(("_shoulder", "_hip")):
            fig[key] = (value[0] + dx, value[1] + dy)


def _limb_of(name: str) -> str:
    side, part = name.split("_", 1)
    return f"{side}_{'arm' if part in ('elbow', 'hand', 'upper_arm', 'forearm') else 'leg'}"


def _lowest(fig: Figure, arms: bool = True) -> float:
    """The lowest drawn point, counting stroke widths, so the figure can rest on the floor."""
    low = fig["head"][1] + HEAD_R
    hidden = set(fig["pose"].get("hide", ()))
    for name in JOINTS:
        limb = _limb_of(name) if name.startswith(("near_", "far_")) else None
        if name == "head" or limb in hidden or (not arms and limb and limb.endswith("arm")):
            continue
        half = WIDTH["torso"] / 2 if name in ("hip", "shoulder", "mid") else WIDTH["limb"] / 2
        low = max(low, fig[name][1] + half)
    return low


# ---------- strokes ----------


def _colour(pose: Pose, accent: set[str], side: str, segment: str) -> str:
    limb = _limb_of(f"{side}_{segment}")
    lit = f"{side}_{segment}" in accent or limb in accent
    if (side == "near" or pose.get("flat")) and limb not in pose.get("behind", ()):
        return ACCENT if lit else INK
    return ACCENT_FAR if lit else FAR


def figure_svg(fig: Figure, accent: set[str], ghost: bool = False) -> list[str]:
    """The figure's strokes, far limbs first; a ghost shows only the accented limbs, faintly."""
    strokes: dict[tuple[int, str, float], list[str]] = {}
    pose = fig["pose"]

    def add(colour: str, width: float, d: str, layer: int = 1) -> None:
        strokes.setdefault((layer, colour, width), []).append(d)

    _trunk(fig, accent, add)
    for side in ("far", "near"):
        for segment, (a, b, kind) in SEGMENTS.items():
            limb = _limb_of(f"{side}_{segment}")
            if limb in pose.get("hide", ()):
                continue
            layer = 0 if side == "far" or limb in pose.get("behind", ()) else 2
            d = f"M{pt(fig[f'{side}_{a}'])}L{pt(fig[f'{side}_{b}'])}"
            add(_colour(pose, accent, side, segment), WIDTH[kind], d, layer)
    out = []
    for (_, colour, width), paths in sorted(strokes.items(), key=lambda item: item[0][0]):
        if ghost and (colour not in (ACCENT, ACCENT_FAR) or width == WIDTH["torso"]):
            continue
        paint = {"stroke": ACCENT, "stroke_opacity": ".3"} if ghost else {"stroke": colour}
        out.append(el("path", d="".join(paths), **paint, stroke_width=width))
    if not ghost:
        head = ACCENT if "head" in accent else INK
        out.append(el("circle", cx=fig["head"][0], cy=fig["head"][1], r=HEAD_R, fill=head))
    return out


def _trunk(fig: Figure, accent: set[str], add: Callable[..., None]) -> None:
    """Neck, lower and upper back (one curve); shoulder and hip lines when seen from the front."""
    hip, ctrl, shoulder, mid = fig["hip"], fig["ctrl"], fig["shoulder"], fig["mid"]
    low = ACCENT if {"torso", "low_back"} & accent else INK
    high = ACCENT if {"torso", "upper_back"} & accent else INK
    add(ACCENT if "head" in accent else INK, WIDTH["neck"], f"M{pt(shoulder)}L{pt(fig['head'])}")
    shoulder_w, hip_w = fig["pose"].get("width", (0.0, 0.0))
    yoke = f"M{pt(fig['near_shoulder'])}L{pt(fig['far_shoulder'])}"
    if fig["pose"].get("head_on"):  # seen head-on: the trunk hides behind the shoulders
        add(high, WIDTH["yoke"], yoke)
        return
    c1 = ((hip[0] + ctrl[0]) / 2, (hip[1] + ctrl[1]) / 2)
    c2 = ((ctrl[0] + shoulder[0]) / 2, (ctrl[1] + shoulder[1]) / 2)
    add(low, WIDTH["torso"], f"M{pt(hip)}Q{pt(c1)} {pt(mid)}")
    add(high, WIDTH["torso"], f"M{pt(mid)}Q{pt(c2)} {pt(shoulder)}")
    if shoulder_w:
        add(high, WIDTH["yoke"], yoke)
    if hip_w:
        add(low, WIDTH["yoke"], f"M{pt(fig['near_hip'])}L{pt(fig['far_hip'])}")
