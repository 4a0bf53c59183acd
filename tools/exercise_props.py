"""Props and marks drawn with the exercise figure: chairs, walls, mats and movement arrows."""

from __future__ import annotations

import math
from collections.abc import Callable

from exercise_figure import (
    ACCENT,
    FLOOR,
    INK,
    PROP,
    PROP_FILL,
    Figure,
    Point,
    arrow,
    arrow_head,
    el,
    fmt,
    pt,
)

# A prop sees this frame's figure, which frame it is, and both figures (to stay put between them).
Prop = Callable[[Figure, str, dict[str, Figure]], list[str]]
# A mark is drawn on one frame only, placed from that frame's figure.
Mark = Callable[[Figure], list[str]]

SEAT_TOP = FLOOR - 28  # where a seated figure's hips rest
WALL_TOP = FLOOR - 140


def stroke(d: str, width: float = 4, colour: str = PROP) -> str:
    return el("path", d=d, stroke=colour, stroke_width=width)


# ---------- props: drawn behind the figure, in the same place in both frames ----------


def chair(x: float, facing: int = 1, back: float = 34) -> Prop:
    """A side-on chair whose back post stands at ``x``; the seat runs towards ``facing``."""
    front = x + 28 * facing
    post = f"M{pt((x, FLOOR))}V{fmt(SEAT_TOP - back)}"
    d = f"{post}M{pt((x, SEAT_TOP + 3))}H{fmt(front)}V{fmt(FLOOR)}"
    return lambda fig, which, figs: [stroke(d)]


def chair_at(joint: str, facing: int = 1) -> Prop:
    """A side-on chair whose back reaches up to where the start frame's ``joint`` rests."""

    def draw(fig: Figure, which: str, figs: dict[str, Figure]) -> list[str]:
        x, y = figs["start"][joint]
        return chair(x, facing, SEAT_TOP - y - 4)(fig, which, figs)

    return draw


def chair_front(x: float) -> Prop:
    """A chair seen from the front: its back behind the sitter, the seat and two legs."""
    seat = SEAT_TOP - 6
    legs = f"M{pt((x - 24, seat))}H{fmt(x + 24)}M{pt((x - 20, seat))}V{fmt(FLOOR)}"
    legs += f"M{pt((x + 20, seat))}V{fmt(FLOOR)}"
    back = el("rect", x=x - 22, y=seat - 32, width=44, height=30, rx=4, fill=PROP_FILL)
    return lambda fig, which, figs: [back, stroke(legs)]


def wall(x: float) -> Prop:
    """A wall seen edge-on, its face at ``x``."""
    face = el("rect", x=x - 8, y=WALL_TOP, width=8, height=FLOOR - WALL_TOP, fill=PROP_FILL)
    return lambda fig, which, figs: [face, stroke(f"M{pt((x, WALL_TOP))}V{fmt(FLOOR)}", 2.5)]


def wall_behind(x0: float, x1: float) -> Prop:
    """A wall seen face-on behind a figure drawn from the front."""
    face = el("rect", x=x0, y=FLOOR - 150, width=x1 - x0, height=150, fill=PROP_FILL)
    return lambda fig, which, figs: [face]


def door(x: float) -> Prop:
    """A door post seen from the side, at ``x``."""
    size = {"x": x - 5, "y": WALL_TOP, "width": 10, "height": FLOOR - WALL_TOP}
    post = el("rect", **size, fill=PROP_FILL, stroke=PROP, stroke_width=2)
    return lambda fig, which, figs: [post]


def roller(joint: str, dx: float = 0) -> Prop:
    """A foam roller on the floor under the start frame's ``joint``, moved by ``dx``."""

    def draw(fig: Figure, which: str, figs: dict[str, Figure]) -> list[str]:
        x = figs["start"][joint][0] + dx
        attrs = {"fill": PROP_FILL, "stroke": PROP, "stroke_width": 3}
        return [el("circle", cx=x, cy=FLOOR - 9, r=9, **attrs)]

    return draw


def towel(fig: Figure, which: str, figs: dict[str, Figure]) -> list[str]:
    """A towel from the near hand to the sole of the near foot."""
    ankle, toe = fig["near_ankle"], fig["near_toe"]
    sole = ((ankle[0] + toe[0]) / 2, (ankle[1] + toe[1]) / 2)
    return [stroke(f"M{pt(fig['near_hand'])}L{pt(sole)}", 2.5, "#5f7f8a")]


