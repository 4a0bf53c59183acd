"""The dashboard in plain words first; charts with a trend line, flares and the plan's start."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backcare.diary.models import SpasmEpisode
from backcare.domain.insights import DayValue, MetricSeries
from backcare.plans.models import Plan
from backcare.progress.charts import line_chart, rolling_mean
from backcare.progress.dashboard import ChartMarks
from tests.progress_data import log_days, today_for

URL = reverse("progress:dashboard")


def _lead(page):
    return page.split('<p class="progress-lead">')[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("baseline", "now", "expected"),
    [
        (6, 3, "down from 6.0/10 in your first week to 3.0/10 over the last 7 days: a meaningful"),
        (
            4,
            6,
            "average pain is up from 4.0/10 in your first week to 6.0/10 over the last 7 days.",
        ),
        (
            6,
            5,
            "down from 6.0/10 in your first week to 5.0/10 over the last 7 days; not a meaningful",
        ),
        (5, 5, "Your average pain is about where it started: 5.0/10 in your first week and over"),
    ],
)
def test_the_page_leads_with_one_plain_sentence(ana_client, ana, baseline, now, expected):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=20), [baseline] * 14 + [now] * 7)
    page = ana_client.get(URL).content.decode()
    assert expected in _lead(page)
    assert page.index('class="progress-lead"') < page.index('id="charts-heading"')
    if now > baseline:
        assert "clinician" in _lead(page)


def test_a_newcomer_is_told_what_to_do_next(ana_client, ana):
    page = ana_client.get(URL).content.decode()
    assert "after about a week of check-ins" in _lead(page)
    assert f'href="{reverse("diary:today")}"' in page.split('id="charts-heading"')[0]


def test_the_figures_are_one_tap_away_not_printed_twice(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=20), [6] * 14 + [3] * 7)
    page = ana_client.get(URL).content.decode()
    details = page.split('<details class="figures-details">')[1].split("</details>")[0]
    assert "-3.0 points" in details
    assert page.count("-3.0 points") == 1


def test_charts_shade_flares_and_mark_the_plan_start(ana_client, ana):
    today = today_for(ana)
    log_days(ana, today - timedelta(days=20), [5] * 21)
    now = timezone.now()
    SpasmEpisode.objects.create(
        user=ana, started_at=now - timedelta(days=6), ended_at=now - timedelta(days=4)
    )
    Plan.objects.create(user=ana, status="full", body={}, created_at=now - timedelta(days=10))
    page = ana_client.get(URL, {"period": "2w"}).content.decode()
    pain = page.split('class="chart chart-pain"')[1].split("</svg>")[0]
    assert pain.count('class="chart-flare"') == 1
    assert 'class="chart-plan"' in pain
    assert "1 flare shaded" in pain
    assert "Your plan started on" in pain
    assert 'class="chart-line"' in pain
    assert pain.count('class="chart-dot"') == 14


def test_the_steps_axis_uses_short_numbers():
    days = [DayValue(date(2025, 1, 1) + timedelta(days=i), 6000.0 + i * 100) for i in range(10)]
    svg = line_chart(MetricSeries("steps", tuple(days), 10, 6450.0), "c", "last 2 weeks")
    labels = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert labels[:3] == ["0", "3.5k", "7k"]
    assert "0,000" not in svg


def test_the_trend_is_a_7_day_average_that_needs_3_values():
    values = [4, None, 6, None, None, 8, None, None, None, None, None]
    points = [DayValue(date(2025, 1, 1) + timedelta(days=i), v) for i, v in enumerate(values)]
    means = rolling_mean(points)
    assert means[:2] == [None, None]
    assert means[2] is None  # two values so far
    assert means[5] == pytest.approx(6.0)
    assert means[6] == pytest.approx(6.0)
    assert means[7] is None  # the first day has left the week: two values remain


def test_marks_outside_the_window_are_left_out():
    days = [DayValue(date(2025, 1, 10) + timedelta(days=i), 5.0) for i in range(5)]
    marks = ChartMarks(
        flares=((date(2024, 12, 1), date(2024, 12, 3)),), plan_start=date(2025, 2, 1)
    )
    svg = line_chart(MetricSeries("pain", tuple(days), 5, 5.0), "c", "last 2 weeks", marks)
    assert "chart-flare" not in svg
    assert "chart-plan" not in svg
