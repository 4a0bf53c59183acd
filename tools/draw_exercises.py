"""Draw every exercise illustration (start and end frame) into backcare/content/exercises/illustrations/."""

from __future__ import annotations

import math
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent / "backcare" / "content" / "exercises"
OUT = ROOT / "illustrations"

# One figure for every drawing: segment lengths, head radius and stroke widths.
LENGTH = {"neck": 13.0, "torso": 42.0, "upper": 24.0, "fore": 22.0, "thigh": 32.0, "shin": 30.0}
FOOT = 9.0
HEAD_R = 8.5
WIDTH = {"torso": 11.0, "limb": 7.0, "foot": 6.0, "neck": 6.0}

INK = "#1f4e5f"  # near side of the body
FAR = "#86a7b2"  # far side, drawn behind
ACCENT = "#e8590c"  # the part that moves
ACCENT_FAR = "#f4a574"
PROP = "#9fb3ba"
PROP_FILL = "#dde6e9"
MAT = "#8cc3b9"
FLOOR_LINE = "#b4c8cd"
PANEL = "#f3f6f7"

FRAME_W, FRAME_H, GAP = 168.0, 172.0, 20.0
FLOOR = 158.0

Point = tuple[float, float]
Figure = dict[str, Any]


def polar(p: Point, angle: float, length: float) -> Point:
    a = math.radians(angle)
    return (p[0] + length * math.cos(a), p[1] - length * math.sin(a))


def reach(start: Point, target: Point, l1: float, l2: float, bend: int) -> Point:
    """The middle joint of a two-segment limb from ``start`` to ``target``."""
    dx, dy = target[0] - start[0], target[1] - start[1]
    dist = min(math.hypot(dx, dy), l1 + l2 - 0.01)
    cos_a = (l1 * l1 + dist * dist - l2 * l2) / (2 * l1 * dist)
    angle = math.atan2(dy, dx) + bend * math.acos(max(-1.0, min(1.0, cos_a)))
    return (start[0] + l1 * math.cos(angle), start[1] + l1 * math.sin(angle))


def angle_of(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(a[1] - b[1], b[0] - a[0]))


def _target(spec: Any, fig: Figure, before: Figure | None) -> Point:
    if isinstance(spec, str):  # a joint of the start frame that stays put
        assert before is not None
        return before[spec]
    if spec[0] == "toward":  # a point on the way from this limb's root towards a joint
        _, base, joint, dist = spec
        a = math.radians(angle_of(fig[base], fig[joint]))
        return (fig[base][0] + dist * math.cos(a), fig[base][1] - dist * math.sin(a))
    if isinstance(spec[0], str):  # a joint of this figure, moved by (dx, dy)
        joint, dx, dy = spec
        return (fig[joint][0] + dx, fig[joint][1] + dy)
    return (fig["hip"][0] + spec[0], fig["hip"][1] + spec[1])


def _limb(fig: Figure, before: Figure | None, side: str, kind: str, spec: Any) -> None:
    size = fig["len"]
    base = fig[f"{side}_{'shoulder' if kind == 'arm' else 'hip'}"]
    first, second = ("upper", "fore") if kind == "arm" else ("thigh", "shin")
    mid_name, end_name = ("elbow", "hand") if kind == "arm" else ("knee", "ankle")
    foot = None
    if isinstance(spec, dict):
        end = _target(spec["to"], fig, before)
        if "thigh" in spec:  # a fixed first segment, the second pointing at the target
            mid = polar(base, spec["thigh"], size[first])
        else:
            mid = reach(base, end, size[first], size[second], spec.get("bend", 1))
        end = polar(mid, angle_of(mid, end), size[second])
        foot = spec.get("foot")
    else:
        mid = polar(base, spec[0], size[first])
        end = polar(mid, spec[1], size[second])
        foot = spec[2] if len(spec) > 2 else None
    fig[f"{side}_{mid_name}"], fig[f"{side}_{end_name}"] = mid, end
    if kind == "leg":
        foot_angle = angle_of(mid, end) + 90 if foot is None else foot
        fig[f"{side}_toe"] = polar(end, foot_angle, size.get("foot", FOOT))


def _origin(pose: dict[str, Any], before: Figure | None) -> Point:
    at = pose.get("at", (0.0, 0.0))
    if isinstance(at, str):
        assert before is not None
        return before[at]
    if isinstance(at[0], str):
        assert before is not None
        return (before[at[0]][0] + at[1], before[at[0]][1] + at[2])
    return at