def pillow(joint: str, dx: float = 0, dy: float = 0) -> Prop:
    def draw(fig: Figure, which: str, figs: dict[str, Figure]) -> list[str]:
        x, y = figs["start"][joint]
        attrs = {"fill": PROP_FILL, "stroke": PROP, "stroke_width": 2}
        return [el("rect", x=x - 14 + dx, y=y + dy, width=28, height=9, rx=4.5, **attrs)]

    return draw


def mat_plane(x0: float, x1: float, y0: float, y1: float) -> Prop:
    """A mat seen from above, for drawings that look down on the floor."""
    mat = el("rect", x=x0, y=y0, width=x1 - x0, height=y1 - y0, rx=6, fill="#d3ebe6")
    return lambda fig, which, figs: [mat]


def tree(x: float) -> Prop:
    trunk = stroke(f"M{pt((x, FLOOR))}V{fmt(FLOOR - 40)}", 5, "#9b8a76")
    crown = el("circle", cx=x, cy=FLOOR - 58, r=20, fill="#cfe3d6")
    return lambda fig, which, figs: [trunk, crown]


# ---------- marks: drawn on top of one frame ----------


def at_joint(joint: str, dx: float, dy: float, draw: Callable[[float, float], list[str]]) -> Mark:
    """A mark drawn at this frame's ``joint``, moved by (dx, dy)."""

    def mark(fig: Figure) -> list[str]:
        x, y = fig[joint]
        return draw(x + dx, y + dy)

    return mark


def turn(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float) -> list[str]:
    """A dashed elliptical arrow around (cx, cy) from angle ``a0`` to ``a1`` (degrees)."""
    points: list[Point] = []
    for step in range(9):
        angle = math.radians(a0 + (a1 - a0) * step / 8)
        points.append((cx + rx * math.cos(angle), cy - ry * math.sin(angle)))
    tip, before = points[-1], points[-2]
    path = "M" + "L".join(pt(p) for p in points[:-1])
    return [
        el("path", d=path, stroke=ACCENT, stroke_width=2.5, stroke_dasharray="5 4"),
        arrow_head(tip, (tip[0] - before[0], tip[1] - before[1])),
    ]


def fist(joint: str) -> Mark:
    return at_joint(joint, 0, 0, lambda x, y: [el("circle", cx=x, cy=y, r=5.5, fill=ACCENT)])


def open_hand(joint: str, angle: float) -> Mark:
    """Three short fingers spread from the hand, pointing towards ``angle``."""

    def fingers(x: float, y: float) -> list[str]:
        d = ""
        for spread in (-35, 0, 35):
            a = math.radians(angle + spread)
            d += f"M{pt((x, y))}l{fmt(8 * math.cos(a))} {fmt(-8 * math.sin(a))}"
        return [stroke(d, 2.5, ACCENT)]

    return at_joint(joint, 0, 0, fingers)


def breath(joint: str, out: bool) -> Mark:
    """Three short arrows by the face: breathing in (towards it) or out (away from it)."""

    def lines(x: float, y: float) -> list[str]:
        parts: list[str] = []
        for dy, length in ((-5, 12), (1, 18), (7, 12)):
            near, far = (x + 12, y + dy), (x + 12 + length, y + dy * 1.6)
            parts += arrow(near, far, 0) if out else arrow(far, near, 0)
        return parts

    return at_joint(joint, 0, 0, lines)


def squeeze(joint: str) -> Mark:
    """A glow on the buttocks with three short lines pressing in."""

    def marks(x: float, y: float) -> list[str]:
        lines = f"M{pt((x - 15, y - 12))}l5 5M{pt((x + 15, y - 12))}l-5 5M{pt((x, y - 18))}v6"
        glow = el("circle", cx=x, cy=y, r=9, fill=ACCENT, fill_opacity=".35")
        return [glow, stroke(lines, 2.5, ACCENT)]

    return at_joint(joint, 0, 0, marks)


def nose(facing: int) -> Mark:
    """A nose on the side of the head, to show which way a front-view head has turned."""
    return at_joint(
        "head", 8.5 * facing, 1, lambda x, y: [el("circle", cx=x, cy=y, r=3.2, fill=INK)]
    )


def up_arrow(joint: str, dx: float, dy: float, length: float = 16) -> Mark:
    return at_joint(joint, dx, dy, lambda x, y: arrow((x, y), (x, y - length), 0))


def spin(joint: str, dy: float = 0) -> Mark:
    """A turning arrow around the body at ``joint``."""
    return at_joint(joint, 0, dy, lambda x, y: turn(x, y, 24, 7, 200, 340))
