"""The self-experiment's chart says under its axis what is plotted and on what scale
("Evening pain, 0 to 10"), and its description says the same to a screen reader. Morning
stiffness, counted in minutes, gets an axis in minutes long enough for its longest day
(it was drawn on the 0-10 axis, every day of 10 minutes or more piled at the end)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse

from backcare.diary.models import Experiment
from backcare.domain.experiments import make_schedule
from tests.progress_data import log, today_for


def _experiment(user, outcome: str, values: dict[str, list[int]]) -> Experiment:  # type: ignore[no-untyped-def]
    days = sum(len(v) for v in values.values())
    start = today_for(user) - timedelta(days=days)
    experiment = Experiment.objects.create(
        user=user,
        option_a="superficial-heat",
        option_b="cat-cow",
        start=start,
        days=days,
        seed=7,
        outcome=outcome,
    )
    left = {arm: list(v) for arm, v in values.items()}
    for entry in make_schedule("a", "b", days, 7, start=start):
        value = left[entry.arm].pop()
        if outcome == "morning_stiffness_min":
            log(user, entry.day, 3, morning_stiffness_min=value)
        else:
            log(user, entry.day, value)
    return experiment


def _svg(client, experiment: Experiment) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("progress:experiment", args=[experiment.pk])).content.decode()
    return page.split('<svg class="chart exp-chart"')[1].split("</svg>")[0]


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_the_axis_is_titled_with_what_is_plotted_and_its_scale(ana_client, ana):
    svg = _svg(ana_client, _experiment(ana, "evening_pain", {"a": [2, 3, 2, 3], "b": [6, 7, 6, 7]}))
    assert "Evening pain, 0 to 10" in _texts(svg)
    desc = re.search(r'<desc id="exp-desc">([^<]*)</desc>', svg)
    assert desc is not None
    assert desc.group(1).startswith("Across: evening pain, 0 to 10, lower is better.")


def test_an_average_of_the_day_outcome_names_itself_on_the_axis(ana_client, ana):
    svg = _svg(ana_client, _experiment(ana, "pain", {"a": [2, 3, 2, 3], "b": [6, 7, 6, 7]}))
    assert "Pain (average of the day), 0 to 10" in _texts(svg)


def test_morning_stiffness_is_drawn_in_minutes_up_to_its_longest_day(ana_client, ana):
    experiment = _experiment(
        ana, "morning_stiffness_min", {"a": [10, 20, 10, 20], "b": [40, 45, 40, 45]}
    )
    svg = _svg(ana_client, experiment)
    texts = _texts(svg)
    assert "Morning stiffness, in minutes" in texts
    assert [t for t in texts if t.isdigit()] == ["0", "10", "20", "30", "40", "50", "60"]
    means = dict(re.findall(r'class="exp-mean exp-(a|b)" x1="([\d.]+)"', svg))
    # averages 15 and 42.5 minutes on a 0-60 axis drawn from x=12 to x=348
    assert {arm: float(x) for arm, x in means.items()} == {"a": 96.0, "b": 250.0}