def build(pose: dict[str, Any], before: Figure | None = None) -> Figure:
    """Joint positions for one pose; angles in degrees, 0 = right, 90 = up."""
    torso, root = pose.get("torso", 90), pose.get("root", "hip")
    size = {**LENGTH, **pose.get("lengths", {})}
    origin = _origin(pose, before)
    vec = polar((0, 0), torso, size["torso"])
    hip = origin if root == "hip" else (origin[0] - vec[0], origin[1] - vec[1])
    shoulder = (hip[0] + vec[0], hip[1] + vec[1])
    fig: Figure = {"hip": hip, "shoulder": shoulder, "pose": pose, "len": size}
    normal = polar((0, 0), torso + 90, pose.get("bend", 0.0))
    fig["ctrl"] = ((hip[0] + shoulder[0]) / 2 + normal[0], (hip[1] + shoulder[1]) / 2 + normal[1])
    fig["mid"] = _quad_point(hip, fig["ctrl"], shoulder, 0.5)
    fig["head"] = polar(shoulder, pose.get("neck", torso), size["neck"])
    shoulder_w, hip_w = pose.get("width", (0.0, 0.0))
    joint = polar(shoulder, torso + 180, pose.get("drop", 0.0))  # the arm hangs below the neck
    tilt = pose.get("tilt", torso - 90)  # direction of the shoulder line, near side first
    for side, sign in (("near", -1), ("far", 1)):
        fig[f"{side}_shoulder"] = polar(joint, tilt + (0 if sign < 0 else 180), shoulder_w / 2)
        fig[f"{side}_hip"] = polar(hip, torso + 90 * sign, hip_w / 2)
    for side in ("far", "near"):
        _limb(fig, before, side, "leg", pose.get(f"{side}_leg", pose.get("legs", (-90, -90))))
    if pose.get("ground_legs"):  # stand on the floor first, then reach for the start frame's props
        _move(fig, 0.0, pose.get("floor", FLOOR) - _lowest(fig, arms=False))
    for side in ("far", "near"):
        _limb(fig, before, side, "arm", pose.get(f"{side}_arm", pose.get("arms", (-90, -90))))
    if pose.get("pin") and before:
        name = pose["pin"]
        _move(fig, before[name][0] - fig[name][0], 0.0)
    if pose.get("ground", "at" not in pose):
        _move(fig, 0.0, pose.get("floor", FLOOR) - _lowest(fig))
    return fig


def _group(joint: str) -> str:
    side, part = joint.split("_", 1)
    return f"{side}_{'arm' if part in ('elbow', 'hand') else 'leg'}"


def _move(fig: Figure, dx: float, dy: float) -> None:
    for key, value in list(fig.items()):
        if key in JOINTS or key == "ctrl" or key.endswith(("_shoulder", "_hip")):
            fig[key] = (value[0] + dx, value[1] + dy)


def _quad_point(a: Point, c: Point, b: Point, t: float) -> Point:
    u = 1 - t
    return (u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1])


JOINTS = [
    "hip", "shoulder", "mid", "head", "near_elbow", "near_hand", "far_elbow", "far_hand",
    "near_knee", "near_ankle", "near_toe", "far_knee", "far_ankle", "far_toe",
]  # fmt: skip


def _lowest(fig: Figure, arms: bool = True) -> float:
    low = fig["head"][1] + HEAD_R
    hidden = " ".join(fig["pose"].get("hide", ()))
    for name in JOINTS:
        if name == "head" or (name.startswith(("near_", "far_")) and _group(name) in hidden):
            continue
        if name not in fig or (not arms and name.endswith(("_elbow", "_hand"))):
            continue
        half = WIDTH["torso"] / 2 if name in ("hip", "shoulder", "mid") else WIDTH["limb"] / 2
        low = max(low, fig[name][1] + half)
    return low


def fmt(v: float) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pt(p: Point) -> str:
    return f"{fmt(p[0])} {fmt(p[1])}"


SEGMENTS = {
    "upper_arm": ("shoulder", "elbow", "limb"),
    "forearm": ("elbow", "hand", "limb"),
    "thigh": ("hip", "knee", "limb"),
    "shin": ("knee", "ankle", "limb"),
    "foot": ("ankle", "toe", "foot"),
}
GROUPS = {"arm": ("upper_arm", "forearm"), "leg": ("thigh", "shin", "foot")}


def _accented(accent: set[str], side: str, segment: str) -> bool:
    group = "arm" if segment in GROUPS["arm"] else "leg"
    return f"{side}_{segment}" in accent or f"{side}_{group}" in accent


def _colour(pose: dict[str, Any], accent: set[str], side: str, segment: str) -> str:
    group = f"{side}_{'arm' if segment in GROUPS['arm'] else 'leg'}"
    lit = _accented(accent, side, segment)
    if group in pose.get("behind", ()):
        return ACCENT_FAR if lit else FAR
    if side == "near" or pose.get("flat"):
        return ACCENT if lit else INK
    return ACCENT_FAR if lit else FAR


