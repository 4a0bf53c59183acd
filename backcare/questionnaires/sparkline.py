"""A small server-side trend chart (inline SVG, no JavaScript) and its text alternative.

The y axis shows the questionnaire's lowest and highest possible scores, the x axis the
first and last dates, so the line reads without the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone

WIDTH, HEIGHT, PAD = 320, 120, 6
LEFT, BOTTOM = 30, 22  # room for the axis labels


@dataclass(frozen=True)
class Sparkline:
    points: str  # the SVG polyline "x,y x,y ..." in a WIDTH x HEIGHT box
    last_x: float
    last_y: float
    description: str  # the same trend in words, for people who cannot see the line
    dots: tuple[tuple[float, float], ...] = ()
    low: str = ""  # y-axis labels: the lowest and highest possible score
    high: str = ""
    first_day: str = ""  # x-axis labels
    last_day: str = ""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM
    label_y: int = HEIGHT - 6
    right: int = WIDTH - PAD


def plot(values: Sequence[float], low: float, high: float) -> list[tuple[float, float]]:
    """Spread values evenly across the width; ``low`` sits at the bottom, ``high`` at the top."""
    span = (high - low) or 1
    step = (WIDTH - LEFT - PAD) / max(len(values) - 1, 1)
    bottom, tall = HEIGHT - BOTTOM, HEIGHT - BOTTOM - PAD
    return [
        (
            round(LEFT + index * step, 1),
            round(bottom - (min(max(value, low), high) - low) / span * tall, 1),
        )
        for index, value in enumerate(values)
    ]


def sparkline(
    totals: Sequence[tuple[datetime, float]], low: float, high: float, name: str
) -> Sparkline | None:
    """None with fewer than two totals: one point is not a trend."""
    if len(totals) < 2:
        return None
    values = [total for _, total in totals]
    xy = plot(values, low, high)
    return Sparkline(
        points=" ".join(f"{x:g},{y:g}" for x, y in xy),
        last_x=xy[-1][0],
        last_y=xy[-1][1],
        description=describe(totals, name),
        dots=tuple(xy),
        low=f"{low:g}",
        high=f"{high:g}",
        first_day=day(totals[0][0]),
        last_day=day(totals[-1][0]),
    )


def describe(totals: Sequence[tuple[datetime, float]], name: str) -> str:
    (first_at, first), (last_at, last) = totals[0], totals[-1]
    values = [total for _, total in totals]
    return (
        f"Your last {len(totals)} {name} scores, from {first:g} on {day(first_at)} "
        f"to {last:g} on {day(last_at)}; lowest {min(values):g}, highest {max(values):g}."
    )


def day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j M Y")
