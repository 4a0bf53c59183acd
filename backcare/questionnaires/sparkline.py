"""A tiny server-side trend line (inline SVG, no JavaScript) and its text alternative."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone

WIDTH, HEIGHT, PAD = 300, 60, 4


@dataclass(frozen=True)
class Sparkline:
    points: str  # the SVG polyline "x,y x,y ..." in a WIDTH x HEIGHT box
    last_x: float
    last_y: float
    description: str  # the same trend in words, for people who cannot see the line

    width: int = WIDTH
    height: int = HEIGHT


def plot(values: Sequence[float], low: float, high: float) -> list[tuple[float, float]]:
    """Spread values evenly across the width; ``low`` sits at the bottom, ``high`` at the top."""
    span = (high - low) or 1
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    return [
        (
            round(PAD + index * step, 1),
            round(HEIGHT - PAD - (min(max(value, low), high) - low) / span * (HEIGHT - 2 * PAD), 1),
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