def figure_svg(fig: Figure, accent: set[str], ghost: bool = False) -> list[str]:
    """Strokes grouped by colour: far limbs, trunk and head, near limbs."""
    strokes: dict[tuple[int, str, float], list[str]] = {}
    pose = fig["pose"]
    hidden = set(pose.get("hide", ()))

    def add(colour: str, width: float, d: str, layer: int = 1) -> None:
        strokes.setdefault((layer, colour, width), []).append(d)

    for side in ("far", "near"):
        if side == "near":
            _trunk(fig, accent, add)
        for segment, (a, b, kind) in SEGMENTS.items():
            group = f"{side}_{'arm' if segment in GROUPS['arm'] else 'leg'}"
            if f"{side}_{segment}" in hidden or group in hidden:
                continue
            layer = 0 if side == "far" or group in pose.get("behind", ()) else 2
            colour = _colour(pose, accent, side, segment)
            add(colour, WIDTH[kind], f"M{pt(fig[f'{side}_{a}'])}L{pt(fig[f'{side}_{b}'])}", layer)
    out = []
    for (layer, colour, width), ds in sorted(strokes.items(), key=lambda item: item[0][0]):
        if ghost and (colour not in (ACCENT, ACCENT_FAR) or width == WIDTH["torso"]):
            continue
        paint = f'stroke="{ACCENT}" stroke-opacity=".3"' if ghost else f'stroke="{colour}"'
        out.append(f'<path d="{"".join(ds)}" {paint} stroke-width="{fmt(width)}"/>')
    if not ghost:
        head_colour = ACCENT if "head" in accent else INK
        out.append(f'<circle cx="{fmt(fig["head"][0])}" cy="{fmt(fig["head"][1])}" r="{HEAD_R}" fill="{head_colour}"/>')
    return out


def _trunk(fig: Figure, accent: set[str], add: Callable[..., None]) -> None:
    hip, ctrl, shoulder = fig["hip"], fig["ctrl"], fig["shoulder"]
    mid = fig["mid"]
    c1 = ((hip[0] + ctrl[0]) / 2, (hip[1] + ctrl[1]) / 2)
    c2 = ((ctrl[0] + shoulder[0]) / 2, (ctrl[1] + shoulder[1]) / 2)
    neck_colour = ACCENT if "head" in accent else INK
    add(neck_colour, WIDTH["neck"], f"M{pt(shoulder)}L{pt(fig['head'])}")
    low = ACCENT if {"torso", "low_back"} & accent else INK
    high = ACCENT if {"torso", "upper_back"} & accent else INK
    shoulder_w, hip_w = fig["pose"].get("width", (0.0, 0.0))
    if fig["pose"].get("head_on"):  # seen head-on from in front: the trunk is hidden behind the shoulders
        add(high, WIDTH["limb"] + 1, f"M{pt(fig['near_shoulder'])}L{pt(fig['far_shoulder'])}")
        return
    add(low, WIDTH["torso"], f"M{pt(hip)}Q{pt(c1)} {pt(mid)}")
    add(high, WIDTH["torso"], f"M{pt(mid)}Q{pt(c2)} {pt(shoulder)}")
    if shoulder_w:  # seen from the front: a shoulder line and a pelvis
        add(high, WIDTH["limb"] + 1, f"M{pt(fig['near_shoulder'])}L{pt(fig['far_shoulder'])}")
    if hip_w:
        add(low, WIDTH["limb"] + 1, f"M{pt(fig['near_hip'])}L{pt(fig['far_hip'])}")


