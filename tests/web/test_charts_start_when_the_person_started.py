"""A person who started inside the period sees their days spread over the chart, from their
first day ("since 24 Nov, when you started"), not squashed against the right edge of three
months; someone who paused keeps the whole period, gap and all."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from backcare.diary.models import CheckIn, SpasmEpisode
from backcare.domain.insights import DayValue, MetricSeries
from backcare.progress.charts import LEFT, RIGHT, WIDTH, line_chart, rolling_mean, shown_points
from backcare.progress.dashboard import ChartMarks, build_dashboard

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
FIRST = date(2026, 11, 24)  # 12 days of check-ins, 24 Nov to 5 Dec


@pytest.fixture(autouse=True)
def _frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def twelve_days(person) -> None:  # type: ignore[no-untyped-def]
    for offset in range(12):
        CheckIn.objects.create(user=person, day=FIRST + timedelta(offset), pain=3 + offset % 4)


def svg_of(html: str, metric: str) -> str:
    return html.split(f'<svg class="chart chart-{metric}"')[1].split("</svg>")[0]


def xs(svg: str, shape: str, attribute: str) -> list[float]:
    return [float(x) for x in re.findall(rf'<{shape} class="[^"]*" {attribute}="([\d.]+)"', svg)]


def test_the_progress_page_starts_the_axis_on_the_first_check_in(ana, ana_client):
    twelve_days(ana)
    html = ana_client.get("/dashboard/").content.decode()
    caption = html.split('id="pain-caption">')[1].split("</figcaption>")[0]
    assert "since 24 Nov, when you started" in caption
    assert "(12 of 12 days logged)" in caption  # not "12 of 91"
    heading = html.split('id="charts-heading">')[1].split("</h2>")[0]
    assert heading == "Day by day, since 24 Nov, when you started"  # not "last 3 months"
    svg = svg_of(html, "pain")
    assert "<title" in svg
    assert "Pain, since 24 Nov</title>" in svg
    dots = xs(svg, "circle", "cx")
    assert (dots[0], dots[-1]) == (LEFT, WIDTH - RIGHT)  # the days fill the width
    table = html.split("Pain per day, newest first")[1].split("</table>")[0]
    assert table.count("<tr>") == 12 + 1
    assert "no entry" not in table


def test_someone_who_paused_keeps_the_whole_period(ana, ana_client):
    twelve_days(ana)
    CheckIn.objects.create(user=ana, day=date(2026, 6, 1), pain=5)  # before the 3 months
    html = ana_client.get("/dashboard/").content.decode()
    caption = html.split('id="pain-caption">')[1].split("</figcaption>")[0]
    assert "over the last 3 months" in caption
    assert "when you started" not in caption
    assert 'id="charts-heading">Day by day, last 3 months</h2>' in html
    assert "Pain, last 3 months</title>" in svg_of(html, "pain")


def test_the_average_line_and_the_flare_band_stay_on_their_days(ana):
    twelve_days(ana)
    SpasmEpisode.objects.create(
        user=ana,
        started_at=datetime(2026, 11, 28, 9, tzinfo=UTC),
        ended_at=datetime(2026, 11, 30, 9, tzinfo=UTC),
    )
    dash = build_dashboard(ana, "3m", date(2026, 12, 5))
    assert dash.marks.since == FIRST
    pain = dash.window.get("pain")
    svg = str(line_chart(pain, "c", "last 3 months", dash.marks))
    step = (WIDTH - RIGHT - LEFT) / 11
    line = [
        tuple(map(float, p.split(","))) for p in re.findall(r'points="([^"]+)"', svg)[0].split()
    ]
    means = [m for m in rolling_mean(pain.points) if m is not None]
    assert len(line) == len(means) == 10  # from the third day on
    assert line[0][0] == pytest.approx(LEFT + 2 * step, abs=0.1)  # 26 Nov, the third day
    band = re.search(r'<rect class="chart-flare" x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    assert band is not None
    x0, width = float(band[1]), float(band[2])
    assert x0 == pytest.approx(LEFT + 4 * step - step / 2, abs=0.1)  # 28 Nov
    assert x0 + width == pytest.approx(LEFT + 6 * step + step / 2, abs=0.1)  # 30 Nov


def test_a_flare_running_when_the_axis_starts_is_shaded_from_the_start():
    days = [DayValue(date(2026, 12, 1) + timedelta(i), 4.0) for i in range(5)]
    series = MetricSeries("pain", tuple(days), 5, 4.0)
    marks = ChartMarks(flares=((date(2026, 11, 20), date(2026, 12, 2)),), since=date(2026, 12, 2))
    assert shown_points(series.points, marks.since)[0].day == date(2026, 12, 2)
    svg = str(line_chart(series, "c", "last 3 months", marks))
    assert '<rect class="chart-flare" x="38.0"' in svg


def test_one_day_and_two_days_label_the_axis_without_overlap():
    for count in (1, 2):
        days = tuple(DayValue(date(2026, 12, 4) + timedelta(i), 4.0) for i in range(count))
        svg = str(line_chart(MetricSeries("pain", days, count, 4.0), "c", "last 2 weeks"))
        labels = re.findall(r">(\d+ Dec)</text>", svg)
        assert labels == [f"{4 + i} Dec" for i in range(count)]
