"""Small, accessible line charts drawn on the server as inline SVG.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` naming what it shows;
the page puts a table of the same values next to it, so nothing depends on seeing the
drawing. Days without an entry break the line rather than being joined across the gap.
Colours and text sizes come from the stylesheet (CSP forbids inline styles).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from backcare.domain.insights import DayValue, MetricSeries

WIDTH, HEIGHT = 480, 180
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 10, 26
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class ChartSpec:
    metric: str
    title: str  # "Pain"
    unit: str  # "0 to 10" or "hours"
    y_max: float | None  # None: scale to the data
    decimals: int = 1


SPECS: dict[str, ChartSpec] = {
    "pain": ChartSpec("pain", "Pain", "0 to 10", 10),
    "stiffness": ChartSpec("stiffness", "Stiffness", "0 to 10", 10),
    "stress": ChartSpec("stress", "Stress", "0 to 10", 10),
    "sleep_hours": ChartSpec("sleep_hours", "Sleep", "hours", 12),
    "steps": ChartSpec("steps", "Steps", "steps a day", None, decimals=0),
}


def spec_for(metric: str) -> ChartSpec:
    return SPECS.get(metric) or ChartSpec(metric, metric.replace("_", " ").capitalize(), "", None)


def y_scale_max(spec: ChartSpec, points: Sequence[DayValue]) -> float:
    """The top of the y axis: fixed for 0-10 scales, a round number above the data otherwise."""
    highest = max((p.value for p in points if p.value is not None), default=0.0)
    if spec.y_max is not None:
        return max(spec.y_max, float(math.ceil(highest)))
    if highest <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(highest))
    return float(math.ceil(highest / magnitude) * magnitude)


def line_chart(series: MetricSeries, chart_id: str, period_label: str) -> SafeString:
    """The SVG for one metric; ``chart_id`` must be unique on the page."""
    spec = spec_for(series.metric)
    points = series.points
    top = y_scale_max(spec, points)
    parts = [_open(series, spec, chart_id, period_label), _grid(top, spec)]
    parts.extend(_line(points, top))
    parts.append(_x_labels(points))
    parts.append("</svg>")
    # Safe: numbers are formatted here and every text passes through escape/format_html.
    return mark_safe("".join(parts))


def describe(series: MetricSeries, spec: ChartSpec, period_label: str) -> str:
    days = len(series.points)
    if series.mean is None:
        return f"No entries in the {period_label}."
    mean = f"{series.mean:,.{spec.decimals}f}"
    return (
        f"One point per day, scale {spec.unit}. {series.days_with_data} of {days} days have an "
        f"entry, averaging {mean}. The table below lists every day."
    )


def _open(series: MetricSeries, spec: ChartSpec, chart_id: str, period_label: str) -> str:
    return format_html(
        '<svg class="chart chart-{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}, {}</title><desc id="{}-desc">{}</desc>',
        series.metric,
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        spec.title,
        period_label,
        chart_id,
        describe(series, spec, period_label),
    )


def _y(value: float, top: float) -> float:
    return TOP + PLOT_H * (1 - value / top)


def _x(index: int, count: int) -> float:
    return LEFT + (PLOT_W * index / (count - 1) if count > 1 else PLOT_W / 2)


def _grid(top: float, spec: ChartSpec) -> str:
    ticks = (0.0, top / 2, top)
    lines = []
    for tick in ticks:
        y = _y(tick, top)
        label = f"{tick:,.0f}" if tick >= 10 or tick == int(tick) else f"{tick:.1f}"
        lines.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/><text class="chart-label" x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    return f'<g aria-hidden="true">{"".join(lines)}</g>'


def _line(points: Sequence[DayValue], top: float) -> list[str]:
    """One path per run of consecutive days with data; a lone day is drawn as a dot."""
    count = len(points)
    runs: list[list[tuple[float, float]]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((_x(index, count), _y(point.value, top)))
    shapes = []
    for run in runs:
        if len(run) == 1:
            x, y = run[0]
            shapes.append(f'<circle class="chart-dot" cx="{x:.1f}" cy="{y:.1f}" r="2.5"/>')
        elif run:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            shapes.append(f'<polyline class="chart-line" points="{path}"/>')
    return [f'<g aria-hidden="true">{"".join(shapes)}</g>']


def _x_labels(points: Sequence[DayValue]) -> str:
    if not points:
        return ""
    first, last = points[0].day, points[-1].day
    y = HEIGHT - 6
    return (
        f'<g aria-hidden="true"><text class="chart-label" x="{LEFT}" y="{y}">'
        f"{first:%d %b}</text>"
        f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{y}" text-anchor="end">'
        f"{last:%d %b %Y}</text></g>"
    )


@dataclass(frozen=True)
class ChartBlock:
    """One chart and the rows of its table alternative, ready for the template."""

    metric: str
    title: str
    unit: str
    svg: SafeString
    rows: SafeString  # <tr>s of the table alternative, newest day first
    days_with_data: int
    days: int
    mean: str


def table_rows(points: Sequence[DayValue], decimals: int) -> SafeString:
    """The ``<tr>``s of a table alternative, newest day first.

    Built as one string rather than in a template loop or with ``format_html`` per row: a
    year is 365 rows per chart, and the cells hold only dates and numbers formatted here.
    """
    cells = (
        (
            f"{point.day:%d %b %Y}",
            "no entry" if point.value is None else f"{point.value:,.{decimals}f}",
        )
        for point in reversed(points)
    )
    return mark_safe(
        "".join(f'<tr><th scope="row">{day}</th><td>{value}</td></tr>' for day, value in cells)
    )


def chart_blocks(series: Sequence[MetricSeries], period_label: str) -> tuple[ChartBlock, ...]:
    blocks = []
    for item in series:
        spec = spec_for(item.metric)
        rows = table_rows(item.points, spec.decimals)
        mean = "" if item.mean is None else f"{item.mean:,.{spec.decimals}f}"
        chart_id = f"chart-{item.metric.replace('_', '-')}"
        blocks.append(
            ChartBlock(
                item.metric,
                spec.title,
                spec.unit,
                line_chart(item, chart_id, period_label),
                rows,
                item.days_with_data,
                len(item.points),
                mean,
            )
        )
    return tuple(blocks)
