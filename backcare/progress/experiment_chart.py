"""A self-experiment's result as a picture: each day's outcome as a dot, one row per option.

The average of each option is a bar across its dots, so the gap between the two options is
seen at a glance. Under the axis a title names what is plotted ("Evening pain, 0 to 10"),
and the drawing's description says it too. Ratings run from 0 to 10; morning stiffness in
minutes gets an axis long enough for its longest day. Lower is better either way. The page
keeps the numbers beside it, so nothing depends on seeing the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from backcare.progress.experiments import ExperimentStatus, ScheduleRow

WIDTH, ROW, LEFT, RIGHT, TOP, AXIS = 360, 56, 12, 12, 8, 52
SCALE_MAX = 10.0
#: Outcomes counted in minutes, not rated 0 to 10.
MINUTES = frozenset({"morning_stiffness_min"})
#: Axis ends for minutes and their tick steps: the first end at or past the longest day.
MINUTE_AXES: tuple[tuple[int, int], ...] = (
    (10, 2), (20, 5), (30, 5), (60, 10), (90, 15), (120, 20), (180, 30), (240, 60),
    (360, 60), (480, 120), (720, 120), (1440, 240),
)  # fmt: skip


@dataclass(frozen=True)
class Axis:
    high: float
    ticks: tuple[int, ...]
    title: str  # what is plotted, with its scale: "Evening pain, 0 to 10"


def outcome_axis(outcome_id: str, label: str, values: Sequence[float]) -> Axis:
    """The axis for ``label``: 0 to 10 for a rating, minutes up to the longest day."""
    if outcome_id not in MINUTES:
        return Axis(SCALE_MAX, (0, 2, 4, 6, 8, 10), f"{label.capitalize()}, 0 to 10")
    longest = max(values, default=0.0)
    high, step = next(((h, s) for h, s in MINUTE_AXES if h >= longest), MINUTE_AXES[-1])
    name = label.removesuffix(" (minutes)").capitalize()
    return Axis(float(high), tuple(range(0, high + 1, step)), f"{name}, in minutes")


def _x(value: float, high: float = SCALE_MAX) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * min(max(value, 0.0), high) / high


def _row(
    rows: Sequence[ScheduleRow], arm: str, name: str, top: float, kind: str, high: float
) -> str:
    values = [row.outcome for row in rows if row.arm == arm and row.outcome is not None]
    middle = top + ROW / 2 + 6
    parts = [
        f'<text class="chart-label exp-name" x="{LEFT}" y="{top + 14:.0f}">{escape(name)}</text>'
    ]
    for index, value in enumerate(values):
        jitter = (index % 3 - 1) * 5  # keeps equal days from hiding behind each other
        parts.append(
            f'<circle class="exp-dot exp-{kind}" cx="{_x(value, high):.1f}" '
            f'cy="{middle + jitter:.1f}" r="4"/>'
        )
    if values:
        mean = sum(values) / len(values)
        x = _x(mean, high)
        parts.append(
            f'<line class="exp-mean exp-{kind}" x1="{x:.1f}" x2="{x:.1f}" '
            f'y1="{middle - 14:.1f}" y2="{middle + 14:.1f}"/>'
        )
    return "".join(parts)


def _axis(top: float, axis: Axis) -> str:
    ticks = []
    for tick in axis.ticks:
        x = _x(tick, axis.high)
        anchor = "start" if tick == 0 else "end" if tick == axis.ticks[-1] else "middle"
        ticks.append(
            f'<line class="chart-grid" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{top}"/>'
            f'<text class="chart-label" x="{x:.1f}" y="{top + 18:.0f}" '
            f'text-anchor="{anchor}">{tick}</text>'
        )
    middle = LEFT + (WIDTH - LEFT - RIGHT) / 2
    ticks.append(
        f'<text class="chart-label exp-axis-title" x="{middle:.0f}" y="{top + 42:.0f}" '
        f'text-anchor="middle">{escape(axis.title)}</text>'
    )
    return "".join(ticks)


def experiment_chart(status: ExperimentStatus) -> SafeString:
    """The dot chart of the days logged so far; empty when nothing is logged."""
    rows = status.rows
    if not any(row.outcome is not None for row in rows):
        return mark_safe("")
    name_a, name_b = status.names
    height = TOP + 2 * ROW + AXIS
    axis_top = TOP + 2 * ROW
    label = status.outcome.label
    values = [row.outcome for row in rows if row.outcome is not None]
    axis = outcome_axis(status.outcome.id, label, values)
    opening = format_html(
        '<svg class="chart exp-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="exp-title exp-desc" focusable="false">'
        '<title id="exp-title">{} on the days of each option</title>'
        '<desc id="exp-desc">Across: {}, lower is better. One dot per day logged; a bar '
        "marks each option's average. The table lists the figures.</desc>",
        WIDTH,
        height,
        label.capitalize(),
        axis.title[0].lower() + axis.title[1:],
    )
    high = axis.high
    body = (
        f'<g aria-hidden="true">{_axis(axis_top, axis)}'
        f"{_row(rows, 'a', name_a, TOP, 'a', high)}{_row(rows, 'b', name_b, TOP + ROW, 'b', high)}"
        "</g></svg>"
    )
    return mark_safe(opening + body)  # numbers formatted here; names pass through escape()
