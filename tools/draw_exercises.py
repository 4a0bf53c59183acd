"""Draw every exercise picture, start and end frame, into the exercise illustrations folder."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from exercise_figure import (
    FLOOR,
    FLOOR_LINE,
    HEAD_R,
    INK,
    JOINTS,
    MAT,
    PANEL,
    Figure,
    arrow,
    build,
    el,
    figure_svg,
    fmt,
)
from exercise_poses_floor import FLOOR_EXERCISES
from exercise_poses_pregnancy import PREGNANCY_EXERCISES
from exercise_poses_upright import UPRIGHT_EXERCISES

ROOT = Path(__file__).resolve().parent.parent / "backcare" / "content" / "exercises"
OUT = ROOT / "illustrations"
FRAME_W, FRAME_H, GAP = 168.0, 172.0, 20.0
EXERCISES = dict(sorted({**FLOOR_EXERCISES, **UPRIGHT_EXERCISES}.items()))


ROUND = {"stroke_linecap": "round", "stroke_linejoin": "round"}
Spec = dict[str, Any]


def badge(number: int) -> str:
    """The frame's number, 1 or 2, in a dark circle."""
    one, two = "M16 11.5V22M13 14l3-2.5", "M12.5 14.5q.5-3.5 3.5-3.5 3.5 0 3.5 3-.2 2.5-7 8h7.2"
    digit = one if number == 1 else two
    return el("circle", cx=16, cy=16.5, r=10, fill=INK) + el(
        "path", d=digit, fill="none", stroke="#fff", stroke_width=2.2, **ROUND
    )


def floor_svg(spec: Spec) -> list[str]:
    out = []
    if spec.get("floor", True):
        line = f"M8 {fmt(FLOOR)}H{fmt(FRAME_W - 8)}"
        out.append(el("path", d=line, stroke=FLOOR_LINE, stroke_width=2))
    if spec.get("mat"):
        mat = f"M18 {fmt(FLOOR - 2)}H{fmt(FRAME_W - 18)}"
        out.append(el("path", d=mat, stroke=MAT, stroke_width=4, stroke_linecap="round"))
    return out


def _accent(spec: Spec, which: str) -> set[str]:
    return set(spec[which].get("accent", spec.get("accent", "")).split())


def _drawing(spec: Spec, which: str, figs: dict[str, Figure]) -> list[str]:
    """Props, the start pose's moving limbs as a faint ghost, the figure, marks and arrows."""
    fig = figs[which]
    out: list[str] = []
    for prop in spec.get("props", []):
        out += prop(fig, which, figs)
    if which == "end" and spec.get("ghost", True):
        out += figure_svg(figs["start"], _accent(spec, "start"), ghost=True)
    out += figure_svg(fig, _accent(spec, which))
    for mark in spec[which].get("extras", []):
        out += mark(fig)
    if which == "end":
        for move in spec.get("motion", []):  # (joint, arc) or (from joint, to joint, arc)
            first, last = (move[0], move[0]) if len(move) == 2 else move[:2]
            out += arrow(figs["start"][first], fig[last], move[-1])
    return out


def frame(spec: Spec, which: str, figs: dict[str, Figure], shift: float, crop: float) -> str:
    """One panel: background, floor, the drawing centred by ``shift``, and its number."""
    panel = el("rect", x=0, y=crop, width=FRAME_W, height=FRAME_H - crop, rx=10, fill=PANEL)
    drawing = "".join(_drawing(spec, which, figs))
    parts = [panel, *floor_svg(spec)]
    parts.append(
        f'<g transform="translate({fmt(shift)} 0)" fill="none" '
        + ('stroke-linecap="round" stroke-linejoin="round">' + drawing + "</g>")
    )
    parts.append(
        f'<g transform="translate(0 {fmt(crop)})">{badge(1 if which == "start" else 2)}</g>'
    )
    x = 0 if which == "start" else FRAME_W + GAP
    return f'<g id="{which}" transform="translate({fmt(x)} {fmt(2 - crop)})">{"".join(parts)}</g>'


def _x_extent(fig: Figure) -> tuple[float, float]:
    xs = [fig[name][0] for name in JOINTS]
    return min(xs) - HEAD_R, max(xs) + HEAD_R


def _layout(spec: Spec, figs: dict[str, Figure]) -> tuple[float, float]:
    """How far to shift the figures to centre them, and how much empty sky to crop off the top."""
    lo = min(_x_extent(fig)[0] for fig in figs.values())
    hi = max(_x_extent(fig)[1] for fig in figs.values())
    shift = FRAME_W / 2 - (lo + hi) / 2 + spec.get("shift", 0.0)
    top = min(min(fig[name][1] - 4 for name in JOINTS) for fig in figs.values())
    crop = float(max(0, round(min(top - HEAD_R - 40, FRAME_H - 96))))
    return shift, crop


def _between(height: float) -> str:
    """The round "next" arrow between the two frames."""
    x, y = FRAME_W + GAP / 2, height / 2
    circle = el("circle", cx=x, cy=y, r=11, fill=PANEL, stroke=INK, stroke_width=1.5)
    chevron = f"M{fmt(x - 2.5)} {fmt(y - 6)}l6 6-6 6"
    return circle + el("path", d=chevron, fill="none", stroke=INK, stroke_width=3, **ROUND)


def render(slug: str, spec: Spec, alt: str) -> str:
    """The SVG text of one exercise picture: start frame, arrow, end frame."""
    shared = {key: spec[key] for key in ("flat",) if key in spec}
    start = build({**shared, **spec["start"]})
    figs = {"start": start, "end": build({**shared, **spec["end"]}, start)}
    shift, crop = _layout(spec, figs)
    height = FRAME_H + 4 - crop
    frames = frame(spec, "start", figs, shift, crop) + frame(spec, "end", figs, shift, crop)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {fmt(2 * FRAME_W + GAP)} {fmt(height)}" role="img" '
        f'aria-labelledby="{slug}-title"><title id="{slug}-title">{escape(alt)}</title>'
        "<metadata>backcare exercise drawing; licence CC-BY-SA-4.0</metadata>"
        f"{frames}{_between(height)}</svg>\n"
    )


def main() -> None:
    for slug, spec in EXERCISES.items():
        alt = tomllib.loads((ROOT / f"{slug}.toml").read_text())["alt"]
        (OUT / f"{slug}.svg").write_text(render(slug, spec, alt), encoding="utf-8")
    for stem, (slug, condition, spec) in PREGNANCY_EXERCISES.items():
        caution = tomllib.loads((ROOT / f"{slug}.toml").read_text())["cautions"][condition]
        (OUT / f"{stem}.svg").write_text(render(stem, spec, caution["alt"]), encoding="utf-8")


if __name__ == "__main__":
    main()
