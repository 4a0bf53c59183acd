"""Small, accessible line charts drawn on the server as inline SVG.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` naming what it shows;
the page puts a table of the same values next to it, so nothing depends on seeing the
drawing. Each day is a dot; the line is the 7-day average, which shows the trend through
day-to-day ups and downs, and breaks where too few days have an entry. Flares are shaded,
the plan's start is a dashed line and questionnaire days are ticks along the top. When the
person started inside the period (``ChartMarks.since``), the time axis starts on their first
day, so a short history spreads over the chart's width: "since 24 Nov" in the title.
Colours and text sizes come from the stylesheet (CSP forbids inline styles).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from backcare.domain.insights import DayValue, MetricSeries
from backcare.progress.dashboard import ChartMarks

# A narrow drawing, so that its text stays readable when a phone scales it down.
WIDTH, HEIGHT = 360, 190
LEFT, RIGHT, TOP, BOTTOM = 38, 10, 14, 26
TREND_DAYS, TREND_MIN_VALUES = 7, 3
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


def rolling_mean(
    points: Sequence[DayValue], days: int = TREND_DAYS, least: int = TREND_MIN_VALUES
) -> list[float | None]:
    """The mean of each day and the ``days - 1`` before it; None with fewer than ``least``."""
    means: list[float | None] = []
    for index in range(len(points)):
        recent = [p.value for p in points[max(0, index - days + 1) : index + 1]]
        present = [value for value in recent if value is not None]
        means.append(sum(present) / len(present) if len(present) >= least else None)
    return means


def shown_points(points: Sequence[DayValue], since: date | None) -> Sequence[DayValue]:
    """The days the time axis covers: from ``since`` when it falls inside the period, else all.
    The days cut off have no value (``ChartMarks.since`` is the first day anything is drawn)."""
    if since is None or not points or since <= points[0].day:
        return points
    return points[min((since - points[0].day).days, len(points) - 1) :]


def axis_label(period_label: str, points: Sequence[DayValue], marks: ChartMarks | None) -> str:
    """What the time axis covers, for the chart's title: "last 3 months", "since 24 Nov"."""
    shown = shown_points(points, marks.since if marks else None)
    if shown and len(shown) < len(points):
        return f"since {shown[0].day:%-d %b}"
    return period_label


def line_chart(
    series: MetricSeries, chart_id: str, period_label: str, marks: ChartMarks | None = None
) -> SafeString:
    """The SVG for one metric; ``chart_id`` must be unique on the page."""
    spec = spec_for(series.metric)
    marks = marks or ChartMarks()
    points = shown_points(series.points, marks.since)
    # The 7-day average of the whole period, then cut like the days: the same line either way.
    means = rolling_mean(series.points)[len(series.points) - len(points) :]
    top = y_scale_max(spec, points)
    label = axis_label(period_label, series.points, marks)
    shown = replace(series, points=tuple(points))
    parts = [_open(shown, spec, chart_id, label, marks), _flares(points, marks)]
    parts.append(_grid(top, spec))
    parts.append(_plan_start(points, marks))
    parts.append(_questionnaires(points, marks))
    parts.append(_dots(points, top))
    parts.append(_trend(means, top))
    parts.append(_x_labels(points))
    parts.append("</svg>")
    # Safe: numbers are formatted here and every text passes through escape/format_html.
    return mark_safe("".join(parts))


def describe(
    series: MetricSeries, spec: ChartSpec, period_label: str, marks: ChartMarks | None = None
) -> str:
    days = len(series.points)
    if series.mean is None:
        return f"No entries {_span(period_label)}."
    mean = f"{series.mean:,.{spec.decimals}f}"
    text = (
        f"One dot per day and a line for the 7-day average, scale {spec.unit}. "
        f"{series.days_with_data} of {days} days have an entry, averaging {mean}."
    )
    if marks and marks.flares:
        text += f" {len(marks.flares)} flare{'s' if len(marks.flares) > 1 else ''} shaded."
    if marks and marks.plan_start:
        text += f" Your plan started on {marks.plan_start:%d %B}."
    return text + " The table below lists every day."


def _span(label: str) -> str:
    """ "in the last 3 months", "since 24 Nov"."""
    return label if label.startswith("since ") else f"in the {label}"


def _open(
    series: MetricSeries, spec: ChartSpec, chart_id: str, period_label: str, marks: ChartMarks
) -> str:
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
        describe(series, spec, period_label, marks),
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
        label = _tick_label(tick)
        lines.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
            f'y2="{y:.1f}"/><text class="chart-label" x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    return f'<g aria-hidden="true">{"".join(lines)}</g>'


def _tick_label(tick: float) -> str:
    """Short axis numbers: 10, 2.5, 8k, 12.5k."""
    if tick >= 1000:
        return f"{tick / 1000:.0f}k" if tick % 1000 == 0 else f"{tick / 1000:.1f}k"
    return f"{tick:.0f}" if tick == int(tick) else f"{tick:.1f}"


def _dots(points: Sequence[DayValue], top: float) -> str:
    count = len(points)
    dots = (
        f'<circle class="chart-dot" cx="{_x(i, count):.1f}" cy="{_y(p.value, top):.1f}" r="2"/>'
        for i, p in enumerate(points)
        if p.value is not None
    )
    return f'<g aria-hidden="true">{"".join(dots)}</g>'


