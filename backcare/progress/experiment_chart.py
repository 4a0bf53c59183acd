"""A self-experiment's result as a picture: each day's outcome as a dot, one row per option.

The average of each option is a bar across its dots, so the gap between the two options is
seen at a glance. The outcome scale is 0 to 10 (lower is better). The page keeps the
numbers beside it, so nothing depends on seeing the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from backcare.progress.experiments import ExperimentStatus, ScheduleRow

WIDTH, ROW, LEFT, RIGHT, TOP, AXIS = 360, 56, 12, 12, 8, 30
SCALE_MAX = 10.0


def _x(value: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * min(max(value, 0.0), SCALE_MAX) / SCALE_MAX


def _row(rows: Sequence[ScheduleRow], arm: str, name: str, top: float, kind: str) -> str:
    values = [row.outcome for row in rows if row.arm == arm and row.outcome is not None]
    middle = top + ROW / 2 + 6
    parts = [
        f'<text class="chart-label exp-name" x="{LEFT}" y="{top + 14:.0f}">{escape(name)}</text>'
    ]
    for index, value in enumerate(values):
        jitter = (index % 3 - 1) * 5  # keeps equal days from hiding behind each other
        parts.append(
            f'<circle class="exp-dot exp-{kind}" cx="{_x(value):.1f}" '
            f'cy="{middle + jitter:.1f}" r="4"/>'
        )
    if values:
        mean = sum(values) / len(values)
        x = _x(mean)
        parts.append(
            f'<line class="exp-mean exp-{kind}" x1="{x:.1f}" x2="{x:.1f}" '
            f'y1="{middle - 14:.1f}" y2="{middle + 14:.1f}"/>'
        )
    return "".join(parts)


def _axis(top: float) -> str:
    ticks = []
    for tick in (0, 2, 4, 6, 8, 10):
        x = _x(tick)
        anchor = "start" if tick == 0 else "end" if tick == 10 else "middle"
        ticks.append(
            f'<line class="chart-grid" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{top}"/>'
            f'<text class="chart-label" x="{x:.1f}" y="{top + 18:.0f}" '
            f'text-anchor="{anchor}">{tick}</text>'
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
    opening = format_html(
        '<svg class="chart exp-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="exp-title exp-desc" focusable="false">'
        '<title id="exp-title">{} on the days of each option</title>'
        '<desc id="exp-desc">One dot per day logged, on a scale from 0 to 10 (lower is '
        "better); a bar marks each option's average. The table lists the figures.</desc>",
        WIDTH,
        height,
        label.capitalize(),
    )
    body = (
        f'<g aria-hidden="true">{_axis(axis_top)}'
        f"{_row(rows, 'a', name_a, TOP, 'a')}{_row(rows, 'b', name_b, TOP + ROW, 'b')}</g></svg>"
    )
    return mark_safe(opening + body)  # numbers formatted here; names pass through escape()