def arrow(a: Point, b: Point, arc: float, colour: str = ACCENT) -> list[str]:
    """A dashed curve from ``a`` to ``b`` bowed sideways by ``arc``, with a solid head."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    ctrl = (mx + dy / length * arc, my - dx / length * arc)
    tx, ty = b[0] - ctrl[0], b[1] - ctrl[1]
    tl = math.hypot(tx, ty) or 1.0
    ux, uy = tx / tl, ty / tl
    tip = (b[0], b[1])
    back = (tip[0] - ux * 7, tip[1] - uy * 7)
    left = (back[0] - uy * 4.5, back[1] + ux * 4.5)
    right = (back[0] + uy * 4.5, back[1] - ux * 4.5)
    end = (tip[0] - ux * 5, tip[1] - uy * 5)
    return [
        f'<path d="M{pt(a)}Q{pt(ctrl)} {pt(end)}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-dasharray="5 4"/>',
        f'<path d="M{pt(tip)}L{pt(left)}L{pt(right)}Z" fill="{colour}"/>',
    ]


def badge(number: int) -> str:
    digit = "M16 11.5V22M13 14l3-2.5" if number == 1 else "M12.5 14.5q.5-3.5 3.5-3.5 3.5 0 3.5 3-.2 2.5-7 8h7.2"
    return (
        f'<circle cx="16" cy="16.5" r="10" fill="{INK}"/>'
        f'<path d="{digit}" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>'
    )


def floor_svg(spec: dict[str, Any]) -> list[str]:
    out = []
    if spec.get("floor", True):
        out.append(f'<path d="M8 {fmt(FLOOR)}H{fmt(FRAME_W - 8)}" stroke="{FLOOR_LINE}" stroke-width="2"/>')
    if spec.get("mat"):
        out.append(f'<path d="M18 {fmt(FLOOR - 2)}H{fmt(FRAME_W - 18)}" stroke="{MAT}" stroke-width="4" stroke-linecap="round"/>')
    return out


def frame(spec: dict[str, Any], which: str, figs: dict[str, Figure], shift: float, crop: float) -> str:
    fig = figs[which]
    pose = spec[which]
    accent = set(pose.get("accent", spec.get("accent", "")).split())
    parts = [f'<rect x="0" y="{fmt(crop)}" width="{fmt(FRAME_W)}" height="{fmt(FRAME_H - crop)}" rx="10" fill="{PANEL}"/>']
    parts += floor_svg(spec)
    inner: list[str] = []
    for prop in spec.get("props", []):
        inner += prop(fig, which, figs)
    if which == "end" and spec.get("ghost", True):
        inner += figure_svg(figs["start"], set(spec["start"].get("accent", spec.get("accent", "")).split()), ghost=True)
    inner += figure_svg(fig, accent)
    for extra in pose.get("extras", []):
        inner += extra(fig)
    if which == "end":
        for move in spec.get("motion", []):
            first, last = (move[0], move[0]) if len(move) == 2 else move[:2]
            inner += arrow(figs["start"][first], fig[last], move[-1])
    body = "".join(inner)
    parts.append(
        f'<g transform="translate({fmt(shift)} 0)" fill="none" stroke-linecap="round" stroke-linejoin="round">{body}</g>'
    )
    parts.append(f'<g transform="translate(0 {fmt(crop)})">{badge(1 if which == "start" else 2)}</g>')
    x = 0 if which == "start" else FRAME_W + GAP
    return f'<g id="{which}" transform="translate({fmt(x)} {fmt(2 - crop)})">{"".join(parts)}</g>'


def _x_extent(fig: Figure) -> tuple[float, float]:
    xs = [fig[name][0] for name in JOINTS]
    return min(xs) - HEAD_R, max(xs) + HEAD_R


def render(slug: str, spec: dict[str, Any], alt: str) -> str:
    shared = {key: spec[key] for key in ("flat",) if key in spec}
    start = build({**shared, **spec["start"]})
    end = build({**shared, **spec["end"]}, start)
    figs = {"start": start, "end": end}
    lo = min(_x_extent(start)[0], _x_extent(end)[0])
    hi = max(_x_extent(start)[1], _x_extent(end)[1])
    shift = FRAME_W / 2 - (lo + hi) / 2 + spec.get("shift", 0.0)
    top = min(min(fig[name][1] - 4 for name in JOINTS) for fig in figs.values())
    crop = float(max(0, round(min(top - HEAD_R - 40, FRAME_H - 96)))) if spec.get("crop", True) else 0.0
    width = 2 * FRAME_W + GAP
    height = FRAME_H + 4 - crop
    mid_x, mid_y = FRAME_W + GAP / 2, height / 2
    between = (
        f'<circle cx="{fmt(mid_x)}" cy="{fmt(mid_y)}" r="11" fill="{PANEL}" stroke="{INK}" stroke-width="1.5"/>'
        f'<path d="M{fmt(mid_x - 2.5)} {fmt(mid_y - 6)}l6 6-6 6" fill="none" stroke="{INK}" stroke-width="3" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fmt(width)} {fmt(height)}" role="img" '
        f'aria-labelledby="{slug}-title"><title id="{slug}-title">{escape(alt)}</title>'
        "<metadata>backcare exercise drawing; licence CC-BY-SA-4.0</metadata>"
        f"{frame(spec, 'start', figs, shift, crop)}{frame(spec, 'end', figs, shift, crop)}{between}</svg>\n"
    )


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from exercise_poses import EXERCISES

    for slug, spec in EXERCISES.items():
        alt = tomllib.loads((ROOT / f"{slug}.toml").read_text())["alt"]
        (OUT / f"{slug}.svg").write_text(render(slug, spec, alt), encoding="utf-8")


if __name__ == "__main__":
    main()