def _trend(means: Sequence[float | None], top: float) -> str:
    """The 7-day average as one path per run of days that have it."""
    count = len(means)
    runs: list[list[str]] = [[]]
    for index, mean in enumerate(means):
        if mean is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(f"{_x(index, count):.1f},{_y(mean, top):.1f}")
    lines = (f'<polyline class="chart-line" points="{" ".join(run)}"/>' for run in runs if run)
    return f'<g aria-hidden="true">{"".join(lines)}</g>'


def _day_x(points: Sequence[DayValue], day: date) -> float | None:
    if not points or not points[0].day <= day <= points[-1].day:
        return None
    return _x((day - points[0].day).days, len(points))


def _flares(points: Sequence[DayValue], marks: ChartMarks) -> str:
    half = PLOT_W / max(len(points) - 1, 1) / 2
    shapes = []
    for first, last in marks.flares:
        if points:  # a flare running when the axis starts is shaded from its first day
            first, last = max(first, points[0].day), min(last, points[-1].day)
        x0, x1 = _day_x(points, first), _day_x(points, last)
        if x0 is None or x1 is None:
            continue
        x0, x1 = max(LEFT, x0 - half), min(WIDTH - RIGHT, x1 + half)
        shapes.append(
            f'<rect class="chart-flare" x="{x0:.1f}" y="{TOP}" width="{x1 - x0:.1f}" '
            f'height="{PLOT_H}"/>'
        )
    return f'<g aria-hidden="true">{"".join(shapes)}</g>'


def _plan_start(points: Sequence[DayValue], marks: ChartMarks) -> str:
    x = _day_x(points, marks.plan_start) if marks.plan_start else None
    if x is None:
        return ""
    anchor = "end" if x > WIDTH / 2 else "start"
    shift = -3 if anchor == "end" else 3
    return (
        f'<g aria-hidden="true"><line class="chart-plan" x1="{x:.1f}" x2="{x:.1f}" '
        f'y1="{TOP}" y2="{TOP + PLOT_H}"/><text class="chart-label chart-plan-label" '
        f'x="{x + shift:.1f}" y="{TOP + 12}" text-anchor="{anchor}">plan</text></g>'
    )


def _questionnaires(points: Sequence[DayValue], marks: ChartMarks) -> str:
    ticks = []
    for day, _title in marks.questionnaires:
        x = _day_x(points, day)
        if x is not None:
            ticks.append(f'<path class="chart-q" d="M{x - 4:.1f},2 h8 l-4,7 z"/>')
    return f'<g aria-hidden="true">{"".join(ticks)}</g>'


def _x_labels(points: Sequence[DayValue]) -> str:
    if not points:
        return ""
    y, count = HEIGHT - 6, len(points)
    if count == 1:  # one day, drawn in the middle
        return (
            f'<g aria-hidden="true"><text class="chart-label" x="{_x(0, 1):.1f}" y="{y}" '
            f'text-anchor="middle">{points[0].day:%-d %b}</text></g>'
        )
    labels = [f'<text class="chart-label" x="{LEFT}" y="{y}">{points[0].day:%-d %b}</text>']
    if count >= 5:  # the middle day only where it has room between the ends
        middle = points[count // 2].day
        labels.append(
            f'<text class="chart-label" x="{_x(count // 2, count):.1f}" y="{y}" '
            f'text-anchor="middle">{middle:%-d %b}</text>'
        )
    labels.append(
        f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{y}" text-anchor="end">'
        f"{points[-1].day:%-d %b}</text>"
    )
    return f'<g aria-hidden="true">{"".join(labels)}</g>'


@dataclass(frozen=True)
class ChartBlock:
    """One chart and the rows of its table alternative, ready for the template."""

    metric: str
    title: str
    unit: str
    svg: SafeString
    rows: SafeString  # <tr>s of the table alternative, newest day first
    days_with_data: int
    days: int  # on the time axis: the period's, or those since the person started
    mean: str
    since: date | None = None  # the axis starts on the person's first day, inside the period


@lru_cache(maxsize=2048)
def _day_label(day: date) -> str:
    """ "05 Mar 2026": every table of a page lists the same days, and strftime is slow."""
    return f"{day:%d %b %Y}"


def table_rows(points: Sequence[DayValue], decimals: int) -> SafeString:
    """The ``<tr>``s of a table alternative, newest day first.

    Built as one string rather than in a template loop or with ``format_html`` per row: a
    year is 365 rows per chart, and the cells hold only dates and numbers formatted here.
    """
    cells = (
        (
            _day_label(point.day),
            "no entry" if point.value is None else f"{point.value:,.{decimals}f}",
        )
        for point in reversed(points)
    )
    return mark_safe(
        "".join(f'<tr><th scope="row">{day}</th><td>{value}</td></tr>' for day, value in cells)
    )


def chart_blocks(
    series: Sequence[MetricSeries], period_label: str, marks: ChartMarks | None = None
) -> tuple[ChartBlock, ...]:
    blocks = []
    for item in series:
        spec = spec_for(item.metric)
        points = shown_points(item.points, marks.since if marks else None)
        rows = table_rows(points, spec.decimals)
        mean = "" if item.mean is None else f"{item.mean:,.{spec.decimals}f}"
        chart_id = f"chart-{item.metric.replace('_', '-')}"
        blocks.append(
            ChartBlock(
                item.metric,
                spec.title,
                spec.unit,
                line_chart(item, chart_id, period_label, marks),
                rows,
                item.days_with_data,
                len(points),
                mean,
                points[0].day if points and len(points) < len(item.points) else None,
            )
        )
    return tuple(blocks)
